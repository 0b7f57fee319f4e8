// The live probe as a library (docs/adr/0006-probe.md): the CLI's `probe` command and `demo` call these.

export type * from './types.js';
export { probeClientCredentials, type ProbeOptions } from './run-probe.js';
export {
  checkInput,
  probeActionsOf,
  PROBE_LIMITS,
  ProbeInputError,
  readOnlyQuery,
} from './actions.js';
export { diagnose, findEntry, type DiagnoseInput } from './diagnose.js';
export {
  CAUSES,
  DIAGNOSES,
  type CauseDef,
  type DiagnosisEntry,
  type EntryCause,
  type Matcher,
} from './diagnoses/index.js';
export type { Evidence, EvidenceContext, ProbeContext } from './evidence.js';
export {
  factsFromSnapshot,
  isPreAuthorized,
  noFacts,
  type AppFacts,
  type AuditFacts,
  type FactsOptions,
  type FindingLike,
  type ProfileFacts,
  type ProfilePolicies,
  type UserFacts,
} from './facts.js';
export { renderDiagnosesDoc } from './diagnoses-doc.js';
