// One owner for each Salesforce rule of behaviour the tool relies on. The emulator, the collector's
// normalisers, the rules and the probe call these; none of them decides these questions itself.

export { instantOf, isAssignmentActive } from './assignment.js';
export type { FieldRights, ObjectRights } from './describe-rights.js';
export {
  canReadObject,
  DERIVED_FIELDS,
  fieldRights,
  objectRights,
  readOnlyReason,
  SYSTEM_FIELDS,
} from './describe-rights.js';
export { ipAllowedByRanges, ipInRange, ipv4ToNumber } from './ip-range.js';
export type { IpRelaxationKind } from './ip-relaxation.js';
export { IP_RELAXATION, ipRelaxationOf, relaxesIpRestrictions } from './ip-relaxation.js';
export type { LicenceEntry, LicenceFitness } from './licence.js';
export { licenceEntry, licenceFitness, RUN_AS_LICENCES } from './licence.js';
export type { LoginHoursCheck } from './login-hours.js';
export { checkLoginHours, loginWindow } from './login-hours.js';
export type {
  AssignmentOfUser,
  GroupMembers,
  HeldPermissionSet,
  PreAuthorization,
  PreAuthorizingApp,
} from './pre-authorization.js';
export {
  heldPermissionSets,
  preAuthorization,
  requiresPreAuthorization,
} from './pre-authorization.js';
export type { SnapshotUserAccess } from './user-access.js';
export {
  accessCatalogFromSnapshot,
  assignmentsOf,
  profileNamed,
  profileOf,
  snapshotUserAccess,
} from './user-access.js';
export { accessCatalogFromOrg } from '../effective/resolve.js';
export { timeoutMinutesOf, WEEKDAYS } from './vocabulary.js';
