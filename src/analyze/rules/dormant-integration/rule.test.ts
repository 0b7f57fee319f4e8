import { describe, expect, it } from 'vitest';

import { BASE, snapshot } from '../../../../test/helpers/snapshot-builder.js';
import type { Patch } from '../../../../test/helpers/snapshot-builder.js';
import type { LoginHistoryEntry } from '../../../model/snapshot.js';
import { evaluate } from '../../engine.js';
import { RuleTester } from '../../rule-tester.js';
import * as examples from './examples.js';
import { rule } from './rule.js';

/** `dormantDays` (90) before the base's clock, shifted by `minutes`. */
function edge(minutes: number): string {
  return new Date(Date.parse(BASE.collectedAt) - 90 * 86_400_000 + minutes * 60_000).toISOString();
}

const ledgerLogin: LoginHistoryEntry = {
  username: BASE.connectedAppUser,
  loginTime: '2026-11-25T02:00:00.000Z',
  loginType: 'Remote Access 2.0',
  status: 'Success',
  application: 'Ledger Export',
};

/** The ledger user's only login is `login`, and LastLoginDate says `lastLoginDate`. */
function ledgerOnly(login: Patch<LoginHistoryEntry> | undefined, lastLoginDate?: string) {
  const b = snapshot()
    .removeLogins(BASE.connectedAppUser)
    .withUser(BASE.connectedAppUser, { lastLoginDate });
  if (login === undefined) return b;
  // A key patched to undefined is dropped (exactOptionalPropertyTypes).
  const row = Object.fromEntries(
    Object.entries({ ...ledgerLogin, ...login }).filter(([, v]) => v !== undefined),
  ) as unknown as LoginHistoryEntry;
  return b.addLogin(row);
}

RuleTester.run(rule, {
  valid: [
    examples.pass,
    {
      name: 'a login just inside dormantDays',
      snapshot: ledgerOnly({ loginTime: edge(1) }, edge(1)).build(),
    },
    {
      name: 'Application naming the developer name',
      snapshot: ledgerOnly({ application: BASE.connectedApp }).build(),
    },
  ],
  invalid: [
    {
      snapshot: examples.fail,
      findings: [
        {
          messageId: 'dormant',
          app: BASE.connectedApp,
          resource: BASE.connectedAppUser,
          status: 'fail',
        },
        { messageId: 'active', app: BASE.eca, resource: BASE.ecaUser, status: 'pass' },
      ],
    },
    {
      name: 'a login just outside dormantDays',
      snapshot: ledgerOnly({ loginTime: edge(-1) }, edge(-1)).build(),
      findings: [
        {
          messageId: 'dormant',
          app: BASE.connectedApp,
          resource: BASE.connectedAppUser,
          status: 'fail',
        },
      ],
    },
    {
      name: 'only failed attempts are not logins',
      snapshot: ledgerOnly({ status: 'User is frozen' }).build(),
      findings: [
        {
          messageId: 'dormant',
          app: BASE.connectedApp,
          resource: BASE.connectedAppUser,
          status: 'fail',
        },
      ],
    },
    {
      name: 'no Login History and no LastLoginDate at all',
      snapshot: ledgerOnly(undefined).build(),
      findings: [
        {
          messageId: 'dormant',
          app: BASE.connectedApp,
          resource: BASE.connectedAppUser,
          status: 'fail',
        },
      ],
    },
    {
      name: 'the run-as user logs in through another app only',
      snapshot: ledgerOnly({ application: 'Ledger Reconcile' }).build(),
      findings: [
        {
          messageId: 'appDormant',
          app: BASE.connectedApp,
          resource: BASE.connectedAppUser,
          status: 'fail',
        },
      ],
    },
    {
      name: 'an API login without Application is not attributed',
      snapshot: ledgerOnly({ application: undefined }).build(),
      findings: [
        {
          messageId: 'unattributed',
          app: BASE.connectedApp,
          resource: BASE.connectedAppUser,
          status: 'skip',
        },
      ],
    },
    {
      name: 'only LastLoginDate is recent',
      snapshot: ledgerOnly(undefined, '2026-11-24T02:00:00.000Z').build(),
      findings: [
        {
          messageId: 'unattributed',
          app: BASE.connectedApp,
          resource: BASE.connectedAppUser,
          status: 'skip',
        },
      ],
    },
    {
      name: 'a shorter dormantDays',
      snapshot: ledgerOnly(
        { loginTime: '2026-11-01T02:00:00.000Z' },
        '2026-11-01T02:00:00.000Z',
      ).build(),
      evaluate: { settings: { dormantDays: 14 } },
      findings: [
        {
          messageId: 'dormant',
          app: BASE.connectedApp,
          resource: BASE.connectedAppUser,
          status: 'fail',
        },
      ],
    },
  ],
});

describe('RG-0028 message', () => {
  it('quotes the latest login seen', () => {
    const [finding] = evaluate(examples.fail, [rule]).findings.filter((f) => f.status === 'fail');
    expect(finding?.severity).toBe('low');
    expect(finding?.message).toBe(
      `Neither ${BASE.connectedApp} nor its run-as user ${BASE.connectedAppUser} has a successful login in the last 90 days (latest seen: 2026-05-04T02:00:00.000Z): the integration looks unused`,
    );
  });
});
