export { assertPrincipal, isUuid, type Principal } from './principal';
export {
  NotFoundError,
  PermissionDeniedError,
  renderValue,
  StoreError,
  StoreValidationError,
  translateDatabaseError,
  UniqueViolationError,
  VersionConflictError,
} from './store-errors';
