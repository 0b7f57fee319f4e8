// `runas-guard compare` as one library call (docs/compare.md): two sources audited with the same
// manifest, their integrations set side by side as a drift report, RG-0032 per integration, and
// the target's failures that the source does not have; the exit code is decided on those.

import { fingerprintOf, orgKeyOf } from '../analyze/fingerprint.js';
import { exitCodeOf, isIncomplete, summarize } from '../analyze/outcome.js';
import {
  runAudit,
  TOOL,
  type AuditOutcome,
  type AuditRequest,
  type SnapshotSource,
} from '../audit/run-audit.js';
import { diffStates } from '../drift/diff.js';
import type { DriftChange, DriftIntegration, DriftReport, DriftSide } from '../drift/report.js';
import { findingStatesOf, integrationStatesOf } from '../drift/state.js';
import type { IntegrationState } from '../drift/types.js';
import type { LoadedManifest } from '../manifest/load.js';
import { resolveSandboxSuffix } from '../manifest/sandbox.js';
import type { AuditReport, Finding, Severity } from '../model/finding.js';
import { COMPARE_RULES } from './rules.js';

export interface CompareSource {
  /** How the user named it, never a secret: `snapshot prod.json`, `--target-org uat`. */
  label: string;
  source: SnapshotSource;
}

export interface CompareRequest {
  /** `--source`: the reference side (production). */
  source: CompareSource;
  /** `--target`: the side checked against it (the sandbox). */
  target: CompareSource;
  manifest?: LoadedManifest | undefined;
  /** `--sandbox-suffix`; else each side's own (manifest, My Domain host). */
  sandboxSuffix?: string | undefined;
  failOn?: Severity | undefined;
  allowIncomplete?: boolean | undefined;
  now?: string | undefined;
  generatedAt?: string | undefined;
  timeoutMs?: number | undefined;
  /** `--max-requests`: each live side's collection sends at most this many API requests to its org. */
  maxRequests?: number | undefined;
  limits?: AuditRequest['limits'];
}

export interface CompareOutcome {
  report: DriftReport;
  /**
   * What decides the exit code, as an audit report for the sarif, junit and markdown renderers:
   * the target's report with its findings replaced by the compare report's.
   */
  gate: AuditReport;
  exitCode: 0 | 1 | 3;
  sides: { source: AuditOutcome; target: AuditOutcome };
}

/** Kinds of change that make an integration differ (findings follow from them, RG-0032 names them). */
const STATE_KINDS: ReadonlySet<DriftChange['kind']> = new Set([
  'runAs',
  'user',
  'preAuthorization',
  'policy',
  'access',
]);

/** Fingerprints of both sides are recomputed for this one key, so findings match across orgs. */
const COMPARE_ORG_KEY = 'compare';

export async function runCompare(request: CompareRequest): Promise<CompareOutcome> {
  const generatedAt = request.generatedAt ?? new Date().toISOString();
  const audit = (side: CompareSource): Promise<AuditOutcome> =>
    runAudit({
      source: side.source,
      manifest: request.manifest,
      now: request.now,
      sandboxSuffix: request.sandboxSuffix,
      failOn: request.failOn,
      // Completeness is decided here, over both sides.
      allowIncomplete: true,
      generatedAt,
      timeoutMs: request.timeoutMs,
      maxRequests: request.maxRequests,
      limits: request.limits,
    });
  const source = await audit(request.source);
  const target = await audit(request.target);

  const settings = request.manifest?.manifest.settings;
  const suffix =
    resolveSandboxSuffix(settings, target.snapshot.org, request.sandboxSuffix) ??
    resolveSandboxSuffix(settings, source.snapshot.org, request.sandboxSuffix);
  const manifest = request.manifest?.manifest;
  const input = (side: CompareSource, outcome: AuditOutcome) => ({
    side: sideOf(side, outcome),
    integrations: integrationStatesOf(outcome.snapshot, outcome.report, manifest, {
      ...(request.now === undefined ? {} : { now: request.now }),
    }),
    findings: findingStatesOf(outcome.report, {
      rekey: { orgKey: COMPARE_ORG_KEY, sandboxSuffix: suffix },
    }),
  });
  const from = input(request.source, source);
  const to = input(request.target, target);
  const report = diffStates(from, to, {
    kind: 'compare',
    tool: { ...TOOL },
    generatedAt,
    sandboxSuffix: suffix,
  });

  const targetKey = orgKeyOf(target.snapshot);
  const states = new Map(
    [...from.integrations, ...to.integrations].map((s) => [s.app.toLowerCase(), s]),
  );
  const parity = report.integrations.map((i) =>
    parityFinding(i, states.get(i.app.toLowerCase()), report, targetKey),
  );
  // The target's failures the source does not have: what the target lacks (RG-0002 when the
  // sandbox has no integration user). Failures on both sides are each audit's, not a difference.
  const failingAtSource = new Set(
    from.findings.filter((f) => f.status === 'fail').map((f) => f.fingerprint),
  );
  const rekeyed = to.findings.map((f) => f.fingerprint);
  const targetOnly = target.report.findings.filter(
    (f, index) => f.status === 'fail' && !failingAtSource.has(rekeyed[index] ?? ''),
  );
  report.findings = [...parity, ...targetOnly];
  report.warnings = [
    ...source.report.warnings.map((w) => `${request.source.label}: ${w}`),
    ...target.report.warnings.map((w) => `${request.target.label}: ${w}`),
  ];

  const gate: AuditReport = {
    ...target.report,
    findings: report.findings,
    summary: summarize(report.findings),
  };
  const incomplete = isIncomplete(source.report) || isIncomplete(target.report);
  const exitCode =
    incomplete && request.allowIncomplete !== true
      ? 3
      : exitCodeOf({ report: gate, failOn: target.failOn, allowIncomplete: true });
  report.exitCode = exitCode;
  return { report, gate, exitCode, sides: { source, target } };
}

function sideOf(side: CompareSource, outcome: AuditOutcome): DriftSide {
  const org = outcome.snapshot.org;
  return {
    label: side.label,
    source: side.label,
    collectedAt: outcome.report.collectedAt,
    ...(org === null ? {} : { orgId: org.id }),
  };
}

/**
 * RG-0032 for one integration: fail when it exists on one side only or its run-as user, access,
 * pre-authorization or policy differ (evidence: each difference); not-evaluated when nothing
 * differs but something could not be compared; pass otherwise.
 */
function parityFinding(
  integration: DriftIntegration,
  state: IntegrationState | undefined,
  report: DriftReport,
  orgKey: string,
): Finding {
  const rule = COMPARE_RULES.parity;
  const app = integration.app;
  const resource = {
    type: state?.appType ?? ('ConnectedApp' as const),
    name: app,
  };
  const differences = integration.changes.filter((c) => STATE_KINDS.has(c.kind));
  const name = integration.integration;
  const sides = `${report.from.label} and ${report.to.label}`;
  let status: Finding['status'];
  let messageId: string;
  let message: string;
  if (integration.presence !== 'both') {
    const missing = integration.presence === 'added' ? report.from.label : report.to.label;
    status = 'fail';
    messageId = 'missingApp';
    message = `${name} (${app}) is not a client-credentials integration in ${missing}: its callback cannot run there`;
  } else if (differences.length > 0) {
    status = 'fail';
    messageId = 'differs';
    const shown = differences
      .slice(0, 5)
      .map((c) => c.text)
      .join('; ');
    const more = differences.length > 5 ? ` and ${differences.length - 5} more` : '';
    message = `${name} (${app}) differs between ${sides} in ${differences.length} way(s): ${shown}${more}`;
  } else if (integration.notCompared.length > 0) {
    status = 'not-evaluated';
    messageId = 'notCompared';
    message = `${name} (${app}) could not be fully compared between ${sides}: ${integration.notCompared.join('; ')}`;
  } else {
    status = 'pass';
    messageId = 'same';
    message = `${name} (${app}) has the same run-as user state, access and policy in ${sides}`;
  }
  const evidence: NonNullable<Finding['evidence']> = {
    expected: { side: report.from.label, runAs: integration.runAs.from },
    actual: { side: report.to.label, runAs: integration.runAs.to },
    presence: integration.presence,
    differences: differences.map((c) => ({ kind: c.kind, text: c.text, breaks: c.breaks })),
  };
  if (status === 'not-evaluated') evidence.reason = integration.notCompared.join('; ');
  return {
    ruleId: rule.id,
    slug: rule.slug,
    severity: rule.severity,
    status,
    app,
    resource,
    messageId,
    message,
    evidence,
    frameworks: Object.fromEntries(
      Object.entries(rule.frameworks).map(([k, v]: [string, readonly string[]]) => [k, [...v]]),
    ),
    remediation: rule.remediation,
    fingerprint: fingerprintOf({ ruleId: rule.id, orgKey, app, resource }),
  };
}
