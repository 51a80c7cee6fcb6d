/**
 * @arion-metrics/react — widgets (visx), zustand store and dashboard host for Arion Metrics.
 * Import the styles once: `import '@arion-metrics/react/styles.css'`.
 */
export * from './a11y/index';
export * from './theme/index';
export * from './widgets/index';
