import { describe, expect, expectTypeOf, it } from 'vitest';

import type { Waiver } from '../manifest/schema.js';
import { AuditReportSchema, FindingSchema } from '../model/finding.js';
import type { Finding, Status } from '../model/finding.js';
import { evaluate } from './engine.js';
import { fingerprintOf } from './fingerprint.js';
import { assembleReport } from './outcome.js';
import { RULES } from './rules/index.js';
import { BASE, snapshot } from './testing/snapshot-builder.js';
import { applyWaivers } from './waivers.js';
import type { WaiverInput } from './waivers.js';

const NOW = '2026-11-25T12:00:00.000Z';

function appFinding(ruleId: string, app: string, status: Status = 'fail'): Finding {
  const resource = { type: 'ConnectedApp' as const, name: app };
  return {
    ruleId,
    slug: ruleId === 'RG-0023' ? 'app-overbroad-scopes' : 'some-rule',
    severity: 'medium',
    status,
    app,
    resource,
    messageId: 'm',
    message: `${app} says ${status}.`,
    frameworks: {},
    remediation: 'Fix it.',
    fingerprint: fingerprintOf({ ruleId, orgKey: '00D', app, resource }),
  };
}

function userFinding(
  ruleId: string,
  app: string,
  username: string,
  status: Status = 'fail',
): Finding {
  const resource = { type: 'User' as const, name: username };
  return {
    ...appFinding(ruleId, app, status),
    resource,
    fingerprint: fingerprintOf({ ruleId, orgKey: '00D', app, resource }),
  };
}

const SCOPES_WAIVER: WaiverInput = {
  rule: 'RG-0023',
  app: 'Supplier_Catalog',
  reason: 'PUR-318',
  expires: '2027-03-31',
};

describe('applyWaivers', () => {
  it('waives a failing finding and keeps what it would have been', () => {
    const input = [
      appFinding('RG-0023', 'Supplier_Catalog'),
      appFinding('RG-0023', 'Ledger_Export'),
    ];
    const { findings, warnings } = applyWaivers(input, [SCOPES_WAIVER], NOW);
    expect(warnings).toEqual([]);
    expect(findings[0]).toEqual({
      ...input[0],
      status: 'waived',
      waivedStatus: 'fail',
      waiver: { reason: 'PUR-318', expires: '2027-03-31' },
    });
    expect(findings[1]).toBe(input[1]);
    // The input is not changed, and the output is a valid report finding.
    expect(input[0]?.status).toBe('fail');
    expect(FindingSchema.safeParse(findings[0]).success).toBe(true);
  });

  it('waives every non-pass status and leaves passes alone', () => {
    const statuses: Status[] = ['fail', 'error', 'not-evaluated', 'skip', 'pass'];
    const input = statuses.map((s) => appFinding('RG-0023', 'Supplier_Catalog', s));
    const { findings, warnings } = applyWaivers(input, [SCOPES_WAIVER], NOW);
    expect(findings.map((f) => [f.status, f.waivedStatus])).toEqual([
      ['waived', 'fail'],
      ['waived', 'error'],
      ['waived', 'not-evaluated'],
      ['waived', 'skip'],
      ['pass', undefined],
    ]);
    expect(warnings).toEqual([]);
    for (const finding of findings) expect(FindingSchema.safeParse(finding).success).toBe(true);
  });

  it('applies through the whole expiry day in UTC, and warns from the next day on', () => {
    const input = [appFinding('RG-0023', 'Supplier_Catalog')];
    expect(
      applyWaivers(input, [SCOPES_WAIVER], '2027-03-31T23:59:59.999Z').findings[0]?.status,
    ).toBe('waived');
    // 2027-04-01 00:30 in Paris is still 2027-03-31 in UTC: UTC decides.
    expect(
      applyWaivers(input, [SCOPES_WAIVER], '2027-04-01T00:30:00+02:00').findings[0]?.status,
    ).toBe('waived');
    const expired = applyWaivers(input, [SCOPES_WAIVER], new Date('2027-04-01T00:00:00Z'));
    expect(expired.findings).toEqual(input);
    expect(expired.warnings).toEqual([
      'waiver for RG-0023 on Supplier_Catalog expired on 2027-03-31',
    ]);
  });

  it('warns about a waiver that matches nothing, and one whose findings pass', () => {
    const input = [appFinding('RG-0023', 'Supplier_Catalog', 'pass')];
    const stray: WaiverInput = {
      rule: 'RG-0024',
      app: 'Supplier_Catalog',
      reason: 'r',
      expires: '2027-01-01',
    };
    expect(applyWaivers(input, [SCOPES_WAIVER, stray], NOW).warnings).toEqual([
      'waiver for RG-0023 on Supplier_Catalog is no longer needed: its findings pass',
      'waiver for RG-0024 on Supplier_Catalog matches no finding',
    ]);
  });

  it('narrows by app and by resource; a username matches without case or sandbox suffix', () => {
    const input = [
      userFinding('RG-0009', 'Billing_Callback', 'billing.integration@acme.com.uat'),
      userFinding('RG-0009', 'Ledger_Export', 'billing.integration@acme.com.uat'),
      userFinding('RG-0009', 'Billing_Callback', 'other@acme.com.uat'),
    ];
    const waiver: WaiverInput = {
      rule: 'RG-0009',
      app: 'billing_callback',
      resource: 'Billing.Integration@acme.com',
      reason: 'SEC-123',
      expires: '2027-01-31',
    };
    const statuses = (options = {}) =>
      applyWaivers(input, [waiver], NOW, options).findings.map((f) => f.status);
    expect(statuses({ sandboxSuffix: 'uat' })).toEqual(['waived', 'fail', 'fail']);
    expect(statuses()).toEqual(['fail', 'fail', 'fail']);
    // Resource only: every app's finding on that user.
    const anyApp: WaiverInput = { ...waiver, app: undefined };
    expect(
      applyWaivers(input, [anyApp], NOW, { sandboxSuffix: 'uat' }).findings.map((f) => f.status),
    ).toEqual(['waived', 'waived', 'fail']);
  });

  it('matches a rule by slug, and an app finding by resource name', () => {
    const input = [appFinding('RG-0023', 'Supplier_Catalog')];
    const bySlug = {
      rule: 'app-overbroad-scopes',
      resource: 'Supplier_Catalog',
      reason: 'r',
      expires: '2027-01-01',
    };
    expect(applyWaivers(input, [bySlug], NOW).findings[0]?.status).toBe('waived');
  });

  it('records the first matching waiver, and counts the others as matched', () => {
    const input = [appFinding('RG-0023', 'Supplier_Catalog')];
    const second = { ...SCOPES_WAIVER, reason: 'second', resource: 'Supplier_Catalog' };
    const { findings, warnings } = applyWaivers(input, [SCOPES_WAIVER, second], NOW);
    expect(findings[0]?.waiver?.reason).toBe('PUR-318');
    expect(warnings).toEqual([]);
  });

  it('compares an expiry given as an instant as an instant', () => {
    const input = [appFinding('RG-0023', 'Supplier_Catalog')];
    const waiver = { ...SCOPES_WAIVER, expires: '2026-11-25T11:00:00Z' };
    expect(applyWaivers(input, [waiver], NOW).warnings).toEqual([
      'waiver for RG-0023 on Supplier_Catalog expired on 2026-11-25T11:00:00Z',
    ]);
  });

  it('rejects an evaluation time that is not a time', () => {
    expect(() => applyWaivers([], [SCOPES_WAIVER], 'yesterday')).toThrow(RangeError);
  });

  it('takes the manifest waiver type as it is', () => {
    expectTypeOf<Waiver>().toExtend<WaiverInput>();
  });

  it('turns an evaluated failure into a waived finding of a valid report', () => {
    const snap = snapshot().withUser(BASE.ecaUser, { isActive: false }).build();
    const evaluation = evaluate(snap, RULES, { now: NOW });
    const failing = evaluation.findings.filter((f) => f.status === 'fail');
    expect(failing.map((f) => [f.ruleId, f.app])).toContainEqual(['RG-0003', BASE.eca]);

    const waiver = {
      rule: 'run-as-user-inactive',
      resource: BASE.ecaUser,
      reason: 'Decommissioned',
      expires: '2026-12-31',
    };
    const waived = applyWaivers(evaluation.findings, [waiver], NOW);
    const warnings = [...evaluation.warnings, ...waived.warnings];
    const report = assembleReport(
      snap,
      { ...evaluation, findings: waived.findings, warnings },
      NOW,
    );
    const parsed = AuditReportSchema.parse(report);
    expect(parsed.summary.waived).toBe(1);
    const finding = parsed.findings.find((f) => f.status === 'waived');
    expect(finding).toMatchObject({ ruleId: 'RG-0003', app: BASE.eca, waivedStatus: 'fail' });
    // A waiver changes the status, never the identity.
    expect(finding?.fingerprint).toBe(
      evaluation.findings.find((f) => f.ruleId === 'RG-0003' && f.app === BASE.eca)?.fingerprint,
    );
  });
});
