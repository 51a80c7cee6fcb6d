export {
  type CreateDatabaseOptions,
  createDatabase,
  type DatabaseEngine,
  databaseEngine,
} from './create-database';
export {
  bundledMigrationProvider,
  MIGRATION_LOCK_TABLE,
  MIGRATION_TABLE,
  MIGRATIONS,
  MigrationError,
  type MigrationReport,
  migrateDown,
  migrateToLatest,
} from './migrator';
export { PGliteDialect, type PGliteDialectConfig, type PGliteLike } from './pglite-dialect';
export { formatNumRange, type NumRange, parseNumRange, TYPE_OIDS, VALUE_PARSERS } from './value-types';
