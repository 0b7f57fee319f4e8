// The audit report (docs/schemas/report.schema.json) from a snapshot and its evaluation, and the exit code it
// implies (docs/adr/0005-audit-pipeline-and-exit-codes.md).

import { SEVERITY_RANK, STATUSES } from '../model/finding.js';
import type { AuditReport, FailedRequest, Finding, Severity, Status } from '../model/finding.js';
import type { OrgSnapshot } from '../model/snapshot.js';
import { INCOMPLETE_MESSAGE_IDS } from './engine.js';
import type { Evaluation } from './engine.js';

export const EXIT_CODES = { ok: 0, findings: 1, incomplete: 3 } as const;
export type AuditExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

/** How many findings have each status; every status is present. */
export function summarize(findings: readonly Finding[]): Record<Status, number> {
  const summary = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  for (const finding of findings) summary[finding.status] += 1;
  return summary;
}

/**
 * The requests the ledger records as failed, in facet order; a request that failed several facets
 * (its own and those it blocked) is listed once. Then those that failed for some integrations only
 * (their facet ok org-wide, e.g. project+live's NOT_LOOKED_UP), which the engine gates one by one.
 */
export function failedRequestsOf(snapshot: OrgSnapshot): FailedRequest[] {
  const failed: FailedRequest[] = [];
  const seen = new Set<string>();
  const partly = (snapshot.failedRequests ?? []).filter(
    (f) =>
      f.recoveredBy === undefined && f.facet !== 'org' && snapshot.ledger[f.facet]?.status === 'ok',
  );
  for (const entry of [...Object.values(snapshot.ledger), ...partly]) {
    if ('status' in entry && entry.status !== 'failed') continue;
    const key = `${entry.request}\n${entry.errorCode}\n${entry.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    failed.push({
      request: entry.request,
      errorCode: entry.errorCode,
      message: entry.message,
      ...(entry.permission === undefined ? {} : { permission: entry.permission }),
    });
  }
  return failed;
}

/** A failed request whose facts another request supplied: not a gap, but the user should know. */
function recoveredWarnings(snapshot: OrgSnapshot): string[] {
  return (snapshot.failedRequests ?? [])
    .filter((f) => f.recoveredBy !== undefined)
    .map(
      (f) =>
        `request ${f.request} failed (${f.errorCode}: ${f.message}); ${f.recoveredBy ?? ''} supplied what it reads`,
    );
}

/**
 * The JSON report. `tool` defaults to the snapshot's (the CLI passes its own version);
 * `generatedAt` comes from the caller, so nothing here reads a clock.
 */
export function assembleReport(
  snapshot: OrgSnapshot,
  evaluation: Evaluation,
  generatedAt: string,
  tool: AuditReport['tool'] = snapshot.tool,
): AuditReport {
  return {
    schemaVersion: 1,
    tool: { name: tool.name, version: tool.version },
    org:
      snapshot.org === null
        ? null
        : {
            id: snapshot.org.id,
            instanceUrl: snapshot.org.instanceUrl,
            isSandbox: snapshot.org.isSandbox,
          },
    project: snapshot.project === null ? null : { ...snapshot.project },
    collectedAt: snapshot.collectedAt,
    generatedAt,
    integrations: evaluation.integrations,
    findings: evaluation.findings,
    warnings: [...evaluation.warnings, ...recoveredWarnings(snapshot)],
    summary: summarize(evaluation.findings),
    collection: {
      mode: snapshot.mode,
      apiRequests: snapshot.apiRequests,
      ...(snapshot.retries === undefined ? {} : { retries: snapshot.retries }),
      ...(snapshot.apiUsage === undefined ? {} : { apiUsage: { ...snapshot.apiUsage } }),
      failedRequests: failedRequestsOf(snapshot),
    },
  };
}

/**
 * Whether data was missing for a reason other than the mode: a request failed (collection lists
 * it), a rule's finding is `error`, or a rule is `not-evaluated` because its data was not
 * collected. `not-evaluated` because of the mode (`--project` has no user state) does not count.
 */
export function isIncomplete(report: AuditReport): boolean {
  if (report.collection.failedRequests.length > 0) return true;
  return report.findings.some(
    (f) =>
      f.status === 'error' ||
      (f.status === 'not-evaluated' && INCOMPLETE_MESSAGE_IDS.includes(f.messageId)),
  );
}

/** What a run produced, for its exit code: an audit report, probes, or both (`audit --probe`). */
export interface Verdict {
  report?: AuditReport;
  /** `failed`: the app's token or a follow-on call failed (a finding); `unreachable`: the org. */
  probes?: readonly { outcome: string }[];
  /** Default `high`. */
  failOn?: Severity;
  allowIncomplete?: boolean;
}

/**
 * The one exit code of `audit`, `audit --probe` and `probe`: 3 when data is missing (a failed
 * request, an `error` or request-caused `not-evaluated` finding, an org a probe could not reach)
 * unless `allowIncomplete`; else 1 for a failure at or above `failOn` or a failed probe; else 0.
 * 3 wins over 1: a partial result is not a verdict.
 */
export function exitCodeOf(verdict: Verdict): AuditExitCode {
  const { report, probes = [], failOn = 'high', allowIncomplete = false } = verdict;
  const incomplete =
    (report !== undefined && isIncomplete(report)) ||
    probes.some((p) => p.outcome === 'unreachable');
  if (incomplete && !allowIncomplete) return EXIT_CODES.incomplete;
  const threshold = SEVERITY_RANK[failOn];
  const failing =
    report?.findings.some((f) => f.status === 'fail' && SEVERITY_RANK[f.severity] <= threshold) ===
      true || probes.some((p) => p.outcome === 'failed');
  return failing ? EXIT_CODES.findings : EXIT_CODES.ok;
}
