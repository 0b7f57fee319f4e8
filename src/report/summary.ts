// The one-screen summary (`runas-guard demo`): one line per integration with its verdict and run-as
// user, one line with its failures by severity and rule. The full text report has the details.

import { SEVERITY_RANK } from '../model/finding.js';
import type { AuditReport, Finding, Severity } from '../model/finding.js';
import { hanging } from './layout.js';

function verdictOf(findings: readonly Finding[]): 'FAIL' | 'GAPS' | 'PASS' {
  if (findings.some((f) => f.status === 'fail')) return 'FAIL';
  const gap = findings.some(
    (f) => f.status === 'error' || (f.status === 'not-evaluated' && f.messageId !== 'notInMode'),
  );
  return gap ? 'GAPS' : 'PASS';
}

function worst(findings: readonly Finding[]): number {
  const failing = findings.filter((f) => f.status === 'fail');
  return failing.length === 0 ? 9 : Math.min(...failing.map((f) => SEVERITY_RANK[f.severity]));
}

export function renderSummary(report: AuditReport): string {
  const apps = new Map<string, Finding[]>();
  for (const integration of report.integrations) apps.set(integration.app, []);
  for (const finding of report.findings)
    apps.set(finding.app, [...(apps.get(finding.app) ?? []), finding]);
  const runAs = new Map(report.integrations.map((i) => [i.app, i.runAsUsername]));
  const width = Math.max(...[...apps.keys()].map((a) => a.length), 10);

  const lines: string[] = [];
  const ordered = [...apps.entries()].sort(
    (a, b) => worst(a[1]) - worst(b[1]) || a[0].localeCompare(b[0]),
  );
  for (const [app, findings] of ordered) {
    const user = runAs.has(app) ? (runAs.get(app) ?? '(no run-as user)') : '(manifest only)';
    lines.push(`${verdictOf(findings).padEnd(4)}  ${app.padEnd(width)}  ${user}`);
    const failing = findings
      .filter((f) => f.status === 'fail')
      .sort(
        (a, b) =>
          SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || a.ruleId.localeCompare(b.ruleId),
      );
    if (failing.length > 0) {
      // Rule ids by severity; the worst one also by name, so the line says what is wrong.
      const bySeverity = new Map<Severity, string[]>();
      for (const f of failing)
        bySeverity.set(f.severity, [...(bySeverity.get(f.severity) ?? []), f.ruleId]);
      const [first] = failing;
      const items = [...bySeverity].map(
        ([severity, ids]) => `${severity.toUpperCase()} ${ids.join(', ')}`,
      );
      const indent = ' '.repeat(6);
      lines.push(
        ...hanging(
          indent,
          indent,
          `${items.join(' · ')} (${first?.ruleId ?? ''} ${first?.slug ?? ''})`,
        ),
      );
    }
  }
  const failing = report.findings.filter((f) => f.status === 'fail');
  const counts = (Object.keys(SEVERITY_RANK) as Severity[])
    .map((s) => [s, failing.filter((f) => f.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`);
  lines.push(
    '',
    `${failing.length} failure(s)${counts.length > 0 ? ` (${counts.join(', ')})` : ''}, ` +
      `${report.summary.waived} waived, ${report.summary.pass} passed checks; ` +
      `${report.collection.apiRequests} API requests, ${report.collection.failedRequests.length} failed.`,
  );
  for (const warning of report.warnings) lines.push(...hanging('', '', `Warning: ${warning}`));
  return `${lines.join('\n')}\n`;
}
