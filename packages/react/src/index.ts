/**
 * @arion-metrics/react — the widgets (visx) of Arion Metrics, their themes and accessibility helpers.
 * Import the styles once: `import '@arion-metrics/react/styles.css'`.
 */
export * from './a11y/index';
export * from './host/index';
export * from './theme/index';
export * from './widgets/index';
