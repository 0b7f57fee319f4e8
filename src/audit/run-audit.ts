// The audit pipeline (ScubaGear's three stages in one call): collect (or replay) a snapshot,
// evaluate the rules, apply waivers, assemble the report. The CLI renders it and maps the exit code.

import { assembleReport, exitCodeOf } from '../analyze/outcome.js';
import { evaluate } from '../analyze/engine.js';
import { RULES } from '../analyze/rules/index.js';
import { applyWaivers } from '../analyze/waivers.js';
import { collectLive } from '../collect/live/collect-live.js';
import type { HistorySince } from '../collect/live/collect-live.js';
import type { LiveSource } from '../collect/live/connect.js';
import { collectProject } from '../collect/offline/collect-project.js';
import { mergeProjectWithLive } from '../collect/offline/merge-live.js';
import { readSnapshot, writeSnapshot } from '../collect/snapshot-file.js';
import type { LoadedManifest } from '../manifest/load.js';
import { matchesRunAs } from '../manifest/sandbox.js';
import type { AuditReport, Severity } from '../model/finding.js';
import type { OrgSnapshot } from '../model/snapshot.js';
import { withCoverage } from '../report/frameworks.js';
import { resolveRunSettings } from '../analyze/settings.js';
import type { RunSettings } from '../analyze/settings.js';
import { markSilentlyPartial } from './silent-partial.js';
import { Deadline, Transport } from '../transport/http.js';
import type { TransportLimits } from '../transport/http.js';
import { VERSION } from '../version.js';

export const TOOL = { name: 'runas-guard', version: VERSION } as const;

export type SnapshotSource =
  | { kind: 'live'; source: LiveSource }
  | { kind: 'snapshot'; file: string }
  /** `--project DIR`: the SFDX project's configuration; user state is not-evaluated by mode. */
  | { kind: 'project'; dir: string }
  /** `--project DIR` with a live source: configuration from the project, user state from the org. */
  | { kind: 'project+live'; dir: string; source: LiveSource }
  | { kind: 'given'; snapshot: OrgSnapshot };

export interface AuditRequest {
  source: SnapshotSource;
  manifest?: LoadedManifest | undefined;
  /** `--now`: evaluation time; default the collection's clock (`collectedAt`). */
  now?: string | undefined;
  /** `--sandbox-suffix`. */
  sandboxSuffix?: string | undefined;
  /** `--save-snapshot FILE`. */
  saveSnapshot?: string | undefined;
  failOn?: Severity | undefined;
  allowIncomplete?: boolean | undefined;
  /** When the report is generated (machine time is fine: it is not an evaluation input). */
  generatedAt?: string | undefined;
  /** `--max-requests`: live collection sends at most this many API requests. */
  maxRequests?: number | undefined;
  /** `--full-evidence`: evidence lists every excess grant (EvaluateOptions.fullEvidence). */
  fullEvidence?: boolean | undefined;
  /** `--timeout`: the overall deadline of live collection, in ms (default 30 minutes). */
  timeoutMs?: number | undefined;
  /** Transport limits (timeouts, retries, body cap); tests shorten them. */
  limits?: Partial<TransportLimits> | undefined;
  /** `monitor` with a history store: incremental lifecycle events (src/monitor/lifecycle.ts). */
  history?: AuditHistory | undefined;
}

export type { HistorySince };

/**
 * A history store's part in an audit (implemented by src/monitor/lifecycle.ts `storeHistory`):
 * where the live read of Login History and the Setup Audit Trail starts for the org collected, and
 * the snapshot the rules evaluate (the collected one merged with the stored rows) with the rule
 * options that make RG-0030 and RG-0031 report new rows only.
 */
export interface AuditHistory {
  since(orgId: string, runAsUsernames: readonly string[]): Promise<HistorySince | undefined>;
  merge(
    snapshot: OrgSnapshot,
    settings: { now: string; dormantDays: number },
  ): Promise<{ snapshot: OrgSnapshot; ruleOptions: Readonly<Record<string, unknown>> }>;
}

/** `--timeout`'s default: a large org is collected in minutes; nothing may run forever. */
export const DEFAULT_TIMEOUT_MS = 30 * 60_000;

export interface AuditOutcome {
  report: AuditReport;
  snapshot: OrgSnapshot;
  /** The threshold the exit code was decided with (`audit --probe` decides again with it). */
  failOn: Severity;
  exitCode: 0 | 1 | 3;
}

async function snapshotOf(request: AuditRequest, run: RunSettings): Promise<OrgSnapshot> {
  const source = request.source;
  switch (source.kind) {
    case 'given':
      return source.snapshot;
    case 'snapshot':
      return readSnapshot(source.file);
    case 'live':
      return collectFromOrg(source.source, request, run);
    case 'project':
      return projectSnapshot(source.dir, request, run);
    case 'project+live': {
      // The project first: a broken project is an input error (exit 2) before the org is asked.
      const project = await projectSnapshot(source.dir, request, run);
      return mergeProjectWithLive(project, await collectFromOrg(source.source, request, run));
    }
  }
}

async function collectFromOrg(
  source: LiveSource,
  request: AuditRequest,
  run: RunSettings,
): Promise<OrgSnapshot> {
  // One deadline for the token request and every read: the process always ends.
  const deadline = new Deadline(request.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const transport = new Transport({
    deadline,
    ...(request.limits !== undefined ? { limits: request.limits } : {}),
  });
  try {
    const session = await source.connect(transport);
    const snapshot = await collectLive(session.conn, {
      tool: TOOL,
      transport,
      secrets: session.secrets(),
      ...(request.maxRequests !== undefined ? { maxRequests: request.maxRequests } : {}),
      ...(request.now !== undefined ? { now: request.now } : {}),
      historyDays: run.historyDays,
      ...(request.history !== undefined
        ? {
            history: (orgId: string, runAsUsernames: readonly string[]) =>
              request.history?.since(orgId, runAsUsernames) ?? Promise.resolve(undefined),
          }
        : {}),
    });
    return await markSilentlyPartial(snapshot, session, transport, request.maxRequests);
  } finally {
    deadline.dispose();
  }
}

function projectSnapshot(
  dir: string,
  request: AuditRequest,
  run: RunSettings,
): Promise<OrgSnapshot> {
  const loaded = request.manifest;
  // A project has no org: the suffix in force is the flag's or the manifest's (as RG-0029 reads it).
  const suffix = run.sandboxSuffixFor(null);
  return collectProject(dir, {
    manifest: loaded?.manifest,
    manifestFile: loaded?.file,
    auditorApps: run.rules.auditorApps,
    now: request.now,
    tool: TOOL,
    sameUsername: (configured, declared) =>
      matchesRunAs(configured, declared, {
        isSandbox: suffix !== undefined,
        sandboxSuffix: suffix,
      }),
  });
}

export async function runAudit(request: AuditRequest): Promise<AuditOutcome> {
  const manifest = request.manifest?.manifest;
  const run = resolveRunSettings(manifest, request);
  const collected = await snapshotOf(request, run);
  if (request.saveSnapshot !== undefined) await writeSnapshot(request.saveSnapshot, collected);

  const now = request.now ?? collected.collectedAt;
  const { snapshot, ruleOptions } =
    request.history === undefined
      ? { snapshot: collected, ruleOptions: undefined }
      : await request.history.merge(collected, { now, dormantDays: run.rules.dormantDays });
  // The audited org is known now: the suffix for it is decided here, once, for rules and waivers.
  const sandboxSuffix = run.sandboxSuffixFor(snapshot.org);
  const evaluation = evaluate(snapshot, RULES, {
    now,
    ...(manifest !== undefined ? { manifest } : {}),
    ...(ruleOptions !== undefined ? { ruleOptions } : {}),
    resolved: { settings: run.rules, sandboxSuffix },
    fullEvidence: request.fullEvidence === true,
  });
  const waived = applyWaivers(evaluation.findings, manifest?.waivers ?? [], now, {
    sandboxSuffix,
  });
  const report = withCoverage(
    assembleReport(
      snapshot,
      {
        ...evaluation,
        findings: waived.findings,
        warnings: [
          ...(request.manifest?.warnings ?? []),
          ...evaluation.warnings,
          ...waived.warnings,
        ],
      },
      request.generatedAt ?? new Date().toISOString(),
      TOOL,
    ),
    RULES.map((r) => r.meta),
  );
  const failOn = run.failOn;
  return {
    report,
    snapshot,
    failOn,
    exitCode: exitCodeOf({ report, failOn, allowIncomplete: request.allowIncomplete ?? false }),
  };
}
