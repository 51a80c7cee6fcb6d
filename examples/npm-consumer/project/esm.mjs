// Loads each package through `import` and checks a few of its exports.
import * as core from '@arion-metrics/core';
import * as react from '@arion-metrics/react';
import * as server from '@arion-metrics/server';

const expected = {
  core: ['summarize', 'calculateMetric'],
  server: ['createDatabase', 'openStore'],
  react: ['MetricCard', 'Gauge'],
};
const loaded = { core, server, react };
for (const [name, exports] of Object.entries(expected)) {
  for (const e of exports)
    if (typeof loaded[name][e] !== 'function') throw new Error(`ESM ${name}: ${e} is missing`);
}
console.log(
  `ESM: ${Object.keys(expected)
    .map((n) => `${n} (${Object.keys(loaded[n]).length} exports)`)
    .join(', ')}`,
);
