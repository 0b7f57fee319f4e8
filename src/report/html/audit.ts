// `--format html` of an audit: one self-contained page (docs/formats.md, "HTML"): the header with
// the verdict and counts, a summary per integration, the access graph with each container's blast
// radius, and the findings with evidence and remediation, filtered by severity, status, rule, app.

import {
  type AuditReport,
  canonicalizeReport,
  type Finding,
  type IntegrationSummary,
  type Severity,
} from '../../model/finding.js';
import { isIncomplete } from '../ci.js';
import type { RenderOptions } from '../types.js';
import { renderFindings } from './findings.js';
import { accessGraph, renderGraphSvg } from './graph.js';
import { esc, page, plural, SEVERITY_ORDER, severityBadge, STATUS_ORDER } from './shell.js';

type Verdict = 'FAIL' | 'INCOMPLETE' | 'PASS' | 'NOT EVALUATED';

const APP_TYPE_LABEL: Record<IntegrationSummary['appType'], string> = {
  ConnectedApp: 'Connected App',
  ExternalClientApplication: 'External Client App',
};

function verdictOf(findings: readonly Finding[]): Verdict {
  if (findings.some((f) => f.status === 'fail')) return 'FAIL';
  if (findings.some(isIncomplete)) return 'INCOMPLETE';
  if (findings.length === 0 || findings.some((f) => f.status === 'pass')) return 'PASS';
  return 'NOT EVALUATED';
}

function worstOf(findings: readonly Finding[]): Severity | undefined {
  return SEVERITY_ORDER.find((s) => findings.some((f) => f.status === 'fail' && f.severity === s));
}

export function renderAuditHtml(original: AuditReport, options: RenderOptions = {}): string {
  // Keys in schema order and maps sorted, as the JSON report has them: evidence shows the same
  // whichever way the report was assembled, and the report read back from JSON renders the same.
  const report = canonicalizeReport(original);
  const command = options.command ?? 'audit';
  const verdict = verdictOf(report.findings);
  const subject =
    report.org !== null ? report.org.id : report.project !== null ? report.project.name : '';
  const body = [
    header(report, command, verdict),
    '<main>',
    integrationsSection(report),
    graphSection(report),
    '<section><h2 id="findings-title">Findings</h2>',
    renderFindings({
      id: 'findings',
      findings: report.findings,
      ...(options.rules !== undefined ? { rules: options.rules } : {}),
      toolVersion: report.tool.version,
    }),
    '</section>',
    collectionSection(report),
    `<footer>${esc(report.tool.name)} ${esc(report.tool.version)} · generated ${esc(report.generatedAt)}</footer>`,
    '</main>',
  ].join('\n');
  return page({
    title: `runas-guard ${command}: ${verdict}${subject === '' ? '' : ` · ${subject}`}`,
    body,
  });
}

function header(report: AuditReport, command: string, verdict: Verdict): string {
  const meta: string[] = [];
  if (report.org !== null) {
    const kind = report.org.isSandbox ? 'sandbox' : 'production';
    meta.push(`Org <code>${esc(report.org.id)}</code> (${kind}) ${esc(report.org.instanceUrl)}`);
  }
  if (report.project !== null) meta.push(`project <code>${esc(report.project.name)}</code>`);
  meta.push(`mode ${esc(report.collection.mode)}`, `collected ${esc(report.collectedAt)}`);
  const failing = report.findings.filter((f) => f.status === 'fail');
  const cards = [
    `<li class="verdict-${verdict.replace(' ', '-')}"><b>${verdict}</b></li>`,
    `<li><b>${report.integrations.length}</b> integrations</li>`,
    ...SEVERITY_ORDER.map((s) => [s, failing.filter((f) => f.severity === s).length] as const)
      .filter(([, n]) => n > 0)
      .map(([s, n]) => `<li><b>${n}</b> ${severityBadge(s)} failed</li>`),
    ...STATUS_ORDER.filter((s) => s !== 'fail').map(
      (s) => `<li><b>${report.summary[s]}</b> ${s}</li>`,
    ),
  ];
  return (
    `<header class="top"><h1>runas-guard ${esc(command)}: <span class="verdict-${verdict.replace(' ', '-')}">${verdict}</span></h1>` +
    `<p class="meta">${meta.map((m) => `<span>${m}</span>`).join('')}</p>` +
    `<ul class="cards">${cards.join('')}</ul></header>`
  );
}

interface Row {
  app: string;
  integration: IntegrationSummary | undefined;
  findings: Finding[];
}

function integrationsSection(report: AuditReport): string {
  const byApp = new Map<string, Finding[]>();
  for (const finding of report.findings) {
    const list = byApp.get(finding.app);
    if (list === undefined) byApp.set(finding.app, [finding]);
    else list.push(finding);
  }
  const rows: Row[] = report.integrations.map((integration) => ({
    app: integration.app,
    integration,
    findings: byApp.get(integration.app) ?? [],
  }));
  // Findings about an app the audit did not find (a declared integration missing from the org).
  const audited = new Set(report.integrations.map((i) => i.app));
  for (const [app, findings] of byApp)
    if (!audited.has(app)) rows.push({ app, integration: undefined, findings });
  const rank = (row: Row): number => {
    const worst = worstOf(row.findings);
    if (worst !== undefined) return SEVERITY_ORDER.indexOf(worst);
    return verdictOf(row.findings) === 'INCOMPLETE' ? 10 : 20;
  };
  const sorted = rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => rank(a.row) - rank(b.row) || a.index - b.index);
  const count = (row: Row, test: (f: Finding) => boolean): number =>
    row.findings.filter(test).length;
  const lines = sorted.map(({ row }) => {
    const verdict = verdictOf(row.findings);
    const worst = worstOf(row.findings);
    const user = row.integration?.runAsUsername ?? null;
    return (
      `<tr><td><b>${esc(row.app)}</b><br><span class="muted">${
        row.integration === undefined ? 'not in the org' : APP_TYPE_LABEL[row.integration.appType]
      }</span></td>` +
      `<td>${user === null ? '<span class="muted">none configured</span>' : `<code>${esc(user)}</code>`}</td>` +
      `<td class="verdict-${verdict.replace(' ', '-')}"><b>${verdict}</b></td>` +
      `<td>${worst === undefined ? '' : severityBadge(worst)}</td>` +
      `<td class="num">${count(row, (f) => f.status === 'fail')}</td>` +
      `<td class="num">${count(row, isIncomplete)}</td>` +
      `<td class="num">${count(row, (f) => f.status === 'waived')}</td>` +
      `<td class="num">${count(row, (f) => f.status === 'pass')}</td></tr>`
    );
  });
  return (
    `<section><h2>Integrations</h2><div class="wrap"><table id="integrations"><thead><tr>` +
    `<th>App</th><th>Run-as user</th><th>Status</th><th>Worst</th><th class="num">Failed</th>` +
    `<th class="num">Incomplete</th><th class="num">Waived</th><th class="num">Passed</th>` +
    `</tr></thead><tbody>${lines.join('\n')}</tbody></table></div></section>`
  );
}

function graphSection(report: AuditReport): string {
  const graph = accessGraph(report);
  const note =
    graph.containers.length === 0
      ? 'No finding of this report names the container a grant came through, so no container is drawn.'
      : `${plural(graph.containers.length, 'container')} named by the findings' evidence. Hover, focus or click one to see the apps that break if it changes.`;
  return (
    `<section><h2>Access graph</h2><p class="muted">${note}</p>` +
    `<p id="blast" aria-live="polite">Blast radius: hover or click a container.</p>` +
    `<div class="graph-wrap">${renderGraphSvg(graph)}</div></section>`
  );
}

function collectionSection(report: AuditReport): string {
  const parts: string[] = [];
  const { collection } = report;
  const facts = [
    `mode ${esc(collection.mode)}`,
    plural(collection.apiRequests, 'API request'),
    ...(collection.retries === undefined ? [] : [plural(collection.retries, 'retry', 'retries')]),
  ];
  parts.push(`<p>${facts.join(' · ')}</p>`);
  if (collection.failedRequests.length > 0) {
    const items = collection.failedRequests.map(
      (r) =>
        `<li><code>${esc(r.request)}</code> ${esc(r.errorCode)}: ${esc(r.message)}` +
        `${r.permission === undefined ? '' : ` <span class="muted">(needs ${esc(r.permission)})</span>`}</li>`,
    );
    parts.push(`<h3>Failed requests</h3><ul class="plain">${items.join('')}</ul>`);
  }
  if (report.warnings.length > 0) {
    const items = report.warnings.map((w) => `<li>${esc(w)}</li>`);
    parts.push(`<h3>Warnings</h3><ul class="plain">${items.join('')}</ul>`);
  }
  return `<section><h2>Collection</h2>${parts.join('')}</section>`;
}
