// Effective access: resolution (docs/salesforce-behaviour.md 3.20) and the questions asked of its result.

export type * from './types.js';
export { accessCatalogFromOrg, resolveEffectiveAccess } from './resolve.js';
export type { EffectiveAccessSummary } from './query.js';
export {
  canReadField,
  fieldActions,
  hasObjectAction,
  hasSystemPermission,
  objectActions,
  summarizeEffectiveAccess,
  systemPermissionVia,
} from './query.js';
