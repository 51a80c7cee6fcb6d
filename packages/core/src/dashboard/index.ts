/**
 * What a dashboard and its widgets mean, as pure functions the server and the React host share:
 * time ranges resolved in the organization's zone.
 */
export { type ResolvedTimeRange, resolveTimeRange, type TimeRangeInput } from './resolve-time-range';
