import { describe, expect, it } from 'vitest';

import { BASE, snapshot } from '../../../../test/helpers/snapshot-builder.js';
import type { LoginHistoryEntry } from '../../../model/snapshot.js';
import { evaluate } from '../../engine.js';
import { RuleTester } from '../../rule-tester.js';
import * as examples from './examples.js';
import { rule } from './rule.js';

/** `dormantDays` (90) before the base's clock, shifted by `minutes`. */
function edge(minutes: number): string {
  return new Date(Date.parse(BASE.collectedAt) - 90 * 86_400_000 + minutes * 60_000).toISOString();
}

const failure: LoginHistoryEntry = {
  username: BASE.connectedAppUser,
  loginTime: '2026-11-24T02:00:00.000Z',
  loginType: 'Remote Access 2.0',
  status: 'Restricted IP',
  application: 'Ledger Export',
  sourceIp: '198.51.100.99',
};

RuleTester.run(rule, {
  valid: [
    examples.pass,
    {
      name: 'a failure just outside dormantDays',
      snapshot: snapshot()
        .addLogin({ ...failure, loginTime: edge(-1) })
        .build(),
    },
    {
      name: '"Success" in another case is a success',
      snapshot: snapshot()
        .addLogin({ ...failure, status: 'SUCCESS' })
        .build(),
    },
    {
      name: "another user's failure through another app",
      snapshot: snapshot()
        .addLogin({ ...failure, username: 'grace@acme.com', application: 'Browser' })
        .build(),
    },
    {
      name: 'new rows only (monitor): a known Id in the overlap is not new, however recent',
      snapshot: snapshot()
        .addLogin({ ...failure, id: '0Ya000000000002AAA', loginTime: '2026-11-25T11:55:00.000Z' })
        .build(),
      options: { newIds: ['0Ya000000000003AAA'] },
    },
    {
      name: 'new rows only (monitor): a row without an Id is never new',
      snapshot: snapshot().addLogin(failure).build(),
      options: { newIds: ['0Ya000000000003AAA'] },
    },
  ],
  invalid: [
    {
      snapshot: examples.fail,
      findings: [
        { messageId: 'failures', app: BASE.eca, resource: BASE.ecaUser, status: 'fail' },
        {
          messageId: 'noFailures',
          app: BASE.connectedApp,
          resource: BASE.connectedAppUser,
          status: 'pass',
        },
      ],
    },
    {
      name: 'new rows only (monitor): a row older than the mark with an unknown Id is new',
      snapshot: snapshot()
        .addLogin({ ...failure, id: '0Ya000000000001AAA', loginTime: '2026-11-20T02:00:00.000Z' })
        .addLogin({ ...failure, id: '0Ya000000000002AAA', loginTime: '2026-11-25T11:55:00.000Z' })
        .build(),
      options: { newIds: ['0Ya000000000001AAA'] },
      findings: [
        {
          messageId: 'failuresNew',
          app: BASE.connectedApp,
          resource: BASE.connectedAppUser,
          status: 'fail',
        },
      ],
    },
    {
      name: 'a failure just inside dormantDays',
      snapshot: snapshot()
        .addLogin({ ...failure, loginTime: edge(1) })
        .build(),
      findings: [
        {
          messageId: 'failures',
          app: BASE.connectedApp,
          resource: BASE.connectedAppUser,
          status: 'fail',
        },
      ],
    },
    {
      name: 'a failed UI login of the run-as user counts too',
      snapshot: snapshot()
        .addLogin({
          ...failure,
          loginType: 'Application',
          status: 'Invalid password',
          application: 'Browser',
        })
        .build(),
      findings: [
        {
          messageId: 'failures',
          app: BASE.connectedApp,
          resource: BASE.connectedAppUser,
          status: 'fail',
        },
      ],
    },
    {
      name: 'a failure that names the app under another username',
      snapshot: snapshot()
        .addLogin({ ...failure, username: 'old.ledger@acme.com' })
        .build(),
      findings: [
        {
          messageId: 'failures',
          app: BASE.connectedApp,
          resource: BASE.connectedAppUser,
          status: 'fail',
        },
      ],
    },
  ],
});

describe('RG-0031 message and evidence', () => {
  it('counts the failures and names their statuses, latest first', () => {
    const s = snapshot()
      .addLogin(failure)
      .addLogin({ ...failure, loginTime: '2026-11-25T02:00:00.000Z', status: 'User is frozen' })
      .addLogin({ ...failure, loginTime: '2026-11-23T02:00:00.000Z' })
      .build();
    const [finding] = evaluate(s, [rule]).findings.filter((f) => f.status === 'fail');
    expect(finding?.message).toBe(
      `${BASE.connectedApp} or its run-as user ${BASE.connectedAppUser} has 3 failed login(s) in the last 90 days (Restricted IP, User is frozen; latest 2026-11-25T02:00:00.000Z)`,
    );
    expect((finding?.evidence?.actual as { status: string }[]).map((r) => r.status)).toEqual([
      'User is frozen',
      'Restricted IP',
      'Restricted IP',
    ]);
  });
});

describe('RG-0031 with new rows only (monitor)', () => {
  it('counts and lists the new rows only, with their Ids', () => {
    const s = snapshot()
      .addLogin({ ...failure, id: '0Ya000000000001AAA', loginTime: '2026-11-20T02:00:00.000Z' })
      .addLogin({ ...failure, id: '0Ya000000000002AAA', status: 'User is frozen' })
      .build();
    const { findings } = evaluate(s, [rule], {
      ruleOptions: { 'RG-0031': { newIds: ['0Ya000000000001AAA'] } },
    });
    const ledger = findings.find((f) => f.app === BASE.connectedApp);
    expect(ledger?.message).toBe(
      `${BASE.connectedApp} or its run-as user ${BASE.connectedAppUser} has 1 failed login(s) new since the last run (Restricted IP; latest 2026-11-20T02:00:00.000Z)`,
    );
    expect((ledger?.evidence?.actual as { id: string }[]).map((r) => r.id)).toEqual([
      '0Ya000000000001AAA',
    ]);
    expect(findings.find((f) => f.app === BASE.eca)?.messageId).toBe('noFailuresNew');
  });
});
