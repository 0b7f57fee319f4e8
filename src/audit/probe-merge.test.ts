import { describe, expect, it } from 'vitest';

import type { AuditProbe, ProbeResultDoc } from '../model/probe-report.js';
import { sampleReport } from '../../test/helpers/sample-report.js';
import { assertValidReport } from '../../test/helpers/validate-report.js';
import { mergeProbeResults } from './probe-merge.js';

type Cause = NonNullable<ProbeResultDoc['diagnosis']>['causes'][number];

function cause(id: string, rules: string[], verdict: Cause['verdict']): Cause {
  return { id, title: id, fix: 'fix it', rules, confidence: 'OBS', verdict };
}

/** A probe of `app` that failed at `step`, its diagnosis naming these causes. */
function failedProbe(app: string, step: string, causes: Cause[]): AuditProbe {
  const error = { kind: 'oauth', status: 400, code: 'invalid_grant', message: 'locked' } as const;
  const result: ProbeResultDoc = {
    app,
    ok: false,
    outcome: 'failed',
    startedAt: '2026-11-25T12:00:00.000Z',
    loginUrl: 'https://northwindtraders.my.salesforce.com',
    steps: [{ name: step, kind: 'token', ok: false, durationMs: 5, detail: 'refused', error }],
    failure: { step, error },
    diagnosis: {
      entry: 'token-authentication-failure',
      error: 'invalid_grant: authentication failure.',
      known: 'known',
      confidence: 'UNCONFIRMED',
      causes,
      supported: true,
      rules: [...new Set(causes.flatMap((c) => c.rules))].sort(),
      message: 'message',
    },
    notes: [],
  };
  return { app, outcome: 'failed', result };
}

const notProbed: AuditProbe = {
  app: 'Supplier_Catalog',
  outcome: 'not-probed',
  reason: 'no secret: set RUNAS_GUARD_SECRET_SUPPLIER_CATALOG',
};

describe('mergeProbeResults', () => {
  it('marks the failing findings whose rule the failing probe names, and only those', () => {
    const report = sampleReport();
    const before = JSON.stringify(report);
    const probe = failedProbe('Ledger_Export', 'token', [
      cause('run-as-user-locked', ['RG-0005'], 'found'),
      cause('run-as-user-inactive', ['RG-0003'], 'ruled-out'),
      cause('login-history', ['RG-0031'], 'unknown'),
    ]);
    const merged = mergeProbeResults(report, [probe, notProbed]);

    const confirmed = merged.findings.filter((f) => f.evidence?.confirmedByProbe !== undefined);
    expect(confirmed.map((f) => `${f.ruleId} ${f.app}`)).toEqual(['RG-0005 Ledger_Export']);
    const locked = confirmed[0];
    expect(locked?.evidence?.confirmedByProbe).toEqual({
      step: 'token',
      error: 'invalid_grant: authentication failure.',
    });
    expect(locked?.evidence?.expected).toBe(false);
    expect(locked?.message).toBe(
      'ledger.integration@northwindtraders.com is password-locked (UserLogin.IsPasswordLocked). ' +
        'Confirmed by a failing probe: token invalid_grant: authentication failure.',
    );
    // RG-0003 passes and is ruled out; RG-0031 is not-evaluated: neither is a confirmed failure.
    const untouched = merged.findings.filter((f) => f.ruleId !== 'RG-0005');
    expect(untouched).toEqual(report.findings.filter((f) => f.ruleId !== 'RG-0005'));
    expect(merged.probes?.map((p) => p.app)).toEqual(['Ledger_Export', 'Supplier_Catalog']);
    // Pure: the input report is unchanged, the summary and fingerprints stay valid.
    expect(JSON.stringify(report)).toBe(before);
    expect(merged.summary).toEqual(report.summary);
    expect(() => assertValidReport(JSON.parse(JSON.stringify(merged)))).not.toThrow();
  });

  it('confirms a waived finding that would have failed, not a finding of another app', () => {
    const probe = failedProbe('Supplier_Catalog', 'api', [
      cause('scopes', ['RG-0023', 'RG-0005'], 'likely'),
    ]);
    const merged = mergeProbeResults(sampleReport(), [probe]);
    const marked = merged.findings.filter((f) => f.evidence?.confirmedByProbe !== undefined);
    expect(marked.map((f) => `${f.ruleId} ${f.status}`)).toEqual(['RG-0023 waived']);
    expect(marked[0]?.message).toBe(
      'Supplier_Catalog grants RefreshToken. Confirmed by a failing probe: api invalid_grant: authentication failure.',
    );
  });

  it('adds a sentence end before the confirmation and never confirms twice', () => {
    const report = sampleReport();
    const first = report.findings.find((f) => f.ruleId === 'RG-0005');
    if (first === undefined) throw new Error('sample has RG-0005');
    first.message = 'ledger user is locked';
    const probe = failedProbe('Ledger_Export', 'token', [cause('locked', ['RG-0005'], 'found')]);
    const once = mergeProbeResults(report, [probe]);
    const twice = mergeProbeResults(once, [probe]);
    const message = twice.findings.find((f) => f.ruleId === 'RG-0005')?.message;
    expect(message).toBe(
      'ledger user is locked. Confirmed by a failing probe: token invalid_grant: authentication failure.',
    );
  });

  it('confirms nothing from a passed, unreachable or not-probed probe', () => {
    const failed = failedProbe('Ledger_Export', 'token', [cause('locked', ['RG-0005'], 'found')]);
    const result = failed.result;
    if (result === undefined) throw new Error('has a result');
    const unreachable: AuditProbe = {
      app: 'Ledger_Export',
      outcome: 'unreachable',
      result: { ...result, outcome: 'unreachable' },
    };
    const merged = mergeProbeResults(sampleReport(), [unreachable, notProbed]);
    expect(merged.findings).toEqual(sampleReport().findings);
    expect(merged.probes).toHaveLength(2);
  });
});
