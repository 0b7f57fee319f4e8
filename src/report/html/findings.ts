// Findings as collapsible rows with evidence and remediation, and the form that filters them by
// severity, status, rule and app: shared by the audit report and the compare report.

import { listingText } from '../listing.js';
import type { Finding, FindingVia, Status } from '../../model/finding.js';
import { compare, ruleDocUrl } from '../ci.js';
import type { RuleInfo } from '../types.js';
import {
  checkboxFilter,
  esc,
  filterForm,
  selectFilter,
  SEVERITY_ORDER,
  severityBadge,
  STATUS_ORDER,
  statusBadge,
} from './shell.js';

/** Statuses shown before the reader asks for more: what needs a look, not passes and skips. */
const SHOWN_AT_FIRST: ReadonlySet<Status> = new Set(['fail', 'error', 'not-evaluated', 'waived']);
/** Longest evidence value shown; evidence may carry long lists from the org. */
const MAX_VALUE = 4000;

/** Findings in the order a reader acts on them: status, then severity, then the report's order. */
export function orderFindings(findings: readonly Finding[]): Finding[] {
  return findings
    .map((finding, index) => ({ finding, index }))
    .sort(
      (a, b) =>
        STATUS_ORDER.indexOf(a.finding.status) - STATUS_ORDER.indexOf(b.finding.status) ||
        SEVERITY_ORDER.indexOf(a.finding.severity) - SEVERITY_ORDER.indexOf(b.finding.severity) ||
        a.index - b.index,
    )
    .map(({ finding }) => finding);
}

export interface FindingsSection {
  /** id of the list element (the filter form targets it). */
  id: string;
  findings: readonly Finding[];
  rules?: readonly RuleInfo[];
  /** The version whose rule pages the links point at. */
  toolVersion: string;
}

/** The filter form and the list of findings. */
export function renderFindings({ id, findings, rules = [], toolVersion }: FindingsSection): string {
  if (findings.length === 0) return '<p class="muted">No findings.</p>';
  const titles = new Map(rules.map((r) => [r.id, r.title]));
  const count = <T extends string>(pick: (f: Finding) => T, value: T): number =>
    findings.filter((f) => pick(f) === value).length;
  const ruleIds = [...new Set(findings.map((f) => f.ruleId))].sort(compare);
  const apps = [...new Set(findings.map((f) => f.app))].sort(compare);
  const form = filterForm(id, [
    checkboxFilter(
      'severity',
      'Severity',
      SEVERITY_ORDER.filter((s) => count((f) => f.severity, s) > 0).map((s) => ({
        value: s,
        label: s,
        checked: true,
        count: count((f) => f.severity, s),
      })),
    ),
    checkboxFilter(
      'status',
      'Status',
      STATUS_ORDER.filter((s) => count((f) => f.status, s) > 0).map((s) => ({
        value: s,
        label: s,
        checked: SHOWN_AT_FIRST.has(s),
        count: count((f) => f.status, s),
      })),
    ),
    selectFilter(
      'rule',
      'Rule',
      'all rules',
      ruleIds.map((ruleId) => {
        const title = titles.get(ruleId) ?? findings.find((f) => f.ruleId === ruleId)?.slug ?? '';
        return { value: ruleId, label: `${ruleId} ${title}` };
      }),
    ),
    selectFilter(
      'app',
      'App',
      'all apps',
      apps.map((app) => ({ value: app, label: app })),
    ),
  ]);
  const rows = orderFindings(findings).map((f) => findingRow(f, toolVersion));
  return `${form}<div id="${esc(id)}" class="findings">${rows.join('\n')}</div>`;
}

function findingRow(finding: Finding, toolVersion: string): string {
  const attributes =
    `data-row data-severity="${esc(finding.severity)}" data-status="${esc(finding.status)}" ` +
    `data-rule="${esc(finding.ruleId)}" data-app="${esc(finding.app)}"`;
  const summary =
    `<summary>${severityBadge(finding.severity)} ${statusBadge(finding.status)} ` +
    `<code>${esc(finding.ruleId)}</code> <span class="app">${esc(finding.app)}</span> ` +
    `<span class="msg">${esc(finding.message)}</span></summary>`;
  const facts: [string, string][] = [
    [
      'Resource',
      `${esc(finding.resource.type)} <code>${esc(finding.resource.name)}</code>` +
        (finding.resource.id === undefined
          ? ''
          : ` <span class="muted">${esc(finding.resource.id)}</span>`),
    ],
    ...evidenceFacts(finding),
  ];
  if (finding.waiver !== undefined) {
    facts.push([
      'Waiver',
      `${esc(finding.waiver.reason)} <span class="muted">(until ${esc(finding.waiver.expires)}` +
        `${finding.waivedStatus === undefined ? '' : `; would be ${esc(finding.waivedStatus)}`})</span>`,
    ]);
  }
  if (finding.remediation !== '') facts.push(['Remediation', esc(finding.remediation)]);
  const frameworks = Object.entries(finding.frameworks)
    .filter(([, controls]) => controls.length > 0)
    .map(([framework, controls]) => `${esc(framework)}: ${esc(controls.join(', '))}`);
  if (frameworks.length > 0) facts.push(['Frameworks', frameworks.join('<br>')]);
  facts.push([
    'Rule',
    `<a href="${esc(ruleDocUrl(toolVersion, finding.ruleId))}" rel="noreferrer">` +
      `${esc(finding.ruleId)} ${esc(finding.slug)}</a>`,
  ]);
  facts.push(['Fingerprint', `<code>${esc(finding.fingerprint)}</code>`]);
  const body = `<div class="body"><dl class="kv">${facts
    .map(([term, value]) => `<dt>${term}</dt><dd>${value}</dd>`)
    .join('')}</dl></div>`;
  return `<details class="finding" ${attributes}>${summary}${body}</details>`;
}

/** The evidence as term and markup: via as paths, request failures in words, the rest as JSON. */
function evidenceFacts(finding: Finding): [string, string][] {
  const evidence = finding.evidence;
  if (evidence === undefined) return [];
  const facts: [string, string][] = [];
  for (const [key, value] of Object.entries(evidence)) {
    if (value === undefined) continue;
    if (key === 'via' && Array.isArray(value)) {
      const paths = (value as FindingVia[]).map((via) => `<li>${esc(viaText(via))}</li>`);
      facts.push(['Granted via', `<ul class="plain">${paths.join('')}</ul>`]);
      continue;
    }
    if (key === 'listing' && evidence.listing !== undefined) {
      facts.push(['Listed', esc(`The evidence ${listingText(evidence.listing)}.`)]);
      continue;
    }
    const term = key === 'expected' ? 'Expected' : key === 'actual' ? 'Actual' : esc(key);
    facts.push([term, `<pre>${esc(valueText(value))}</pre>`]);
  }
  return facts;
}

export function viaText(via: FindingVia): string {
  return (
    `${via.type} ${via.name}` +
    (via.group === undefined ? '' : ` (through group ${via.group})`) +
    (via.impliedBy === undefined ? '' : ` (implied by ${via.impliedBy})`)
  );
}

function valueText(value: unknown): string {
  let text: string;
  try {
    text = typeof value === 'string' ? value : (JSON.stringify(value, null, 1) ?? String(value));
  } catch {
    text = String(value); // a value JSON cannot hold (a BigInt): still shown, never a crash
  }
  const chars = Array.from(text);
  return chars.length > MAX_VALUE ? `${chars.slice(0, MAX_VALUE - 1).join('')}…` : text;
}

/** `3 fail · 1 waived`: counts per status, in the list's order, for a summary line. */
export function statusCounts(findings: readonly Finding[]): string {
  return STATUS_ORDER.map((s) => [s, findings.filter((f) => f.status === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`)
    .join(' · ');
}
