import { describe, expect, it } from 'vitest';

import { BASE, snapshot } from '../../../../test/helpers/snapshot-builder.js';
import { evaluate } from '../../engine.js';
import { RuleTester } from '../../rule-tester.js';
import * as examples from './examples.js';
import { rule } from './rule.js';

RuleTester.run(rule, {
  valid: [
    examples.pass,
    {
      name: 'a session-based permission set is not active in a client-credentials session',
      snapshot: snapshot()
        .grant('MFA_Session', 'TwoFactorApi')
        .withPermissionSet('MFA_Session', { hasActivationRequired: true })
        .assign(BASE.ecaUser, { permissionSet: 'MFA_Session' })
        .build(),
    },
    {
      name: 'an expired assignment',
      snapshot: snapshot()
        .grant('MFA_For_Everyone', 'TwoFactorApi')
        .assign(BASE.ecaUser, {
          permissionSet: 'MFA_For_Everyone',
          expirationDate: '2026-11-24T00:00:00.000Z',
        })
        .build(),
    },
  ],
  invalid: [
    {
      snapshot: examples.fail,
      findings: [
        { messageId: 'required', app: BASE.eca, resource: BASE.ecaUser, status: 'fail' },
        {
          messageId: 'notRequired',
          app: BASE.connectedApp,
          resource: BASE.connectedAppUser,
          status: 'pass',
        },
      ],
    },
    {
      name: 'through a permission set group',
      snapshot: snapshot()
        .grant('MFA_For_Everyone', 'TwoFactorApi')
        .addPermissionSetGroup('Hardening', ['MFA_For_Everyone'])
        .assign(BASE.connectedAppUser, { permissionSetGroup: 'Hardening' })
        .build(),
      findings: [
        {
          messageId: 'required',
          app: BASE.connectedApp,
          resource: BASE.connectedAppUser,
          status: 'fail',
        },
      ],
    },
  ],
});

describe('RG-0035 message', () => {
  it('says the effect on this flow is UNCONFIRMED and names the container', () => {
    const [finding] = evaluate(examples.fail, [rule]).findings.filter((f) => f.status === 'fail');
    expect(finding?.message).toContain('via permission set MFA_For_Everyone');
    expect(finding?.message).toContain('the effect on this flow is UNCONFIRMED');
    expect(finding?.evidence?.via).toEqual([{ type: 'PermissionSet', name: 'MFA_For_Everyone' }]);
  });
});
