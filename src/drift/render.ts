// The drift report as text (one block per integration that changed, each change on a line with
// what it breaks) and as JSON (the report itself, docs/schemas/drift.schema.json).

import { normalizeUsername } from '../analyze/fingerprint.js';
import type { DriftIntegration, DriftReport } from './report.js';

export function renderDriftJson(report: DriftReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

export function renderDriftText(report: DriftReport): string {
  const s = report.summary;
  const lines = [
    `${report.kind === 'compare' ? 'Compare' : 'Drift'}: ${report.from.label} → ${report.to.label}` +
      (report.sandboxSuffix === undefined ? '' : ` (sandbox suffix .${report.sandboxSuffix})`),
    `${s.integrations} integrations, ${s.changed} changed; ${s.changes} ${plural(s.changes, 'change')}, ${s.breaking} breaking` +
      (s.broken.length === 0 ? '' : `; broken: ${s.broken.join(', ')}`),
  ];
  const unchanged: string[] = [];
  for (const integration of report.integrations) {
    if (integration.presence === 'both' && integration.changes.length === 0) {
      unchanged.push(integration.integration);
      if (integration.notCompared.length > 0)
        lines.push('', heading(integration, report.sandboxSuffix), ...notCompared(integration));
      continue;
    }
    lines.push('', heading(integration, report.sandboxSuffix));
    if (integration.presence === 'added') lines.push(`  + only on the ${report.to.label} side`);
    if (integration.presence === 'removed') lines.push(`  - only on the ${report.from.label} side`);
    for (const change of integration.changes)
      lines.push(
        `  ${change.breaks.length > 0 ? '✗' : '·'} ${change.text}` +
          (change.breaks.length > 0 ? `  [breaks ${change.breaks.join(', ')}]` : ''),
      );
    lines.push(...notCompared(integration));
  }
  if (unchanged.length > 0) lines.push('', `Unchanged: ${unchanged.join(', ')}`);
  const failing = (report.findings ?? []).filter((f) => f.status === 'fail');
  if (failing.length > 0) {
    lines.push('', 'Findings:');
    for (const f of failing)
      lines.push(`  FAIL ${f.severity.toUpperCase()} ${f.ruleId} ${f.app}: ${f.message}`);
  }
  for (const warning of report.warnings) lines.push(`warning: ${warning}`);
  return `${lines.join('\n')}\n`;
}

function heading(i: DriftIntegration, suffix: string | undefined): string {
  const app = i.integration === i.app ? '' : ` (app ${i.app})`;
  const same = (a: string | null, b: string | null): boolean =>
    a === b ||
    (a !== null && b !== null && normalizeUsername(a, suffix) === normalizeUsername(b, suffix));
  const runAs = same(i.runAs.from, i.runAs.to)
    ? (i.runAs.to ?? 'no run-as user')
    : `${i.runAs.from ?? 'none'} → ${i.runAs.to ?? 'none'}`;
  return `${i.integration}${app}, run as ${runAs}`;
}

function notCompared(i: DriftIntegration): string[] {
  return i.notCompared.map((n) => `  ? not compared: ${n}`);
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}
