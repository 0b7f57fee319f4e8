import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { tempDir } from '../../../test/helpers/guard.js';
import type { IntegrationState } from '../../drift/types.js';
import { openStore } from '../store/index.js';
import type { RunInput, StoredEvent } from '../store/types.js';
import { type AlertPayload, alertable, alertsFromLifecycle, type EventFinding } from './alerts.js';
import { alertsForRun } from './watch.js';

const ORG = '00D000000000001';

function state(frozen: boolean, grants: string[]): IntegrationState {
  return {
    app: 'Billing_Callback',
    appType: 'ConnectedApp',
    runAs: {
      username: 'billing@acme.com',
      found: true,
      id: '005000000000001',
      active: true,
      frozen,
      passwordLocked: false,
      licence: 'Salesforce Integration',
      profile: 'Minimum Access - API Only Integrations',
    },
    userStateKnown: true,
    preAuthorized: true,
    policy: { permittedUsers: 'AdminApprovedUsers' },
    access: grants.map((key) => ({ key, container: 'Billing_PS' })),
    needs: ['object:Invoice__c:edit'],
  };
}

const UNASSIGN_ROW = {
  id: '0Ym000000000001',
  createdDate: '2026-11-25T16:42:09.000Z',
  action: 'PermSetUnassign',
  event: 'permission set unassigned',
  display: 'Permission set Billing PS: unassigned from user Billing (UserID: [005000000000001])',
  createdBy: 'admin@acme.com',
  affects:
    '2026-11-25T16:42:09Z permission set Billing_PS unassigned (PermSetUnassign by admin@acme.com): Billing_Callback loses Invoice__c edit',
};
const OLD_ROW = { ...UNASSIGN_ROW, id: '0Ym000000000000', affects: 'an older event' };
const FAILED_LOGIN_ROW = {
  id: '0Ya000000000001',
  loginTime: '2026-11-25T17:00:00.000Z',
  username: 'billing@acme.com',
  loginType: 'Remote Access Client',
  status: 'User is frozen',
};

function event(kind: StoredEvent['kind'], row: { id: string }, at: string): StoredEvent {
  return { kind, id: row.id, at, row };
}
const OLD = event('auditTrail', OLD_ROW, '2026-11-20T10:00:00.000Z');
const UNASSIGN = event('auditTrail', UNASSIGN_ROW, UNASSIGN_ROW.createdDate);
const FAILED_LOGIN = event('loginHistory', FAILED_LOGIN_ROW, FAILED_LOGIN_ROW.loginTime);

/** RG-0030 / RG-0031 findings as the rules report them: each evidence row one event. */
function finding(ruleId: string, app: string, rows: object[]): EventFinding {
  return {
    ruleId,
    app,
    status: 'fail',
    severity: 'high',
    evidence: { expected: [], actual: rows },
  };
}

function input(
  states: IntegrationState[],
  events: StoredEvent[],
  collectedAt: string,
): Omit<RunInput, 'alerts'> {
  return {
    orgKey: ORG,
    source: 'test',
    collectedAt,
    recordedAt: collectedAt,
    toolVersion: 'test',
    exitCode: 0,
    integrations: states,
    findings: [],
    events,
    highWater: {},
  };
}

describe('alertsForRun', () => {
  it('the first run alerts nothing; then one alert per change and per new event, keyed once', async () => {
    const store = await openStore(join(tempDir('watch-alerts-'), 'h.db'));
    try {
      const day1 = input(
        [state(false, ['object:Invoice__c:edit'])],
        [OLD],
        '2026-11-25T12:00:00.000Z',
      );
      const findings1 = [finding('RG-0030', 'Billing_Callback', [OLD_ROW])];
      expect(await alertsForRun(store, day1, findings1)).toEqual([]);
      const run1 = await store.recordRun({ ...day1, alerts: [] });

      const day2 = input(
        [state(true, [])],
        [OLD, UNASSIGN, FAILED_LOGIN],
        '2026-11-26T12:00:00.000Z',
      );
      const findings = [
        // The old row is known to the store: it does not alert again.
        finding('RG-0030', 'Billing_Callback', [UNASSIGN_ROW, OLD_ROW]),
        // A second integration on the same user: one alert naming both.
        finding('RG-0030', 'Billing_Batch', [UNASSIGN_ROW]),
        finding('RG-0031', 'Billing_Callback', [FAILED_LOGIN_ROW]),
        // A pass never alerts.
        { ...finding('RG-0031', 'Billing_Batch', [FAILED_LOGIN_ROW]), status: 'pass' as const },
      ];
      const alerts = await alertsForRun(store, day2, findings);
      const payloads = alerts.map((a) => a.payload as AlertPayload);
      expect(alerts.map((a) => a.key)).toEqual(payloads.map((p) => p.key));
      expect(payloads.map((p) => [p.type, p.change?.kind ?? p.event?.kind, p.severity])).toEqual([
        ['change', 'user', 'high'],
        ['change', 'access', 'high'],
        ['event', 'auditTrail', 'high'],
        ['event', 'loginHistory', 'high'],
      ]);
      for (const p of payloads.filter((x) => x.type === 'change')) {
        expect(p.key.startsWith(`${ORG}:run${run1}:`)).toBe(true);
        expect(p.fromRun).toBe(run1);
        expect(p.breaks).toEqual(['Billing_Callback']);
        expect(p.message).toMatch(/; breaks Billing_Callback$/);
      }
      expect(payloads[2]?.key).toBe(`${ORG}:event:auditTrail:0Ym000000000001`);
      expect(payloads[2]?.message).toBe(
        'Setup Audit Trail 0Ym000000000001: 2026-11-25T16:42:09Z permission set Billing_PS unassigned (PermSetUnassign by admin@acme.com): Billing_Callback loses Invoice__c edit (affects Billing_Batch, Billing_Callback)',
      );
      expect(payloads[2]?.app).toBeUndefined();
      expect(payloads[3]?.key).toBe(`${ORG}:event:loginHistory:0Ya000000000001`);
      expect(payloads[3]?.message).toBe(
        'Login History 0Ya000000000001: failed login of billing@acme.com at 2026-11-25T17:00:00.000Z: User is frozen (affects Billing_Callback)',
      );
      expect(payloads[3]?.app).toBe('Billing_Callback');

      // Recorded; the same state and rows again: nothing new.
      await store.recordRun({ ...day2, alerts });
      expect(
        await alertsForRun(store, { ...day2, collectedAt: '2026-11-27T12:00:00.000Z' }, findings),
      ).toEqual([]);
    } finally {
      await store.close();
    }
  });
});

describe('alertsFromLifecycle', () => {
  const context = { orgKey: ORG, runId: 0, collectedAt: '2026-11-26T12:00:00.000Z' };

  it('a row without an Id, a passing finding and another rule never alert', () => {
    const alerts = alertsFromLifecycle(
      [
        finding('RG-0030', 'A', [{ ...UNASSIGN_ROW, id: undefined }]),
        { ...finding('RG-0030', 'A', [UNASSIGN_ROW]), status: 'pass' },
        finding('RG-0001', 'A', [UNASSIGN_ROW]),
      ],
      () => true,
      context,
    );
    expect(alerts).toEqual([]);
  });

  it('evidence that is not a list of rows is ignored, not a crash', () => {
    const odd = [
      { ...finding('RG-0030', 'A', []), evidence: { actual: 'text' } },
      { ...finding('RG-0030', 'A', []), evidence: { actual: [null, 3, 'x', { id: 7 }] } },
    ];
    expect(alertsFromLifecycle(odd, () => true, context)).toEqual([]);
  });
});

describe('alertable', () => {
  const base = { key: 'k', text: 't', breaks: [] };
  const finding = (ruleId: string, change: 'new' | 'resolved' | 'changed') =>
    ({
      ...base,
      kind: 'finding',
      change,
      ruleId,
      severity: 'high',
      fingerprint: 'f',
      message: 'm',
      from: change === 'new' ? null : 'fail',
      to: change === 'resolved' ? 'pass' : 'fail',
    }) as const;

  it('a finding new or resolved alerts; one that fails on both sides does not', () => {
    expect(alertable(finding('RG-0002', 'new'))).toBe(true);
    expect(alertable(finding('RG-0002', 'resolved'))).toBe(true);
    expect(alertable(finding('RG-0002', 'changed'))).toBe(false);
  });

  it('RG-0030 and RG-0031 never alert as findings: their events alert by Id', () => {
    for (const rule of ['RG-0030', 'RG-0031'])
      for (const change of ['new', 'resolved', 'changed'] as const)
        expect(alertable(finding(rule, change))).toBe(false);
  });

  it('every other kind of change alerts', () => {
    expect(
      alertable({ ...base, kind: 'user', username: 'u', field: 'frozen', from: false, to: true }),
    ).toBe(true);
  });
});
