// What the CI formats (sarif, junit, markdown) share: the rules a report names, described from the
// rule catalog when the caller passes it, the address of each rule's page, and the classification of
// a finding's status (docs/formats.md).

import type { AuditReport, Finding, Severity } from '../model/finding.js';
import type { RuleInfo } from './types.js';

/**
 * Where a rule's page lives: docs/rules/RG-NNNN.md of the npm package of the version that wrote the
 * report (the package ships docs/), so a link always shows the rule as that version checked it.
 */
export const RULE_DOCS_BASE = 'https://unpkg.com/runas-guard@';

export function ruleDocUrl(version: string, ruleId: string): string {
  return `${RULE_DOCS_BASE}${encodeSegment(version)}/docs/rules/${encodeSegment(ruleId)}.md`;
}

/**
 * One path segment of a URI, percent-encoded. An unpaired surrogate (which encodeURIComponent
 * refuses with a URIError) becomes U+FFFD: a hostile file name must not crash the report.
 */
export function encodeSegment(segment: string): string {
  return encodeURIComponent(
    segment.replace(
      /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
      '\ufffd',
    ),
  );
}

/**
 * One entry per rule the report's findings name, by id: the catalog's metadata when given, else
 * what the findings themselves say (slug, severity, remediation, frameworks).
 */
export function rulesOfReport(report: AuditReport, catalog: readonly RuleInfo[] = []): RuleInfo[] {
  const known = new Map(catalog.map((rule) => [rule.id, rule]));
  const byId = new Map<string, RuleInfo>();
  for (const finding of report.findings) {
    if (byId.has(finding.ruleId)) continue;
    byId.set(finding.ruleId, known.get(finding.ruleId) ?? fromFindings(report, finding));
  }
  return [...byId.values()].sort((a, b) => compare(a.id, b.id));
}

function fromFindings(report: AuditReport, first: Finding): RuleInfo {
  const same = report.findings.filter((f) => f.ruleId === first.ruleId);
  const frameworks: Record<string, string[]> = {};
  for (const finding of same)
    for (const [framework, controls] of Object.entries(finding.frameworks))
      frameworks[framework] = [...new Set([...(frameworks[framework] ?? []), ...controls])].sort();
  // The severity of a rule with two is the worst its findings have.
  const severity = same
    .map((f) => f.severity)
    .sort((a, b) => SEVERITY_ORDER.indexOf(a) - SEVERITY_ORDER.indexOf(b))[0];
  return {
    id: first.ruleId,
    slug: first.slug,
    title: first.slug,
    severity: severity ?? first.severity,
    rationale: '',
    remediation: same.find((f) => f.remediation !== '')?.remediation ?? '',
    tags: [],
    frameworks,
  };
}

const SEVERITY_ORDER: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/** Not evaluated because of the mode (no user state in a project, no project files live). */
export function isByMode(finding: Finding): boolean {
  return finding.status === 'not-evaluated' && finding.messageId === 'notInMode';
}

/** Data that should have been there and was not: an error, or a not-evaluated caused by a request. */
export function isIncomplete(finding: Finding): boolean {
  return finding.status === 'error' || (finding.status === 'not-evaluated' && !isByMode(finding));
}

/** Why a rule did not run on a resource: the failed request and the permission, or the mode's reason. */
export function reasonOf(report: AuditReport, finding: Finding): string {
  const evidence = finding.evidence;
  if (evidence?.request !== undefined) {
    const known = report.collection.failedRequests.find((r) => r.request === evidence.request);
    const code = evidence.errorCode ?? known?.errorCode;
    const permission = evidence.permission ?? known?.permission;
    return (
      `request ${evidence.request} failed${code === undefined ? '' : ` (${code})`}` +
      (permission === undefined ? '' : `; the auditing user needs ${permission}`)
    );
  }
  return evidence?.reason ?? finding.message;
}

/** A file and line of the project a finding points at (docs/formats.md, "Source locations"). */
export interface SourceLocation {
  /** Relative to the project root, `/`-separated. */
  file: string;
  line?: number;
}

/**
 * Where in the project a finding is: `evidence.location` / `evidence.locations` (`{ file, line }`,
 * for findings about a changed XML file), else a SourceFile resource (RG-0026) at the lines its
 * evidence lists. Empty when the finding names no file.
 */
export function sourceLocationsOf(finding: Finding): SourceLocation[] {
  const evidence = finding.evidence ?? {};
  const declared = [evidence.location, ...asArray(evidence.locations)]
    .map(asLocation)
    .filter((l): l is SourceLocation => l !== undefined);
  if (declared.length > 0) return declared;
  if (finding.resource.type !== 'SourceFile') return [];
  const file = finding.resource.name;
  const lines = asArray(evidence.actual)
    .map((entry) => asLocation({ file, line: (entry as { line?: unknown } | null)?.line }))
    .filter((l): l is SourceLocation => l?.line !== undefined);
  return lines.length > 0 ? lines : [{ file }];
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? (value as unknown[]) : [];
}

function asLocation(value: unknown): SourceLocation | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const { file, line } = value as { file?: unknown; line?: unknown };
  if (typeof file !== 'string' || file === '') return undefined;
  const valid = typeof line === 'number' && Number.isSafeInteger(line) && line >= 1;
  return valid ? { file, line } : { file };
}

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
