// The audit pipeline (ScubaGear's three stages in one call): collect (or replay) a snapshot,
// evaluate the rules, apply waivers, assemble the report. The CLI renders it and maps the exit code.

import { assembleReport, exitCodeFor } from '../analyze/report.js';
import { evaluate } from '../analyze/engine.js';
import { RULES } from '../analyze/rules/index.js';
import { applyWaivers } from '../analyze/waivers.js';
import { collectLive } from '../collect/live/collect-live.js';
import type { LiveSource } from '../collect/live/connect.js';
import { readSnapshot, writeSnapshot } from '../collect/snapshot-file.js';
import type { LoadedManifest } from '../manifest/load.js';
import { resolveSandboxSuffix } from '../manifest/sandbox.js';
import type { AuditReport, Severity } from '../model/finding.js';
import type { OrgSnapshot } from '../model/snapshot.js';
import { withCoverage } from '../report/frameworks.js';
import { VERSION } from '../version.js';

export const TOOL = { name: 'runas-guard', version: VERSION } as const;

export type SnapshotSource =
  | { kind: 'live'; source: LiveSource }
  | { kind: 'snapshot'; file: string }
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
}

export interface AuditOutcome {
  report: AuditReport;
  snapshot: OrgSnapshot;
  exitCode: 0 | 1 | 3;
}

async function snapshotOf(request: AuditRequest): Promise<OrgSnapshot> {
  const source = request.source;
  switch (source.kind) {
    case 'given':
      return source.snapshot;
    case 'snapshot':
      return readSnapshot(source.file);
    case 'live': {
      const session = await source.source.connect();
      const dormantDays = request.manifest?.manifest.settings?.dormantDays;
      return collectLive(session.conn, {
        tool: TOOL,
        secrets: session.secrets(),
        ...(request.now !== undefined ? { now: request.now } : {}),
        ...(dormantDays !== undefined ? { historyDays: Math.max(dormantDays, 90) } : {}),
        ...(session.reauthenticate !== undefined ? { reauthenticate: session.reauthenticate } : {}),
      });
    }
  }
}

export async function runAudit(request: AuditRequest): Promise<AuditOutcome> {
  const snapshot = await snapshotOf(request);
  if (request.saveSnapshot !== undefined) await writeSnapshot(request.saveSnapshot, snapshot);

  const manifest = request.manifest?.manifest;
  const settings = manifest?.settings;
  const now = request.now ?? snapshot.collectedAt;
  const sandboxSuffix = resolveSandboxSuffix(
    settings,
    snapshot.org === null ? null : { id: snapshot.org.id, isSandbox: snapshot.org.isSandbox },
    request.sandboxSuffix,
  );
  const evaluation = evaluate(snapshot, RULES, {
    now,
    ...(manifest !== undefined ? { manifest } : {}),
    ...(sandboxSuffix !== undefined ? { sandboxSuffix } : {}),
    settings: {
      ...(settings?.auditorApps !== undefined ? { auditorApps: settings.auditorApps } : {}),
      ...(settings?.dormantDays !== undefined ? { dormantDays: settings.dormantDays } : {}),
      ...(settings?.expiringAssignmentDays !== undefined
        ? { expiringAssignmentDays: settings.expiringAssignmentDays }
        : {}),
    },
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
  const failOn = request.failOn ?? settings?.failOn ?? 'high';
  return {
    report,
    snapshot,
    exitCode: exitCodeFor(report, failOn, request.allowIncomplete ?? false),
  };
}
