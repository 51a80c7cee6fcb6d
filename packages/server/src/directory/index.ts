export {
  DirectoryDepartment,
  type DirectoryDepartmentInput,
  DirectoryMembers,
  type DirectoryMembersInput,
  DirectoryOrganization,
  DirectoryRole,
  type DirectoryRoleInput,
  DirectoryUser,
  type DirectoryUserInput,
  ExternalId,
} from './directory-schemas';
export { principalFor } from './principal-for';
export {
  type OrganizationInput,
  type ProvisionResult,
  provisionMembers,
  provisionOrganization,
} from './provision-organization';
