// Shared by esm.mjs and cjs.cjs: a few exports each package must have, however it was loaded.
const EXPECTED = {
  core: ['summarize', 'calculateMetric', 'resolveTimeRange'],
  server: ['createDatabase', 'openStore'],
  react: ['MetricCard', 'Gauge'],
  reactClient: ['createMetricsTransport', 'MetricsApiError'],
};

/** Throws when one of the expected exports is missing; returns a one-line summary. */
module.exports = function checkExports(how, loaded) {
  for (const [name, exports] of Object.entries(EXPECTED)) {
    for (const e of exports)
      if (typeof loaded[name][e] !== 'function') throw new Error(`${how} ${name}: ${e} is missing`);
  }
  return `${how}: ${Object.keys(EXPECTED)
    .map((n) => `${n} (${Object.keys(loaded[n]).length} exports)`)
    .join(', ')}`;
};
