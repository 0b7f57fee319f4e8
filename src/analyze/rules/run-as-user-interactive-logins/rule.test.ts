import { describe, expect, it } from 'vitest';

import { BASE, snapshot } from '../../../../test/helpers/snapshot-builder.js';
import { evaluate } from '../../engine.js';
import { RuleTester } from '../../rule-tester.js';
import * as examples from './examples.js';
import { rule } from './rule.js';

/** `dormantDays` (90) before the base's clock, shifted by `minutes`. */
function edge(minutes: number): string {
  return new Date(Date.parse(BASE.collectedAt) - 90 * 86_400_000 + minutes * 60_000).toISOString();
}

const uiLogin = {
  username: BASE.connectedAppUser,
  loginTime: '2026-11-20T09:00:00.000Z',
  loginType: 'Application',
  status: 'Success',
  sourceIp: '198.51.100.7',
};

RuleTester.run(rule, {
  valid: [
    examples.pass,
    {
      name: 'a failed UI attempt is not a session',
      snapshot: snapshot()
        .addLogin({ ...uiLogin, status: 'Invalid password' })
        .build(),
    },
    {
      name: 'a UI login just outside dormantDays',
      snapshot: snapshot()
        .addLogin({ ...uiLogin, loginTime: edge(-1) })
        .build(),
    },
    {
      name: 'a UI login after the evaluation time',
      snapshot: snapshot()
        .addLogin({ ...uiLogin, loginTime: '2026-11-25T12:00:01.000Z' })
        .build(),
    },
    {
      name: 'a UI login by another user',
      snapshot: snapshot()
        .addLogin({ ...uiLogin, username: 'grace@acme.com' })
        .build(),
    },
    {
      name: 'a shorter dormantDays leaves an older UI login out',
      snapshot: snapshot()
        .addLogin({ ...uiLogin, loginTime: '2026-10-01T09:00:00.000Z' })
        .build(),
      evaluate: { settings: { dormantDays: 30 } },
    },
  ],
  invalid: [
    {
      snapshot: examples.fail,
      findings: [
        { messageId: 'interactive', app: BASE.eca, resource: BASE.ecaUser, status: 'fail' },
        {
          messageId: 'apiOnly',
          app: BASE.connectedApp,
          resource: BASE.connectedAppUser,
          status: 'pass',
        },
      ],
    },
    {
      name: 'a UI login just inside dormantDays, username in another case',
      snapshot: snapshot()
        .addLogin({ ...uiLogin, loginTime: edge(1), username: BASE.connectedAppUser.toUpperCase() })
        .build(),
      findings: [
        {
          messageId: 'interactive',
          app: BASE.connectedApp,
          resource: BASE.connectedAppUser,
          status: 'fail',
        },
      ],
    },
    {
      name: 'a run-as user that does not exist is not examined',
      snapshot: snapshot().removeUser(BASE.ecaUser).build(),
      findings: [
        { messageId: 'userNotFound', app: BASE.eca, resource: BASE.ecaUser, status: 'skip' },
      ],
    },
  ],
});

describe('RG-0021 message and evidence', () => {
  it('names the count, types, latest time and addresses', () => {
    const s = snapshot()
      .addLogin(uiLogin)
      .addLogin({
        ...uiLogin,
        loginTime: '2026-11-21T10:00:00.000Z',
        loginType: 'SAML Sfdc Initiated SSO',
        sourceIp: '198.51.100.8',
      })
      .build();
    const [finding] = evaluate(s, [rule]).findings.filter((f) => f.status === 'fail');
    expect(finding?.message).toBe(
      `${BASE.connectedAppUser}, the run-as user of ${BASE.connectedApp}, has 2 successful UI login(s) in the last 90 days (Application, SAML Sfdc Initiated SSO; latest 2026-11-21T10:00:00.000Z from 198.51.100.7, 198.51.100.8): a person is using the integration identity`,
    );
    expect(finding?.evidence?.actual).toEqual([
      expect.objectContaining({ loginTime: '2026-11-21T10:00:00.000Z', sourceIp: '198.51.100.8' }),
      expect.objectContaining({ loginTime: '2026-11-20T09:00:00.000Z', sourceIp: '198.51.100.7' }),
    ]);
  });
});
