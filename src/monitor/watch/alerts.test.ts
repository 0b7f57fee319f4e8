import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { tempDir } from '../../../test/helpers/guard.js';
import type { IntegrationState } from '../../drift/types.js';
import { openStore } from '../store/index.js';
import type { RunInput, StoredEvent } from '../store/types.js';
import { type AlertPayload, alertsFromEvents } from './alerts.js';
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

const UNASSIGN: StoredEvent = {
  kind: 'auditTrail',
  id: '0Ym000000000001',
  at: '2026-11-25T16:42:09.000Z',
  row: {
    id: '0Ym000000000001',
    action: 'PermSetUnassign',
    display: 'Permission set Billing_PS: unassigned from billing@acme.com',
    createdDate: '2026-11-25T16:42:09.000Z',
    createdBy: 'admin@acme.com',
  },
};
const FAILED_LOGIN: StoredEvent = {
  kind: 'loginHistory',
  id: '0Ya000000000001',
  at: '2026-11-25T17:00:00.000Z',
  row: {
    username: 'billing@acme.com',
    loginTime: '2026-11-25T17:00:00.000Z',
    loginType: 'Remote Access Client',
    status: 'User is frozen',
  },
};
const GOOD_LOGIN: StoredEvent = {
  kind: 'loginHistory',
  id: '0Ya000000000002',
  at: '2026-11-25T17:05:00.000Z',
  row: {
    username: 'billing@acme.com',
    loginTime: '2026-11-25T17:05:00.000Z',
    loginType: 'Remote Access Client',
    status: 'Success',
  },
};

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
        [GOOD_LOGIN],
        '2026-11-25T12:00:00.000Z',
      );
      expect(await alertsForRun(store, day1)).toEqual([]);
      const run1 = await store.recordRun({ ...day1, alerts: [] });

      const day2 = input(
        [state(true, [])],
        [GOOD_LOGIN, UNASSIGN, FAILED_LOGIN],
        '2026-11-26T12:00:00.000Z',
      );
      const alerts = await alertsForRun(store, day2);
      const payloads = alerts.map((a) => a.payload as AlertPayload);
      expect(alerts.map((a) => a.key)).toEqual(payloads.map((p) => p.key));
      expect(payloads.map((p) => [p.type, p.change?.kind ?? p.event?.kind, p.severity])).toEqual([
        ['change', 'user', 'high'],
        ['change', 'access', 'high'],
        ['event', 'auditTrail', 'medium'],
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
        'Setup Audit Trail PermSetUnassign at 2026-11-25T16:42:09.000Z by admin@acme.com: Permission set Billing_PS: unassigned from billing@acme.com (affects Billing_Callback)',
      );
      expect(payloads[3]?.message).toBe(
        'failed login of billing@acme.com at 2026-11-25T17:00:00.000Z: User is frozen (affects Billing_Callback)',
      );

      // Recorded; the same state and rows again: nothing new.
      await store.recordRun({ ...day2, alerts });
      expect(
        await alertsForRun(store, { ...day2, collectedAt: '2026-11-27T12:00:00.000Z' }),
      ).toEqual([]);
    } finally {
      await store.close();
    }
  });
});

describe('alertsFromEvents', () => {
  it('a row without an Id never alerts; a successful login never alerts', () => {
    const context = { orgKey: ORG, runId: 0, collectedAt: '2026-11-26T12:00:00.000Z' };
    const alerts = alertsFromEvents([{ ...UNASSIGN, id: '' }, GOOD_LOGIN], () => true, [], context);
    expect(alerts).toEqual([]);
  });
});
