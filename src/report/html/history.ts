// The HTML page of `monitor history`: per org, a trend of failing findings over its runs and a
// timeline of the runs (oldest first, as the store lists them) with their counts and the change in
// failures from the run before.

import type { DriftChange } from '../../drift/report.js';
import { compare } from '../ci.js';
import { esc, page, plural } from './shell.js';

/**
 * One run as the timeline shows it: the fields of the store's `RunSummary`
 * (src/monitor/store/types.ts), restated here because report/ may not import monitor/; a
 * `RunSummary[]` is passed as it is.
 */
export interface HistoryRun {
  id: number;
  orgKey: string;
  source: string;
  collectedAt: string;
  recordedAt: string;
  exitCode: number;
  integrationCount: number;
  /** Findings with status fail. */
  failCount: number;
  /** `history --app`: whether the app was in this run's audit. */
  present?: boolean;
  /** `history --app`: what changed for the app since the org's run before. */
  changes?: readonly Pick<DriftChange, 'kind' | 'text' | 'breaks'>[];
  /** `history --app`: what could not be compared with the run before. */
  notCompared?: readonly string[];
}

export interface HistoryHtmlOptions {
  /** `history --app NAME`: the app the runs were listed for, named in the title. */
  app?: string;
}

const TREND = { width: 900, height: 140, left: 40, right: 12, top: 12, bottom: 24 } as const;

export function renderHistoryHtml(
  runs: readonly HistoryRun[],
  options: HistoryHtmlOptions = {},
): string {
  const orgs = [...new Set(runs.map((r) => r.orgKey))].sort(compare);
  const title = `runas-guard monitor history${options.app === undefined ? '' : ` · ${options.app}`}`;
  const sections = orgs.map((org) =>
    orgSection(
      org,
      runs.filter((r) => r.orgKey === org),
    ),
  );
  const body = [
    `<header class="top"><h1>${esc(title)}</h1><p class="meta"><span>${plural(runs.length, 'run')}</span>` +
      `<span>${plural(orgs.length, 'org')}</span></p></header>`,
    '<main>',
    runs.length === 0 ? '<p class="muted">No run recorded yet.</p>' : sections.join('\n'),
    '</main>',
  ].join('\n');
  return page({ title, body });
}

function orgSection(org: string, runs: readonly HistoryRun[]): string {
  const items = runs.map((run, index) => {
    const before = index === 0 ? undefined : runs[index - 1];
    const delta = before === undefined ? 0 : run.failCount - before.failCount;
    const trend =
      before === undefined
        ? ''
        : delta === 0
          ? ' <span class="muted">(no change)</span>'
          : ` <span class="${delta > 0 ? 'breaks' : 'verdict-PASS'}">(${delta > 0 ? '+' : '−'}${Math.abs(delta)})</span>`;
    return (
      `<li data-run="${run.id}" class="${run.failCount > 0 ? 'failing' : 'clean'}">` +
      `<b>run ${run.id}</b> · collected <code>${esc(run.collectedAt)}</code> · ` +
      `${plural(run.failCount, 'failing finding')}${trend} · ${plural(run.integrationCount, 'integration')} · ` +
      `exit ${run.exitCode}<br><span class="muted">${esc(run.source)}, recorded ${esc(run.recordedAt)}</span>` +
      `${appLines(run, before === undefined)}</li>`
    );
  });
  return (
    `<section><h2>${esc(org)} <span class="muted">${plural(runs.length, 'run')}</span></h2>` +
    `${trendSvg(runs)}<ol class="timeline">${items.join('\n')}</ol></section>`
  );
}

/** `history --app`: the app's presence and its changes since the run before. */
function appLines(run: HistoryRun, first: boolean): string {
  const lines: string[] = [];
  if (run.present === false) lines.push('<p class="breaks">The app is not in this run.</p>');
  if (run.changes !== undefined && run.changes.length > 0) {
    const items = run.changes.map(
      (change) =>
        `<li data-kind="${esc(change.kind)}">${esc(change.text)}` +
        (change.breaks.length === 0
          ? ''
          : ` <span class="breaks">breaks ${change.breaks.map(esc).join(', ')}</span>`) +
        '</li>',
    );
    lines.push(`<ul class="plain changes">${items.join('')}</ul>`);
  } else if (run.changes !== undefined && run.present !== false && !first) {
    lines.push('<p class="muted">No change for the app.</p>');
  }
  if (run.notCompared !== undefined && run.notCompared.length > 0)
    lines.push(`<p class="muted">Not compared: ${run.notCompared.map(esc).join('; ')}</p>`);
  return lines.join('');
}

/** Failing findings per run as a line over the runs' order (evenly spaced: a run is a point). */
function trendSvg(runs: readonly HistoryRun[]): string {
  if (runs.length < 2) return '';
  const { width, height, left, right, top, bottom } = TREND;
  const max = Math.max(1, ...runs.map((r) => r.failCount));
  const x = (i: number): number => round(left + ((width - left - right) * i) / (runs.length - 1));
  const y = (n: number): number => round(top + (height - top - bottom) * (1 - n / max));
  const points = runs.map((r, i) => `${x(i)},${y(r.failCount)}`).join(' ');
  const dots = runs.map(
    (r, i) =>
      `<circle cx="${x(i)}" cy="${y(r.failCount)}" r="3"><title>run ${r.id}: ${r.failCount}</title></circle>`,
  );
  const first = runs[0];
  const last = runs[runs.length - 1];
  return (
    `<svg class="trend" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" role="img" ` +
    `aria-label="Failing findings per run">` +
    `<line x1="${left}" y1="${y(0)}" x2="${width - right}" y2="${y(0)}"/>` +
    `<line x1="${left}" y1="${y(max)}" x2="${width - right}" y2="${y(max)}"/>` +
    `<text x="4" y="${y(max) + 4}">${max}</text><text x="4" y="${y(0) + 4}">0</text>` +
    `<polyline points="${points}"/>${dots.join('')}` +
    `<text x="${left}" y="${height - 6}">run ${first?.id ?? ''}</text>` +
    `<text x="${width - right}" y="${height - 6}" text-anchor="end">run ${last?.id ?? ''}</text></svg>`
  );
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
