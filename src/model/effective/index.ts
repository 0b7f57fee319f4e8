// Effective access: resolution (SPEC.md section 9) and the questions asked of its result.

export type * from './types.js';
export { accessCatalogFromOrg, resolveEffectiveAccess } from './resolve.js';
export type { EffectiveAccessSummary } from './query.js';
export {
  canEditField,
  canReadField,
  fieldActions,
  hasObjectAction,
  hasSystemPermission,
  objectActions,
  summarizeEffectiveAccess,
  systemPermissionVia,
} from './query.js';
