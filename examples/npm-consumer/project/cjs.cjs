// Loads each package through `require` and checks a few of its exports.
const core = require('@arion-metrics/core');
const server = require('@arion-metrics/server');
const react = require('@arion-metrics/react');

const expected = {
  core: ['summarize', 'calculateMetric'],
  server: ['createDatabase', 'openStore'],
  react: ['MetricCard', 'Gauge'],
};
const loaded = { core, server, react };
for (const [name, exports] of Object.entries(expected)) {
  for (const e of exports)
    if (typeof loaded[name][e] !== 'function') throw new Error(`CJS ${name}: ${e} is missing`);
}
console.log(
  `CJS: ${Object.keys(expected)
    .map((n) => `${n} (${Object.keys(loaded[n]).length} exports)`)
    .join(', ')}`,
);
