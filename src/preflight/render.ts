// The preflight report as text and JSON: pure functions of the report.

import { SEVERITY_RANK } from '../model/finding.js';
import type { PreflightFinding, PreflightReport } from './types.js';

export function renderPreflightJson(report: PreflightReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

const VERDICT: Readonly<Record<PreflightReport['exitCode'], string>> = {
  0: 'PASS: the change introduces nothing at or above the threshold',
  1: 'FAIL: the change introduces findings at or above the threshold',
  2: 'INCOMPLETE: an integration could not be evaluated (declare its runAsAccess, or --allow-incomplete)',
  3: 'INCOMPLETE: data could not be collected',
};

function line(f: PreflightFinding): string {
  return `  ${f.severity.toUpperCase().padEnd(8)} ${f.ruleId} ${f.slug}: ${f.message}`;
}

export function renderPreflightText(report: PreflightReport): string {
  const out: string[] = [];
  const short = (c: string): string => c.slice(0, 12);
  out.push(
    `runas-guard preflight ${report.project?.name ?? ''}: ${report.base.ref} (${short(report.base.commit)}) -> ${report.head.ref} (${short(report.head.commit)})`,
  );
  out.push(`${report.changedFiles.length} changed file(s) in the project`);
  for (const file of report.changedFiles.slice(0, 20)) out.push(`  ${file}`);
  if (report.changedFiles.length > 20)
    out.push(`  ... and ${report.changedFiles.length - 20} more`);
  out.push('');
  const bySeverity = (a: PreflightFinding, b: PreflightFinding): number =>
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || (a.ruleId < b.ruleId ? -1 : 1);
  const introduced = report.findings.filter(
    (f) => f.change === 'introduced' && f.status === 'fail',
  );
  const existing = report.findings.filter((f) => f.change === 'existing');
  out.push(`Introduced by the change (${introduced.length}):`);
  for (const f of [...introduced].sort(bySeverity)) out.push(line(f));
  if (introduced.length === 0) out.push('  none');
  const unevaluated = report.integrations.filter((i) => i.status === 'not-evaluated');
  if (unevaluated.length > 0) {
    out.push('', `Not evaluated (${unevaluated.length}):`);
    for (const i of unevaluated) out.push(`  ${i.integration} (${i.app}): ${i.reason ?? ''}`);
  }
  const moved = report.integrations.filter((i) => i.runAs.base !== i.runAs.head);
  for (const i of moved)
    out.push(
      '',
      `${i.integration} (${i.app}): run-as user ${i.runAs.base ?? '(none)'} -> ${i.runAs.head ?? '(none)'}`,
    );
  out.push('', `Already present at the base (${existing.length}), not the change's failure:`);
  for (const f of [...existing].sort(bySeverity)) out.push(line(f));
  if (existing.length === 0) out.push('  none');
  for (const warning of report.warnings) out.push(`warning: ${warning}`);
  out.push('', VERDICT[report.exitCode], '');
  return out.join('\n');
}
