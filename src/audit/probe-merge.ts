// `audit --probe`: the probes' facts merged into the audit report. A failing finding whose rule is
// among the causes the failing probe's diagnosis did not rule out is confirmed by it: its evidence
// gets `confirmedByProbe` and its message says so. Pure: no I/O, the input report is not changed.

import type { AuditReport, Finding } from '../model/finding.js';
import type { AuditProbe, ConfirmedByProbe } from '../model/probe-report.js';

/** The report with the probes listed (by app) and the findings they confirm marked. */
export function mergeProbeResults(report: AuditReport, probes: readonly AuditProbe[]): AuditReport {
  const confirmations = new Map<string, { rules: Set<string>; confirmed: ConfirmedByProbe }>();
  for (const probe of probes) {
    const confirmation = confirmationOf(probe);
    if (confirmation !== undefined) confirmations.set(probe.app, confirmation);
  }
  const findings = report.findings.map((finding) => {
    const confirmation = confirmations.get(finding.app);
    if (!confirmation?.rules.has(finding.ruleId)) return finding;
    if (!isFailing(finding) || finding.evidence?.confirmedByProbe !== undefined) return finding;
    return confirm(finding, confirmation.confirmed);
  });
  const byApp = [...probes].sort((a, b) => (a.app < b.app ? -1 : a.app > b.app ? 1 : 0));
  return { ...report, findings, probes: [...(report.probes ?? []), ...byApp] };
}

/**
 * What a failed probe confirms: the rules of the causes its diagnosis did not rule out. A ruled-out
 * cause's rule is not confirmed by this failure, even if the audit fails it for another reason.
 */
function confirmationOf(
  probe: AuditProbe,
): { rules: Set<string>; confirmed: ConfirmedByProbe } | undefined {
  const result = probe.result;
  if (result?.outcome !== 'failed' || result.failure === undefined) return undefined;
  const diagnosis = result.diagnosis;
  if (diagnosis === undefined) return undefined;
  const rules = new Set(
    diagnosis.causes.filter((c) => c.verdict !== 'ruled-out').flatMap((c) => c.rules),
  );
  return { rules, confirmed: { step: result.failure.step, error: diagnosis.error } };
}

/** A failure, or a waived one that would have failed: the probe confirms the risk either way. */
function isFailing(finding: Finding): boolean {
  return (
    finding.status === 'fail' || (finding.status === 'waived' && finding.waivedStatus === 'fail')
  );
}

function confirm(finding: Finding, confirmed: ConfirmedByProbe): Finding {
  const message = finding.message.trimEnd();
  const sentence = /[.!?]$/.test(message) ? message : `${message}.`;
  return {
    ...finding,
    message: `${sentence} Confirmed by a failing probe: ${confirmed.step} ${confirmed.error.replace(/[.\s]+$/, '')}.`,
    evidence: { ...finding.evidence, confirmedByProbe: { ...confirmed } },
  };
}
