// The public library API: re-exports only.
export {
  runAudit,
  type AuditOutcome,
  type AuditRequest,
  type SnapshotSource,
} from './audit/run-audit.js';
export { auditWithProbes, probeAuditIntegrations } from './audit/probe-audit.js';
export { evaluate } from './analyze/engine.js';
export { assembleReport, exitCodeOf } from './analyze/outcome.js';
export { RULES, findRule } from './analyze/rules/index.js';
export { defineRule } from './analyze/define-rule.js';
export { applyWaivers } from './analyze/waivers.js';
export {
  collectLive,
  readSnapshot,
  resolveLiveSource,
  writeSnapshot,
  CATALOG,
} from './collect/index.js';
export { collectProject } from './collect/offline/collect-project.js';
export { renderDoctor, runDoctor, type DoctorReport } from './doctor/index.js';
export { loadOrgFixture } from './fixture/index.js';
export { loadManifest, parseManifest } from './manifest/load.js';
export { resolveEffectiveAccess } from './model/effective/resolve.js';
export { AuditReportSchema } from './model/finding.js';
export { probeClientCredentials, diagnose, factsFromSnapshot } from './probe/index.js';
export { renderReport, reporters } from './report/index.js';
export type * from './model/org.js';
export type * from './model/permissions.js';
export type * from './model/effective/types.js';
export type * from './model/finding.js';
export type { OrgSnapshot, Facet, LedgerEntry, Ledger, SnapshotUser } from './model/snapshot.js';
export * from './emulator/index.js';
export { VERSION } from './version.js';
// The standalone CLI's commands, for the Salesforce CLI plugin (plugin/, docs/adr/0024-sf-plugin.md):
// `sf runas …` runs the same code with the same flags, so their meaning cannot drift apart.
export { runAuditCommand, type AuditFlags } from './cli/commands/audit.js';
export { runProbeCommand, type ProbeFlags, type ProbeIo } from './cli/commands/probe.js';
export { runPreflightCommand, type PreflightFlags } from './cli/commands/preflight.js';
export { runDoctorCommand, type DoctorFlags } from './cli/commands/doctor.js';
export { CliError, EXIT } from './cli/errors.js';
