// The rules engine: builds each rule's context from a snapshot, gates rules on the ledger (a
// failed or unsupported facet is `not-evaluated`, never a pass), runs the pure checks, and turns
// what they report into findings with rendered messages and stable fingerprints. Its parts are in
// engine/: the integrations (integrations.ts), gating (gating.ts), the resources a finding names
// (resources.ts), the facets a rule reads (facets.ts) and one rule's run (run.ts).
//
// Nothing is copied per rule: the snapshot, the manifest and each run-as user's access are frozen
// in place once and shared read-only (docs/adr/0023-shared-access-and-summarised-evidence.md).

import type { Manifest } from '../manifest/schema.js';
import { SEVERITY_RANK } from '../model/finding.js';
import type { Finding, IntegrationSummary, Status } from '../model/finding.js';
import type { OrgSnapshot } from '../model/snapshot.js';
import type { Rule } from './define-rule.js';
import { gateOf, integrationGate } from './engine/gating.js';
import type { Gate } from './engine/gating.js';
import { buildIntegrations, compareText, summarizer } from './engine/integrations.js';
import { readOnly } from './engine/read-only.js';
import { integrationTargets, keyOf, scopeTargets } from './engine/resources.js';
import type { Resolved } from './engine/resources.js';
import { RuleRun, makeFinding, parseOptions } from './engine/run.js';
import type { Extra, OpenIntegrations } from './engine/run.js';
import { orgKeyOf } from './fingerprint.js';
import { ENGINE_MESSAGES, renderMessage } from './messages.js';
import { resolveRunSettings } from './settings.js';
import { EVIDENCE_ITEMS } from './types.js';
import type { Settings } from './types.js';

export { FACET_LABELS, INCOMPLETE_MESSAGE_IDS } from './engine/gating.js';

export interface EvaluateOptions {
  /** Evaluation time, ISO-8601 (`--now`); default the snapshot's `collectedAt`. */
  now?: string;
  /** Wins over the manifest's `settings:`, which wins over the defaults. */
  settings?: Partial<Settings>;
  /**
   * The settings and sandbox suffix the pipeline already resolved (resolveRunSettings): used as
   * given, and `settings`/`sandboxSuffix` are then ignored. Without it the engine resolves them.
   */
  resolved?: { settings: Settings; sandboxSuffix: string | undefined };
  /** The integration manifest (docs/manifest.md), passed through to rules. */
  manifest?: Manifest;
  /**
   * `--sandbox-suffix`: stripped from usernames in fingerprints and run-as comparisons. Without it
   * the manifest's suffix for this org applies (resolveSandboxSuffix).
   */
  sandboxSuffix?: string;
  /** Options per rule id, validated by each rule's schema. */
  ruleOptions?: Readonly<Record<string, unknown>>;
  /**
   * `--full-evidence`: evidence lists that grow with the org (RG-0011's excess grants) list every
   * item instead of the first EVIDENCE_ITEMS with counts.
   */
  fullEvidence?: boolean;
}

export interface Evaluation {
  findings: Finding[];
  integrations: IntegrationSummary[];
  warnings: string[];
  /** What the evaluation did, for tests and the benchmark (not part of the report). */
  stats: {
    /** Effective access resolutions: one per distinct run-as user, however many apps share it. */
    accessResolutions: number;
  };
}

/**
 * Evaluates the rules on a snapshot. The snapshot and the manifest are frozen in place, not copied
 * (a copy of an enterprise org's snapshot doubles the audit's memory): change neither afterwards.
 */
export function evaluate(
  snapshot: OrgSnapshot,
  rules: readonly Rule[],
  options: EvaluateOptions = {},
): Evaluation {
  const now = options.now ?? snapshot.collectedAt;
  if (Number.isNaN(Date.parse(now)))
    throw new RangeError(`evaluation time is not ISO-8601: ${now}`);
  const frozen = readOnly(snapshot);
  const manifest = options.manifest === undefined ? undefined : readOnly(options.manifest);
  const evidenceItems = options.fullEvidence === true ? Infinity : EVIDENCE_ITEMS;
  const { settings, sandboxSuffix } = options.resolved ?? resolve(options, frozen.org);
  const warnings: string[] = [];
  const integrations = buildIntegrations(frozen, now, settings, warnings);
  const orgKey = orgKeyOf(frozen);
  const findings: Finding[] = [];
  const seen = new Set<string>();

  for (const rule of rules) {
    if (seen.has(rule.meta.id)) throw new Error(`rule ${rule.meta.id} is listed twice`);
    seen.add(rule.meta.id);
    const ruleOptions = parseOptions(rule, options.ruleOptions?.[rule.meta.id]);
    const make = (r: Resolved, status: Status, messageId: string, text: string, extra: Extra) =>
      makeFinding(rule.meta, r, status, messageId, text, extra, orgKey, sandboxSuffix);

    const gate = gateOf(rule.meta, frozen);
    if (gate !== undefined) {
      for (const target of scopeTargets(rule.meta, integrations.list, manifest, frozen)) {
        const text = renderMessage(ENGINE_MESSAGES[gate.messageId], gate.data);
        findings.push(make(target, 'not-evaluated', gate.messageId, text, {}));
      }
      continue;
    }

    // Facets available org-wide may still be missing for one integration (a project integration
    // without runAsAccess): that one is not-evaluated, the others are examined.
    const gated: { target: Resolved; gate: Gate }[] = [];
    const open: OpenIntegrations = { list: [], accessProblems: integrations.accessProblems };
    for (const integration of integrations.list) {
      const own = integrationGate(rule.meta, integration, frozen, manifest);
      // The resolved access is frozen and shared: one rule cannot change what the next one sees.
      if (own === undefined) open.list.push(integration);
      else
        for (const target of integrationTargets(rule.meta, integration, manifest, frozen))
          gated.push({ target, gate: own });
    }

    const run = new RuleRun(rule, {
      snapshot: frozen,
      now,
      settings,
      manifest,
      sandboxSuffix,
      evidenceItems,
      all: integrations.list,
      open,
      gated,
    });
    try {
      rule.check(run.context, ruleOptions);
      findings.push(...run.results.map((r) => make(r, r.status, r.messageId, r.text, r)));
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      warnings.push(`rule ${rule.meta.id} (${rule.meta.slug}) failed: ${detail}`);
      const notEvaluated = run.results.filter((r) => run.isGated(r));
      findings.push(...notEvaluated.map((r) => make(r, r.status, r.messageId, r.text, r)));
      const reported = new Set(notEvaluated.map(keyOf));
      for (const target of scopeTargets(rule.meta, integrations.list, manifest, frozen)) {
        if (reported.has(keyOf(target))) continue;
        const data = { app: target.app.name, error: detail };
        const text = renderMessage(ENGINE_MESSAGES.ruleError, data);
        findings.push(make(target, 'error', 'ruleError', text, {}));
      }
    }
  }

  return {
    findings: findings.sort(compareFindings),
    integrations: integrations.list
      .map(summarizer(evidenceItems))
      .sort((a, b) => compareText(a.app, b.app)),
    warnings,
    stats: { accessResolutions: integrations.accessResolutions },
  };
}

/** Severity rank, rule id, app, resource name, resource type: the order of every report. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    compareText(a.ruleId, b.ruleId) ||
    compareText(a.app, b.app) ||
    compareText(a.resource.name, b.resource.name) ||
    compareText(a.resource.type, b.resource.type)
  );
}

function resolve(options: EvaluateOptions, org: OrgSnapshot['org']) {
  const run = resolveRunSettings(
    options.manifest,
    { sandboxSuffix: options.sandboxSuffix },
    options.settings,
  );
  return { settings: run.rules, sandboxSuffix: run.sandboxSuffixFor(org) };
}
