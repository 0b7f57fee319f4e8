// The doctor's report as text (one screen) or JSON (the DoctorReport as is).

import type { DoctorReport } from './doctor.js';

export const DOCTOR_FORMATS = ['text', 'json'] as const;
export type DoctorFormat = (typeof DOCTOR_FORMATS)[number];

export function renderDoctor(format: DoctorFormat, report: DoctorReport): string {
  return format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : renderText(report);
}

const MARK: Readonly<Record<DoctorReport['requests'][number]['verdict'], string>> = {
  ok: 'ok      ',
  refused: 'REFUSED ',
  partial: 'PARTIAL ',
  'not-sent': 'UNTRIED ',
};

function renderText(r: DoctorReport): string {
  const out: string[] = [];
  const who = r.user.username ?? r.user.id;
  const profile = r.user.profile === undefined ? '' : ` (profile ${r.user.profile})`;
  out.push(`runas-guard doctor: ${who}${profile} at ${r.instanceUrl}`, '');

  const own = r.ownPermissions;
  if (own.status === 'read') {
    const held = own.held.map((h) => h.permission);
    out.push(
      `Own system permissions the audit needs: ${held.length === 0 ? 'none' : held.join(', ')}`,
    );
  } else {
    out.push(
      `Own system permissions: could not be read (${own.request}: ${own.errorCode}); the checks below rely on the org's answers only`,
    );
  }
  out.push('', `Requests of the audit (${r.requests.length}), each tried with a harmless sample:`);
  for (const q of r.requests) {
    let detail = '';
    if (q.verdict === 'refused')
      detail =
        `  ${q.errorCode ?? ''}: ${brief(q.message ?? '')} | grant ${q.permission}` +
        (q.held === true
          ? ' (the user holds it: the org refuses for another reason, or wants more than docs/permissions.md names)'
          : '');
    else if (q.verdict === 'not-sent')
      detail = `  not tried: --max-requests ${r.maxRequests ?? ''} reached`;
    else if (q.verdict === 'partial')
      detail = `  answered, but the user lacks ${q.userPermissions.join(', ')}: Salesforce may answer with part of the rows | grant ${q.permission}`;
    out.push(`  ${MARK[q.verdict]}${q.id}${detail}`);
  }
  out.push('');
  const notSent = r.requests.filter((q) => q.verdict === 'not-sent').length;
  if (r.rules.length === 0)
    out.push(
      notSent === 0
        ? 'Every rule can be evaluated with this access.'
        : 'No rule is affected by the requests tried.',
    );
  else {
    out.push(`Rules that would not be fully evaluated (${r.rules.length}):`);
    for (const rule of r.rules) {
      // A rule that only loses facets it reads when collected still runs: say what it does without.
      const without =
        rule.without === undefined
          ? ''
          : rule.verdict === 'reduced'
            ? `: evaluated without ${rule.without.join(', ')}, which it reads when collected; what it cannot decide without it is not-evaluated`
            : `, and without ${rule.without.join(', ')}`;
      out.push(
        `  ${rule.id} ${rule.slug}: ${rule.verdict}${without} (${rule.requests.join(', ')}) | grant ${rule.grant.join('; ')}`,
      );
    }
  }
  out.push('');
  if (notSent > 0)
    out.push(
      `Not tried: ${notSent} request(s), --max-requests ${r.maxRequests ?? ''} reached after ${r.apiRequests} requests; run doctor without it (or with more) to check them.`,
    );
  out.push(
    r.complete
      ? 'Verdict: the audit would be complete.'
      : r.grant.length === 0
        ? 'Verdict: unknown, not every request was tried.'
        : `Verdict: the audit would be incomplete. Grant the connected user: ${r.grant.join('; ')} (docs/auditor/ has the minimal permission set).`,
  );
  return `${out.join('\n')}\n`;
}

/** Salesforce's error without the SOQL it echoes, cut to one short line (JSON keeps it whole). */
function brief(message: string): string {
  const reason = message.replace(/^.*\^ ERROR at Row:\d+:Column:\d+\s*/s, '');
  return reason.length > 120 ? `${reason.slice(0, 119)}…` : reason;
}
