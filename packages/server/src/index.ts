/**
 * @arion-metrics/server — everything that talks to PostgreSQL (or embedded PGlite) and the network.
 */

export { type CliOutput, main as runCli } from './cli';
export {
  type CatalogColumn,
  type CatalogConstraint,
  type CatalogIndex,
  type CatalogTable,
  readCatalog,
} from './db/catalog';
export * from './db/index';
export * from './directory/index';
export * from './http/index';
export * from './runtime/index';
export * from './store/index';
