// `--format text` (the default): a one-screen summary per integration, failures first, for a person at
// a terminal. Passes, evidence and remediation only with `verbose`; ANSI colour only with `color`.
// Lines stay within WIDTH columns; org-supplied strings are stripped of control characters so a
// hostile username or message cannot move the cursor or rewrite the terminal.

import { listingText } from './listing.js';
import {
  type AuditReport,
  type FailedRequest,
  type Finding,
  type IntegrationSummary,
  SEVERITY_RANK,
  type Severity,
  type Status,
} from '../model/finding.js';
import { frameworkOf, groupByControl, type ControlGrouping } from './frameworks.js';
import type { RenderOptions } from './types.js';
import { clean, hanging } from './layout.js';

const INDENT = '  ';
/** Status or severity column: fits NOT EVALUATED. */
const LABEL = 15;
/** Rule id column: `RG-0005` and two spaces. */
const RULE = 9;
const DETAIL = INDENT.length + LABEL + RULE;

const APP_TYPE_LABEL: Record<IntegrationSummary['appType'], string> = {
  ConnectedApp: 'Connected App',
  ExternalClientApplication: 'External Client App',
};

/** The order of the totals line: what needs attention first. */
const TOTALS_ORDER: readonly Status[] = [
  'fail',
  'error',
  'not-evaluated',
  'waived',
  'skip',
  'pass',
];

type Style = 'bold' | 'red' | 'boldRed' | 'yellow' | 'cyan' | 'green' | 'magenta' | 'dim';
const ANSI: Record<Style, string> = {
  bold: '1',
  red: '31',
  boldRed: '1;31',
  yellow: '33',
  cyan: '36',
  green: '32',
  magenta: '35',
  dim: '2',
};
const SEVERITY_STYLE: Record<Severity, Style> = {
  critical: 'boldRed',
  high: 'red',
  medium: 'yellow',
  low: 'cyan',
  info: 'dim',
};

interface Context {
  verbose: boolean;
  paint: (text: string, style: Style) => string;
  failedRequests: ReadonlyMap<string, FailedRequest>;
  /** The block's run-as username: verbose details name a resource only when it is another one. */
  runAs?: string | null;
}

interface Block {
  header: string;
  integration: IntegrationSummary | undefined;
  findings: Finding[];
}

export function renderText(report: AuditReport, options: RenderOptions = {}): string {
  const color = options.color === true;
  const ctx: Context = {
    verbose: options.verbose === true,
    paint: (text, style) => (color ? `\u001b[${ANSI[style]}m${text}\u001b[0m` : text),
    failedRequests: new Map(report.collection.failedRequests.map((r) => [r.request, r])),
  };
  // Resolved first: an unknown framework id fails before anything is rendered.
  const grouping =
    options.framework === undefined
      ? undefined
      : groupByControl(report.findings, frameworkOf(options.framework));
  const lines = [...renderHeader(report, ctx)];
  if (grouping !== undefined) {
    const { name, version, id } = grouping.framework;
    lines.push(...field('Framework', `${name} ${version} (${id}), findings by control`));
  }
  lines.push('');
  if (grouping === undefined) {
    const blocks = blocksOf(report);
    if (blocks.length === 0) lines.push('No client-credentials apps found.', '');
    for (const block of blocks) lines.push(...renderBlock(block, ctx), '');
  } else {
    lines.push(...renderByControl(grouping, report, ctx));
  }
  lines.push(...renderFooter(report, ctx));
  lines.push(...renderCoverage(report, grouping?.framework.id, ctx));
  return `${lines.join('\n')}\n`;
}

/**
 * `--framework`: one block per control in the framework's order (a finding under each control it
 * maps to), then the findings the framework does not map, so the view hides nothing.
 */
function renderByControl(grouping: ControlGrouping, report: AuditReport, ctx: Context): string[] {
  const notCovered = new Set(report.coverage?.[grouping.framework.id]?.notCovered ?? []);
  const lines: string[] = [];
  if (grouping.controls.length === 0) lines.push('The framework lists no controls yet.', '');
  for (const group of grouping.controls) {
    const header = `${group.label} ${group.control.title}`;
    if (group.findings.length > 0) {
      lines.push(...renderBlock({ header, integration: undefined, findings: group.findings }, ctx));
    } else {
      // Nothing to show is not a pass: say whether any rule that ran checks the control at all.
      lines.push(...title(header, ctx));
      lines.push(
        ...(notCovered.has(group.control.id)
          ? row('NOT COVERED', 'dim', 'no rule that ran maps to this control', ctx)
          : row('NO FINDINGS', 'dim', 'no finding maps to this control', ctx)),
      );
    }
    lines.push('');
  }
  if (grouping.unmapped.length > 0) {
    const header = `Not mapped to ${grouping.framework.name} ${grouping.framework.version}`;
    lines.push(
      ...renderBlock({ header, integration: undefined, findings: grouping.unmapped }, ctx),
    );
    lines.push('');
  }
  return lines;
}

/** The report's coverage (when it carries one): of the chosen framework, or of every framework. */
function renderCoverage(report: AuditReport, only: string | undefined, ctx: Context): string[] {
  const coverage = report.coverage;
  if (coverage === undefined) return [];
  const ids = Object.keys(coverage)
    .filter((id) => only === undefined || id === only)
    .sort();
  if (ids.length === 0) return [];
  const lines = title('Framework coverage (controls the rules that ran check)', ctx);
  for (const id of ids) {
    const { covered, notCovered } = coverage[id] ?? { covered: [], notCovered: [] };
    const total = covered.length + notCovered.length;
    const text =
      total === 0
        ? 'no controls listed'
        : `${covered.length} of ${total} controls covered` +
          (notCovered.length === 0 ? '' : `; not covered: ${notCovered.join(', ')}`);
    // The id is inside the cleaned text: coverage keys come from the report, not from our data.
    lines.push(...hanging(INDENT, INDENT + INDENT, `${id}: ${text}`));
  }
  return lines;
}

function renderHeader(report: AuditReport, ctx: Context): string[] {
  const { tool, org, project, collection } = report;
  const lines = title(`${tool.name} ${tool.version} audit report`, ctx);
  if (org !== null) {
    const kind = org.isSandbox ? 'sandbox' : 'production';
    lines.push(...field('Org', `${org.id} (${kind}) ${org.instanceUrl}`));
  }
  if (project !== null) lines.push(...field('Project', `${project.name} ${project.path}`));
  if (org === null && project === null) lines.push(...field('Source', 'unknown'));
  lines.push(...field('Collected', report.collectedAt));
  const requests = `${collection.apiRequests} API request${collection.apiRequests === 1 ? '' : 's'}`;
  lines.push(...field('Mode', `${collection.mode}, ${requests}`));
  const usage = collection.apiUsage;
  if (usage !== undefined) {
    const left = Math.max(0, usage.max - usage.used);
    lines.push(
      ...field('API usage', `${usage.used} of ${usage.max} daily requests used, ${left} left`),
    );
  }
  return lines;
}

/** One block per audited app in the report's order, then apps only findings name; worst first. */
function blocksOf(report: AuditReport): Block[] {
  const byApp = new Map<string, Finding[]>();
  for (const finding of report.findings) {
    const list = byApp.get(finding.app) ?? [];
    list.push(finding);
    byApp.set(finding.app, list);
  }
  const blocks: Block[] = report.integrations.map((integration) => ({
    header: `${integration.app} (${APP_TYPE_LABEL[integration.appType]})`,
    integration,
    findings: byApp.get(integration.app) ?? [],
  }));
  const known = new Set(report.integrations.map((i) => i.app));
  for (const [app, findings] of byApp) {
    if (!known.has(app))
      blocks.push({
        header: `${app} (not among the audited apps)`,
        integration: undefined,
        findings,
      });
  }
  // Array.prototype.sort is stable: equal blocks keep the report's order.
  return blocks.sort((a, b) => urgency(a) - urgency(b));
}

/** Failing blocks by their worst severity, then incomplete ones, then clean ones. */
function urgency(block: Block): number {
  const failures = block.findings.filter((f) => f.status === 'fail');
  if (failures.length > 0) return Math.min(...failures.map((f) => SEVERITY_RANK[f.severity]));
  return block.findings.some(isIncomplete) ? 10 : 20;
}

/** Not evaluated because of the mode (live mode has no project files; project mode no user state). */
function isByMode(finding: Finding): boolean {
  return finding.status === 'not-evaluated' && finding.messageId === 'notInMode';
}

/** Data that should have been there and was not: an error, or a not-evaluated caused by a request. */
function isIncomplete(finding: Finding): boolean {
  return finding.status === 'error' || (finding.status === 'not-evaluated' && !isByMode(finding));
}

function renderBlock(block: Block, reportCtx: Context): string[] {
  const ctx = { ...reportCtx, runAs: block.integration?.runAsUsername ?? null };
  const lines = title(block.header, ctx);
  if (block.integration !== undefined) {
    const { runAsUsername, runAsUserId } = block.integration;
    const runAs =
      runAsUsername === null
        ? '(not set)'
        : `${runAsUsername}${runAsUserId === null ? '' : ` (${runAsUserId})`}`;
    lines.push(...row('run as', undefined, runAs, ctx));
  }
  lines.push(...renderVerdict(block.findings, ctx));

  const failures = block.findings.filter((f) => f.status === 'fail').sort(bySeverity);
  for (const finding of failures) {
    lines.push(
      ...row(finding.severity.toUpperCase(), SEVERITY_STYLE[finding.severity], finding, ctx),
    );
  }
  lines.push(...renderIncomplete(block.findings.filter(isIncomplete), ctx));
  // Mode-caused gaps are the same for every integration: the footer says them once.
  if (ctx.verbose) lines.push(...renderIncomplete(block.findings.filter(isByMode), ctx));
  for (const finding of block.findings.filter((f) => f.status === 'waived').sort(bySeverity)) {
    const waiver = finding.waiver;
    const until = waiver === undefined ? '' : ` until ${waiver.expires}: ${waiver.reason}`;
    const would = `would be ${finding.waivedStatus ?? 'unknown'}, ${finding.severity}`;
    const text = `${finding.message} Waived (${would})${until}`;
    lines.push(...row('WAIVED', 'dim', { ...finding, message: text }, ctx));
  }
  if (ctx.verbose) {
    for (const status of ['skip', 'pass'] as const) {
      for (const finding of block.findings.filter((f) => f.status === status).sort(bySeverity)) {
        lines.push(...row(status.toUpperCase(), status === 'pass' ? 'green' : 'dim', finding, ctx));
      }
    }
  }
  return lines;
}

function renderVerdict(findings: readonly Finding[], ctx: Context): string[] {
  const failures = findings.filter((f) => f.status === 'fail');
  const parts: string[] = [];
  if (failures.length > 0) {
    const perSeverity = (Object.keys(SEVERITY_RANK) as Severity[])
      .map(
        (severity) => [severity, failures.filter((f) => f.severity === severity).length] as const,
      )
      .filter(([, count]) => count > 0)
      .map(([severity, count]) => `${count} ${severity}`);
    parts.push(`${failures.length} failed (${perSeverity.join(', ')})`);
  }
  const count = (status: Status): number => findings.filter((f) => f.status === status).length;
  const others: [Status, string][] = [
    ['error', 'error'],
    ['not-evaluated', 'not evaluated'],
    ['waived', 'waived'],
    ['skip', 'skipped'],
    ['pass', 'passed'],
  ];
  for (const [status, word] of others) {
    const n = count(status);
    if (n > 0) parts.push(`${n} ${status === 'error' && n > 1 ? 'errors' : word}`);
  }
  // PASS only when something passed: a block of mode gaps alone was not evaluated at all.
  const passed = findings.some((f) => f.status === 'pass');
  const [label, style]: [string, Style] =
    failures.length > 0
      ? ['FAIL', 'boldRed']
      : findings.some(isIncomplete)
        ? ['INCOMPLETE', 'magenta']
        : passed || findings.length === 0
          ? ['PASS', 'green']
          : ['NOT EVALUATED', 'magenta'];
  return row(label, style, parts.length === 0 ? 'no findings' : parts.join(', '), ctx);
}

/** error / not-evaluated, grouped by their cause so one failed request is one line. */
function renderIncomplete(findings: readonly Finding[], ctx: Context): string[] {
  const groups = new Map<string, { status: Status; reason: string; findings: Finding[] }>();
  const sorted = [...findings].sort((a, b) => compare(a.status, b.status) || bySeverity(a, b));
  for (const finding of sorted) {
    const reason = reasonOf(finding, ctx);
    const key = `${finding.status}\u0000${reason}`;
    const group = groups.get(key) ?? { status: finding.status, reason, findings: [] };
    group.findings.push(finding);
    groups.set(key, group);
  }
  const lines: string[] = [];
  for (const group of groups.values()) {
    const ids = [...new Set(group.findings.map((f) => f.ruleId))].join(', ');
    const label = group.status === 'error' ? 'ERROR' : 'NOT EVALUATED';
    lines.push(...row(label, 'magenta', `${ids}: ${group.reason}`, ctx));
    if (ctx.verbose) {
      for (const finding of group.findings) lines.push(...row('', undefined, finding, ctx));
    }
  }
  return lines;
}

/** What kept the rule from running: the failed request and the permission, or the mode's reason. */
function reasonOf(finding: Finding, ctx: Context): string {
  const evidence = finding.evidence;
  if (evidence?.request !== undefined) {
    const known = ctx.failedRequests.get(evidence.request);
    const code = evidence.errorCode ?? known?.errorCode;
    const permission = evidence.permission ?? known?.permission;
    return (
      `request ${evidence.request} failed${code === undefined ? '' : ` (${code})`}` +
      (permission === undefined ? '' : `; the auditing user needs ${permission}`)
    );
  }
  return evidence?.reason ?? finding.message;
}

/**
 * "Not evaluated in project mode: A: why; B: why" → "A and B: why": the facets a rule needs, said
 * once, and the mode's reason once.
 */
export function condenseModeReason(reason: string): string {
  const body = reason.replace(/^Not evaluated in [\w+-]+ mode: /, '');
  const byWhy = new Map<string, string[]>();
  for (const part of body.split('; ')) {
    const at = part.indexOf(': ');
    const [facet, why] = at < 0 ? [part, ''] : [part.slice(0, at), part.slice(at + 2)];
    byWhy.set(why, [...(byWhy.get(why) ?? []), facet]);
  }
  return [...byWhy]
    .map(([why, facets]) => (why === '' ? facets.join(' and ') : `${facets.join(' and ')}: ${why}`))
    .join('; ');
}

function renderFooter(report: AuditReport, ctx: Context): string[] {
  const totals = TOTALS_ORDER.map((status) => `${report.summary[status]} ${status}`).join(', ');
  const lines = field('Totals', totals);
  const byMode = new Map<string, Set<string>>();
  for (const finding of report.findings.filter(isByMode)) {
    const reason = condenseModeReason(reasonOf(finding, ctx));
    byMode.set(reason, (byMode.get(reason) ?? new Set()).add(finding.ruleId));
  }
  if (byMode.size > 0) {
    lines.push(...title(`Not evaluated in ${report.collection.mode} mode`, ctx));
    for (const [reason, ids] of byMode) {
      lines.push(...hanging(INDENT, INDENT + INDENT, `${[...ids].sort().join(', ')}: ${reason}`));
    }
  }
  const failed = report.collection.failedRequests;
  if (failed.length > 0) {
    lines.push(...title('Failed requests', ctx));
    for (const request of failed) {
      const permission =
        request.permission === undefined ? '' : `; the auditing user needs ${request.permission}`;
      const text = `${request.request}: ${request.errorCode}${permission}. ${request.message}`;
      lines.push(...hanging(INDENT, INDENT + INDENT, text));
    }
  }
  if (report.warnings.length > 0) {
    lines.push(...title('Warnings', ctx));
    for (const warning of report.warnings) lines.push(...hanging(INDENT, INDENT + INDENT, warning));
  }
  return lines;
}

/**
 * One table row: the label column (painted after padding, so colour never shifts the layout), then
 * either free text, or a finding as rule id + message with its details when verbose.
 */
function row(
  label: string,
  style: Style | undefined,
  body: string | Finding,
  ctx: Context,
): string[] {
  const padded = label.padEnd(LABEL);
  const head = INDENT + (style === undefined ? padded : ctx.paint(padded, style));
  if (typeof body === 'string') return hanging(head, ' '.repeat(INDENT.length + LABEL), body);
  const rule = clean(body.ruleId)
    .slice(0, RULE - 2)
    .padEnd(RULE);
  const lines = hanging(head + rule, ' '.repeat(DETAIL), body.message);
  if (ctx.verbose) {
    const pad = ' '.repeat(DETAIL);
    for (const detail of detailsOf(body, ctx.runAs ?? null))
      lines.push(...hanging(pad, `${pad}  `, detail));
  }
  return lines;
}

function detailsOf(finding: Finding, runAs: string | null): string[] {
  const { resource, evidence } = finding;
  const details = [`rule: ${finding.slug} (${finding.severity})`];
  if (resource.type !== 'User' || resource.name !== runAs) {
    const id = resource.id === undefined ? '' : ` (${resource.id})`;
    details.push(`resource: ${resource.type} ${resource.name}${id}`);
  }
  if (evidence?.expected !== undefined || evidence?.actual !== undefined) {
    details.push(`expected: ${show(evidence.expected)}; actual: ${show(evidence.actual)}`);
  }
  const via = evidence?.via ?? [];
  if (via.length > 0) {
    const paths = via.map(
      (v) =>
        `${v.type} ${v.name}` +
        (v.group === undefined ? '' : ` in group ${v.group}`) +
        (v.impliedBy === undefined ? '' : `, implied by ${v.impliedBy}`),
    );
    details.push(`via: ${paths.join('; ')}`);
  }
  if (evidence?.listing?.truncated === true)
    details.push(`evidence: ${listingText(evidence.listing)}`);
  const frameworks = Object.entries(finding.frameworks)
    .filter(([, controls]) => controls.length > 0)
    .map(([framework, controls]) => `${framework} ${controls.join(' ')}`);
  if (frameworks.length > 0) details.push(`frameworks: ${frameworks.join('; ')}`);
  if (finding.remediation !== '') details.push(`fix: ${finding.remediation}`);
  return details;
}

function show(value: unknown): string {
  if (value === undefined) return '(none)';
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? typeof value);
}

/** A bold heading line (wrapped: app names come from the org). */
function title(text: string, ctx: Context): string[] {
  return hanging('', '', text).map((line) => ctx.paint(line, 'bold'));
}

/** `Label      value`, wrapped under the value. */
function field(label: string, value: string): string[] {
  return hanging(label.padEnd(LABEL), ' '.repeat(LABEL), value);
}

function bySeverity(a: Finding, b: Finding): number {
  return (
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    compare(a.ruleId, b.ruleId) ||
    compare(a.resource.name, b.resource.name)
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
