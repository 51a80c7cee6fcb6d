export {
  AGGREGATES,
  type AggregationFilter,
  type AggregationSpec,
  aggregationSource,
  compileAggregation,
  FILTER_OPERATORS,
} from './aggregation-source';
export { type AlertRunOutcome, decodeAlertState, evaluateMetricAlerts } from './alert-evaluation';
export {
  type ExternalProvider,
  type ExternalSourceOptions,
  externalSource,
  observeOutcome,
  type ProviderContext,
  type SourceOutcome,
} from './external-source';
export {
  type InProcessJobQueue,
  inProcessJobQueue,
  type Job,
  type JobOutcome,
  type JobQueue,
  type SendOptions,
  type WorkOptions,
} from './job-queue';
export { observationsFromRows } from './result-shape';
export {
  type BackfillOptions,
  type BackfillProgress,
  createRunner,
  type MetricOutcome,
  type RunDueOptions,
  type Runner,
  type RunnerOptions,
  type RunnerSources,
  type RunResult,
} from './runner';
export { type BackfillJob, queueBackfill, RUNTIME_JOBS, registerRuntimeJobs } from './runtime-jobs';
export { SERVICE_USER_EMAIL, servicePrincipal } from './service-principal';
export {
  type CheckedRelation,
  type RelationRegistry,
  registerRelations,
  type SourceRelation,
} from './source-relations';
export type { ObservedValue, SourceMetric, SourcePeriod, SourceRequest } from './source-types';
export {
  loadSqlParser,
  type PreparedSqlFormula,
  prepareSqlFormula,
  SQL_FORMULA_FUNCTIONS,
  SQL_FORMULA_MAX_DEPTH,
  SQL_FORMULA_MAX_LENGTH,
  SQL_FORMULA_PARAMETERS,
  SQL_FORMULA_TYPES,
  SqlFormulaError,
} from './sql-formula';
export {
  checkSourceRelations,
  SANDBOX_ORGANIZATION_SETTING,
  type SqlSandboxSetup,
  setupSqlSandbox,
} from './sql-sandbox';
export {
  type ObservationSource,
  type SandboxClient,
  type SandboxPool,
  type SqlSourceOptions,
  sqlSource,
} from './sql-source';
export {
  type DeliveryOutcome,
  deliverWebhooks,
  type WebhookDeliveryOptions,
  webhookSignature,
} from './webhook-delivery';
