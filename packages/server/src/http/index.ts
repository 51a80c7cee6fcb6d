export {
  createMetricsHandler,
  type MetricsCorsOptions,
  type MetricsHandler,
  type MetricsHandlerOptions,
} from './create-metrics-handler';
export {
  type DashboardDataReader,
  loadDashboardData,
  type WidgetData,
  type WidgetReadResult,
} from './dashboard-data';
export {
  EMBED_TOKEN_TYPE,
  type EmbedCryptoKey,
  type EmbedJwk,
  type EmbedKey,
  type EmbedOptions,
  EmbedTokenError,
  type LockedFilterClaims,
  MAX_EMBED_TOKEN_SECONDS,
  type SignEmbedTokenOptions,
  signEmbedToken,
  type VerifiedEmbedToken,
  verifyEmbedToken,
} from './embed-token';
export { PROBLEM_JSON, type Problem, problemFromError } from './problem';
