/**
 * Bundle budget of the widgets (issue #5): each widget imported alone from the built
 * `@arion-metrics/react`, minified + gzip, React external, at most 35 kB. The map's world
 * geography is loaded lazily (`world-atlas`, `topojson-client`, `iso-3166`) and not counted.
 * `pnpm size` measures it; `pnpm check` runs it after `pnpm build`.
 */

/** Every widget the package exports. */
const WIDGETS = [
  'MetricCard',
  'Gauge',
  'LineChart',
  'BarChart',
  'PieChart',
  'MetricTable',
  'Heatmap',
  'ChoroplethMap',
  'TextWidget',
  'ImageWidget',
];

/** Provided by the application (React) or loaded on demand (the map's geography). */
const NOT_COUNTED = ['react', 'react-dom', 'react/jsx-runtime', 'world-atlas', 'topojson-client', 'iso-3166'];

/**
 * esbuild warns for each `import './chunk-….js'` it skips in a `"sideEffects": false` package
 * (outside node_modules, i.e. our own workspace packages). Skipping them is the tree-shaking this
 * budget relies on, so only errors are shown.
 */
const quiet = (config) => ({ ...config, logLevel: 'error' });

/** Budget of the React-free HTTP client: fetch, retries, problem+json, timestamp revival. */
const CLIENT = {
  name: '@arion-metrics/react/client',
  path: 'packages/react/dist/client/index.js',
  import: '{ createMetricsTransport, MetricsApiError }',
  gzip: true,
  limit: '4 kB',
  modifyEsbuildConfig: quiet,
};

const widgetBudgets = WIDGETS.map((widget) => ({
  name: `@arion-metrics/react ${widget}`,
  path: 'packages/react/dist/index.js',
  import: `{ ${widget} }`,
  ignore: NOT_COUNTED,
  gzip: true,
  limit: '35 kB',
  modifyEsbuildConfig: quiet,
}));

/**
 * Budget of the dashboard host: every widget (through the default registry, so `marked` and the
 * map's projection too), TanStack Query, zustand, core's time-range rules and the typed client.
 * React and the map's lazily loaded geography are not counted. Measured 98.3 kB when it was added
 * (60 kB was the first guess: the ten widgets alone weigh about 65 kB together).
 */
const HOST = {
  name: '@arion-metrics/react DashboardHost',
  path: 'packages/react/dist/index.js',
  import: '{ DashboardHost }',
  ignore: NOT_COUNTED,
  gzip: true,
  limit: '105 kB',
  modifyEsbuildConfig: quiet,
};

export default [...widgetBudgets, HOST, CLIENT];
