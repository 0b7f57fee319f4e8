// `--format markdown`: a pull-request comment or job summary, a pure function of the report
// (docs/formats.md). A verdict line, then one short table per integration that needs attention,
// worst first; integrations with nothing to look at share one line. The comment stays under GitHub's
// 65,536 characters: what does not fit is counted in a truncation note, never silently dropped.
// Strings from the org are stripped of control characters and escaped, so a `|`, a backtick or
// markup in a name cannot break the table or inject formatting.

import { SEVERITY_RANK } from '../model/finding.js';
import type { AuditReport, Finding, IntegrationSummary, Severity } from '../model/finding.js';
import { compare, isByMode, isIncomplete, reasonOf, ruleDocUrl } from './ci.js';
import { clean } from './layout.js';
import { condenseModeReason } from './text.js';
import type { RenderOptions } from './types.js';

/** GitHub's limit on a comment's body, in characters. */
export const MARKDOWN_LIMIT = 65_536;
/** Rows of one integration's table before the rest are counted instead. */
export const MAX_ROWS = 25;
/** Longest text in one cell: a table row stays readable. */
const MAX_CELL = 300;
/** Items of one footer list (failed requests, warnings, mode gaps). */
const MAX_ITEMS = 20;
/** Room kept for the truncation note. */
const NOTE_ROOM = 600;

type Verdict = 'FAIL' | 'INCOMPLETE' | 'PASS' | 'NOT EVALUATED';
const VERDICT_ICON: Record<Verdict, string> = {
  FAIL: '❌',
  INCOMPLETE: '⚠️',
  PASS: '✅',
  'NOT EVALUATED': '➖',
};

const APP_TYPE_LABEL: Record<IntegrationSummary['appType'], string> = {
  ConnectedApp: 'Connected App',
  ExternalClientApplication: 'External Client App',
};

interface Block {
  app: string;
  integration: IntegrationSummary | undefined;
  findings: Finding[];
  verdict: Verdict;
  rank: number;
}

export function renderMarkdown(report: AuditReport, options: RenderOptions = {}): string {
  const blocks = blocksOf(report);
  const head = header(report, options.command ?? 'audit');
  const foot = fitted(footer(report), report);
  const quiet = blocks.filter((b) => !needsTable(b));
  const loud = blocks.filter(needsTable);

  const sections: string[] = [];
  let used = head.length + foot.length + NOTE_ROOM;
  let shown = 0;
  for (const block of loud) {
    const section = table(report, block);
    if (used + section.length > MARKDOWN_LIMIT) break;
    sections.push(section);
    used += section.length;
    shown += 1;
  }
  const hidden = loud.slice(shown);
  if (quiet.length > 0) {
    const line = quietLine(quiet, MARKDOWN_LIMIT - used);
    sections.push(line);
  }
  const note = hidden.length === 0 ? '' : truncationNote(hidden);
  return [head, ...sections, note, foot].filter((part) => part !== '').join('\n');
}

function blocksOf(report: AuditReport): Block[] {
  const byApp = new Map<string, Finding[]>();
  for (const finding of report.findings)
    byApp.set(finding.app, [...(byApp.get(finding.app) ?? []), finding]);
  const entries: [string, IntegrationSummary | undefined][] = report.integrations.map((i) => [
    i.app,
    i,
  ]);
  const audited = new Set(report.integrations.map((i) => i.app));
  for (const app of byApp.keys()) if (!audited.has(app)) entries.push([app, undefined]);
  const blocks = entries.map(([app, integration]) => {
    const findings = byApp.get(app) ?? [];
    const failing = findings.filter((f) => f.status === 'fail');
    const verdict: Verdict =
      failing.length > 0
        ? 'FAIL'
        : findings.some(isIncomplete)
          ? 'INCOMPLETE'
          : findings.some((f) => f.status === 'pass') || findings.length === 0
            ? 'PASS'
            : 'NOT EVALUATED';
    const rank =
      failing.length > 0
        ? Math.min(...failing.map((f) => SEVERITY_RANK[f.severity]))
        : verdict === 'INCOMPLETE'
          ? 10
          : 20;
    return { app, integration, findings, verdict, rank };
  });
  // Worst first; the sort is stable, so equal blocks keep the report's order.
  return blocks.sort((a, b) => a.rank - b.rank);
}

/** A table for failures, gaps a request caused, and waivers; the rest is counted on one line. */
function needsTable(block: Block): boolean {
  return block.findings.some(
    (f) => f.status === 'fail' || f.status === 'waived' || isIncomplete(f),
  );
}

function header(report: AuditReport, command: NonNullable<RenderOptions['command']>): string {
  const source: string[] = [];
  if (report.org !== null) {
    const kind = report.org.isSandbox ? 'sandbox' : 'production';
    source.push(`Org ${code(report.org.id)} (${kind})`);
  }
  if (report.project !== null) source.push(`project ${code(report.project.name)}`);
  source.push(
    `mode ${report.collection.mode}`,
    `collected ${md(report.collectedAt)}`,
    `${md(report.tool.name)} ${md(report.tool.version)}`,
  );
  const failing = report.findings.filter((f) => f.status === 'fail');
  const bySeverity = (Object.keys(SEVERITY_RANK) as Severity[])
    .map((s) => [s, failing.filter((f) => f.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`);
  const { summary } = report;
  const totals = [
    failing.length === 0
      ? '**no failures**'
      : `**${failing.length} failed** (${bySeverity.join(', ')})`,
    `${summary.error} error${summary.error === 1 ? '' : 's'}`,
    `${summary['not-evaluated']} not evaluated`,
    `${summary.waived} waived`,
    `${summary.pass} passed`,
  ];
  const incomplete = report.findings.some(isIncomplete);
  const verdict: Verdict = failing.length > 0 ? 'FAIL' : incomplete ? 'INCOMPLETE' : 'PASS';
  return [
    `## ${VERDICT_ICON[verdict]} runas-guard ${command}: ${verdict}`,
    '',
    source.join(' · '),
    '',
    totals.join(' · '),
    '',
  ].join('\n');
}

function table(report: AuditReport, block: Block): string {
  const runAs = block.integration?.runAsUsername;
  const title = [
    `### ${VERDICT_ICON[block.verdict]} ${block.verdict} ${code(block.app)}`,
    block.integration === undefined
      ? 'not among the audited apps'
      : APP_TYPE_LABEL[block.integration.appType],
    ...(block.integration === undefined
      ? []
      : [runAs === null || runAs === undefined ? 'no run-as user' : `run as ${code(runAs)}`]),
  ].join(' · ');
  const rows = rowsOf(report, block);
  const lines = [title, '', '| Status | Rule | Resource | Finding |', '| --- | --- | --- | --- |'];
  lines.push(...rows.slice(0, MAX_ROWS));
  if (rows.length > MAX_ROWS)
    lines.push(
      '',
      `… and ${rows.length - MAX_ROWS} more rows: the SARIF, JUnit or JSON report has them all.`,
    );
  const count = (status: Finding['status']) =>
    block.findings.filter((f) => f.status === status).length;
  const rest = [
    `${count('pass')} passed`,
    ...(count('skip') > 0 ? [`${count('skip')} skipped`] : []),
    ...(block.findings.some(isByMode)
      ? [
          `${block.findings.filter(isByMode).length} not evaluated in ${report.collection.mode} mode`,
        ]
      : []),
  ];
  lines.push('', rest.join(' · '), '');
  return lines.join('\n');
}

function rowsOf(report: AuditReport, block: Block): string[] {
  const rows: string[] = [];
  const failing = block.findings.filter((f) => f.status === 'fail').sort(bySeverity);
  for (const f of failing)
    rows.push(row(`**${f.severity}**`, rule(report, f), resource(f, block), md(f.message)));
  // A request that failed for several rules is one row.
  const gaps = new Map<string, { status: string; reason: string; findings: Finding[] }>();
  for (const f of block.findings.filter(isIncomplete).sort(bySeverity)) {
    const reason = reasonOf(report, f);
    const key = JSON.stringify([f.status, reason]);
    const gap = gaps.get(key) ?? { status: f.status, reason, findings: [] };
    gap.findings.push(f);
    gaps.set(key, gap);
  }
  for (const { status, reason, findings } of gaps.values()) {
    const rules = [...new Set(findings.map((f) => rule(report, f)))].join(', ');
    rows.push(row(status === 'error' ? 'error' : 'not evaluated', rules, '', md(reason)));
  }
  for (const f of block.findings.filter((x) => x.status === 'waived').sort(bySeverity)) {
    const waiver = f.waiver;
    const why = waiver === undefined ? '' : ` Waived until ${waiver.expires}: ${waiver.reason}`;
    rows.push(
      row(
        `waived (${f.waivedStatus ?? 'unknown'}, ${f.severity})`,
        rule(report, f),
        resource(f, block),
        md(`${f.message}${why}`),
      ),
    );
  }
  return rows;
}

/**
 * A table row. GFM splits cells before anything else, reading a backslash and the punctuation after
 * it as a pair: a `|` is escaped as `\|`, and an odd run of backslashes before it (possible in a
 * code span, whose backslashes are literal) gets one more so the pipe's own escape stays a pair.
 */
function row(...cells: string[]): string {
  const escaped = cells.map((cell) =>
    cell.replace(/(\\*)\|/g, (_, run: string) => `${run}${run.length % 2 === 1 ? '\\' : ''}\\|`),
  );
  return `| ${escaped.join(' | ')} |`;
}

function rule(report: AuditReport, finding: Finding): string {
  return `[${md(finding.ruleId)}](<${ruleDocUrl(report.tool.version, finding.ruleId)}>)`;
}

function resource(finding: Finding, block: Block): string {
  const { type, name } = finding.resource;
  if (type === 'User' && name === block.integration?.runAsUsername) return 'run-as user';
  if ((type === 'ConnectedApp' || type === 'ExternalClientApplication') && name === block.app)
    return 'app';
  return `${type} ${code(name)}`;
}

function quietLine(blocks: readonly Block[], room: number): string {
  const byVerdict = new Map<Verdict, string[]>();
  for (const block of blocks)
    byVerdict.set(block.verdict, [...(byVerdict.get(block.verdict) ?? []), code(block.app)]);
  const parts: string[] = [];
  for (const [verdict, apps] of byVerdict) {
    const label =
      verdict === 'PASS'
        ? `${VERDICT_ICON.PASS} **PASS** (${apps.length})`
        : `${VERDICT_ICON[verdict]} **${verdict.toLowerCase()} in this mode** (${apps.length})`;
    parts.push(`${label}: ${apps.join(', ')}`);
  }
  const line = `${parts.join('\n\n')}\n`;
  // A fleet of clean integrations is counted, not listed, when the names do not fit.
  if (line.length <= room) return line;
  return `${[...byVerdict].map(([verdict, apps]) => `${VERDICT_ICON[verdict]} ${apps.length} integration(s) ${verdict === 'PASS' ? 'pass' : verdict.toLowerCase()}`).join(' · ')}\n`;
}

function truncationNote(hidden: readonly Block[]): string {
  const failures = hidden.flatMap((b) => b.findings).filter((f) => f.status === 'fail').length;
  return (
    `> [!WARNING]\n> Truncated: ${hidden.length} more integration(s) with ${failures} failure(s) ` +
    `are not shown, to keep this comment under ${MARKDOWN_LIMIT.toLocaleString('en-US')} characters. ` +
    'The SARIF, JUnit or JSON report has every finding.\n'
  );
}

function footer(report: AuditReport): string {
  const lines: string[] = [];
  const byMode = new Map<string, Set<string>>();
  for (const finding of report.findings.filter(isByMode)) {
    const reason = condenseModeReason(reasonOf(report, finding));
    byMode.set(reason, (byMode.get(reason) ?? new Set()).add(finding.ruleId));
  }
  if (byMode.size > 0) {
    lines.push(
      `<details><summary>Not evaluated in ${report.collection.mode} mode (${report.findings.filter(isByMode).length} checks)</summary>`,
      '',
      ...list(
        [...byMode].map(([reason, ids]) => `${[...ids].sort(compare).join(', ')}: ${md(reason)}`),
      ),
      '',
      '</details>',
      '',
    );
  }
  const failed = report.collection.failedRequests;
  if (failed.length > 0) {
    lines.push('**Failed requests**', '');
    lines.push(
      ...list(
        failed.map((r) => {
          const permission =
            r.permission === undefined ? '' : `; the auditing user needs ${md(r.permission)}`;
          return `${code(r.request)}: ${md(r.errorCode)}${permission}`;
        }),
      ),
      '',
    );
  }
  if (report.warnings.length > 0) {
    lines.push('**Warnings**', '', ...list(report.warnings.map(md)), '');
  }
  return lines.join('\n');
}

/** The footer, or its counts when org text makes it longer than a quarter of the comment. */
function fitted(foot: string, report: AuditReport): string {
  if (foot.length <= MARKDOWN_LIMIT / 4) return foot;
  const failed = report.collection.failedRequests.length;
  return (
    `**${failed} failed request(s), ${report.warnings.length} warning(s)** and the rules not ` +
    'evaluated in this mode: the SARIF, JUnit or JSON report lists them.\n'
  );
}

function list(items: readonly string[]): string[] {
  const shown = items.slice(0, MAX_ITEMS).map((item) => `- ${item}`);
  if (items.length > MAX_ITEMS) shown.push(`- … and ${items.length - MAX_ITEMS} more`);
  return shown;
}

/**
 * Org text as inline Markdown: control characters gone, cut, markup characters and entities
 * escaped. A `|` is escaped by row(): only a table gives it a meaning.
 */
export function md(value: string): string {
  return cut(clean(value))
    .replace(/[\\`*_[\]<>~#!]/g, (c) => `\\${c}`)
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, '&amp;');
}

/**
 * Org text as a code span: a fence longer than any run of backticks inside, padded when the text
 * starts or ends with one. A `|` is escaped by row(), as tables require even in code spans.
 */
export function code(value: string): string {
  const text = cut(clean(value));
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

function cut(text: string): string {
  const chars = Array.from(text);
  return chars.length > MAX_CELL ? `${chars.slice(0, MAX_CELL - 1).join('')}…` : text;
}

function bySeverity(a: Finding, b: Finding): number {
  return (
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    compare(a.ruleId, b.ruleId) ||
    compare(a.resource.name, b.resource.name)
  );
}
