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
