// `runas-guard suggest` as a library (docs/suggest.md): the plan, its files and its report.

export {
  defaultSetName,
  INTEGRATION_PSL_LABEL,
  INTEGRATION_PSL_NAME,
  suggest,
  SuggestError,
} from './plan.js';
export type { BeyondGrant, Step, SuggestInput, Suggestion } from './plan.js';
export { permissionSetFile, policyFile, policyPathOf } from './files.js';
export type { PolicySource, SuggestedFile } from './files.js';
export { findPolicySource } from './project-policy.js';
export { renderSuggestJson, renderSuggestText } from './render.js';
export type { SuggestReport } from './render.js';
