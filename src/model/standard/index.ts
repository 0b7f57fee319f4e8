// Salesforce's standard data, as code: licences, profiles, system permissions, objects and fields.

export type { PermissionSetLicenceDef, UserLicenceDef } from './licences.js';
export { STANDARD_LICENCES, STANDARD_PERMISSION_SET_LICENCES } from './licences.js';
export { STANDARD_PROFILES } from './profiles.js';
export type { SystemPermissionDef, SystemPermissionRisk } from './system-permissions.js';
export { SYSTEM_PERMISSIONS } from './system-permissions.js';
export { objectApiNamesWithCrud, standardSchema } from './standard-schema.js';
