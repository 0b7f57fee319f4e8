// The HTML page of a drift report (`monitor diff --format html`, `compare --format html`): the two
// sides and the counts, then per integration what changed and which integrations each change
// breaks, filtered by kind of change and by breaking; compare's findings below, as in the audit.

import type {
  DriftChange,
  DriftChangeKind,
  DriftIntegration,
  DriftReport,
  DriftSide,
} from '../../drift/report.js';
import type { RuleInfo } from '../types.js';
import { renderFindings } from './findings.js';
import { checkboxFilter, esc, filterForm, page, plural, selectFilter } from './shell.js';

const KINDS: readonly { kind: DriftChangeKind; label: string }[] = [
  { kind: 'runAs', label: 'run-as user' },
  { kind: 'user', label: 'user record' },
  { kind: 'preAuthorization', label: 'pre-authorization' },
  { kind: 'policy', label: 'app policy' },
  { kind: 'access', label: 'access' },
  { kind: 'finding', label: 'finding' },
];

const TITLE: Record<DriftReport['kind'], string> = {
  'monitor-diff': 'monitor diff',
  compare: 'compare',
};

export interface DriftHtmlOptions {
  /** The rule catalog's metadata: titles in the rule filter of compare's findings. */
  rules?: readonly RuleInfo[];
}

export function renderDriftHtml(report: DriftReport, options: DriftHtmlOptions = {}): string {
  const command = TITLE[report.kind];
  const body = [
    header(report, command),
    '<main>',
    integrationsTable(report),
    changesSection(report),
    report.findings === undefined
      ? ''
      : `<section><h2>Findings</h2>${renderFindings({
          id: 'findings',
          findings: report.findings,
          ...(options.rules !== undefined ? { rules: options.rules } : {}),
          toolVersion: report.tool.version,
        })}</section>`,
    report.warnings.length === 0
      ? ''
      : `<section><h2>Warnings</h2><ul class="plain">${report.warnings
          .map((w) => `<li>${esc(w)}</li>`)
          .join('')}</ul></section>`,
    `<footer>${esc(report.tool.name)} ${esc(report.tool.version)} · generated ${esc(report.generatedAt)}</footer>`,
    '</main>',
  ]
    .filter((part) => part !== '')
    .join('\n');
  return page({
    title: `runas-guard ${command}: ${report.from.label} → ${report.to.label}`,
    body,
  });
}

function sideText(side: DriftSide): string {
  const facts = [
    side.source === undefined ? '' : `source ${esc(side.source)}`,
    side.orgId === undefined ? '' : `org <code>${esc(side.orgId)}</code>`,
    side.collectedAt === undefined ? '' : `collected ${esc(side.collectedAt)}`,
  ].filter((f) => f !== '');
  return `<b>${esc(side.label)}</b>${facts.length === 0 ? '' : ` <span class="muted">(${facts.join(', ')})</span>`}`;
}

function header(report: DriftReport, command: string): string {
  const { summary } = report;
  const verdict = summary.breaking > 0 ? 'FAIL' : 'PASS';
  const cards = [
    `<li><b>${summary.integrations}</b> integrations</li>`,
    `<li><b>${summary.changed}</b> changed</li>`,
    `<li><b>${summary.changes}</b> changes</li>`,
    `<li class="verdict-${verdict}"><b>${summary.breaking}</b> breaking</li>`,
    ...KINDS.filter(({ kind }) => summary.byKind[kind] > 0).map(
      ({ kind, label }) => `<li><b>${summary.byKind[kind]}</b> ${label}</li>`,
    ),
  ];
  const broken =
    summary.broken.length === 0
      ? '<p class="meta">No integration is broken by a change.</p>'
      : `<p class="breaks">Broken: ${summary.broken.map(esc).join(', ')}</p>`;
  return (
    `<header class="top"><h1>runas-guard ${command}</h1>` +
    `<p class="meta">from ${sideText(report.from)} → to ${sideText(report.to)}` +
    (report.sandboxSuffix === undefined
      ? ''
      : ` · sandbox suffix <code>${esc(report.sandboxSuffix)}</code>`) +
    `${report.exitCode === undefined ? '' : ` · exit code ${report.exitCode}`}</p>` +
    `<ul class="cards">${cards.join('')}</ul>${broken}</header>`
  );
}

function integrationName(integration: DriftIntegration): string {
  return integration.integration === integration.app
    ? esc(integration.app)
    : `${esc(integration.integration)} <span class="muted">(app ${esc(integration.app)})</span>`;
}

function integrationsTable(report: DriftReport): string {
  if (report.integrations.length === 0)
    return '<section><h2>Integrations</h2><p class="muted">No integration on either side.</p></section>';
  const broken = new Set(report.summary.broken);
  const rows = report.integrations.map((i) => {
    const breaking = i.changes.filter((c) => c.breaks.length > 0).length;
    return (
      `<tr><td>${integrationName(i)}</td><td>${esc(i.presence)}</td>` +
      `<td>${runAsText(i)}</td><td class="num">${i.changes.length}</td>` +
      `<td class="num">${breaking}</td>` +
      `<td>${broken.has(i.integration) ? '<span class="breaks">broken</span>' : ''}</td></tr>`
    );
  });
  return (
    `<section><h2>Integrations</h2><div class="wrap"><table id="integrations"><thead><tr>` +
    `<th>Integration</th><th>Presence</th><th>Run-as user</th><th class="num">Changes</th>` +
    `<th class="num">Breaking</th><th></th></tr></thead><tbody>${rows.join('\n')}</tbody></table></div></section>`
  );
}

function runAsText(integration: DriftIntegration): string {
  const { from, to } = integration.runAs;
  const show = (name: string | null): string =>
    name === null ? '<span class="muted">none</span>' : `<code>${esc(name)}</code>`;
  return from === to ? show(to) : `${show(from)} → ${show(to)}`;
}

function changesSection(report: DriftReport): string {
  const all = report.integrations.flatMap((i) => i.changes);
  if (
    all.length === 0 &&
    report.integrations.every((i) => i.presence === 'both' && i.notCompared.length === 0)
  )
    return '<section><h2>Changes</h2><p class="muted">Nothing changed.</p></section>';
  const form = filterForm('changes', [
    checkboxFilter(
      'kind',
      'Kind',
      KINDS.filter(({ kind }) => all.some((c) => c.kind === kind)).map(({ kind, label }) => ({
        value: kind,
        label,
        checked: true,
        count: all.filter((c) => c.kind === kind).length,
      })),
    ),
    selectFilter('breaking', 'Show', 'all changes', [
      { value: 'yes', label: 'breaking changes only' },
    ]),
  ]);
  const sections = report.integrations
    .filter((i) => i.changes.length > 0 || i.presence !== 'both' || i.notCompared.length > 0)
    .map((i) => {
      const notes = [
        i.presence === 'added'
          ? `<p>Only on the <b>to</b> side (${esc(report.to.label)}).</p>`
          : '',
        i.presence === 'removed'
          ? `<p>Only on the <b>from</b> side (${esc(report.from.label)}).</p>`
          : '',
        i.notCompared.length === 0
          ? ''
          : `<p class="muted">Not compared: ${i.notCompared.map(esc).join('; ')}</p>`,
      ].join('');
      const rows = i.changes.map(changeRow);
      const table =
        rows.length === 0
          ? ''
          : `<div class="wrap"><table><thead><tr><th>Kind</th><th>Change</th><th>Breaks</th></tr></thead>` +
            `<tbody>${rows.join('\n')}</tbody></table></div>`;
      return `<h3>${integrationName(i)} <span class="muted">${plural(i.changes.length, 'change')}</span></h3>${notes}${table}`;
    });
  return `<section><h2>Changes</h2>${form}<div id="changes">${sections.join('\n')}</div></section>`;
}

function changeRow(change: DriftChange): string {
  const label = KINDS.find((k) => k.kind === change.kind)?.label ?? change.kind;
  const breaking = change.breaks.length > 0;
  return (
    `<tr data-row data-kind="${esc(change.kind)}" data-breaking="${breaking ? 'yes' : 'no'}">` +
    `<td><span class="badge kind">${esc(label)}</span></td><td>${esc(change.text)}</td>` +
    `<td>${breaking ? `<span class="breaks">${change.breaks.map(esc).join(', ')}</span>` : '<span class="muted">none</span>'}</td></tr>`
  );
}
