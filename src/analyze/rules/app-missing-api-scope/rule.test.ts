import { describe, expect, it } from 'vitest';

import { BASE, snapshot } from '../../../../test/helpers/snapshot-builder.js';
import { evaluate } from '../../engine.js';
import { RuleTester } from '../../rule-tester.js';
import * as examples from './examples.js';
import { hasApiScope, rule } from './rule.js';

RuleTester.run(rule, {
  valid: [
    examples.pass,
    {
      name: 'Api among others',
      snapshot: snapshot()
        .withApp(BASE.eca, { scopes: ['RefreshToken', 'Api', 'OpenID'] })
        .build(),
    },
    {
      name: 'Api in another case',
      snapshot: snapshot()
        .withApp(BASE.eca, { scopes: ['API'] })
        .build(),
    },
    {
      name: 'an app with the flow off is not examined',
      snapshot: snapshot()
        .withApp(BASE.eca, { clientCredentialsEnabled: false, scopes: [] })
        .build(),
    },
  ],
  invalid: [
    {
      snapshot: examples.fail,
      findings: [
        {
          messageId: 'missing',
          app: BASE.connectedApp,
          resource: BASE.connectedApp,
          status: 'fail',
        },
        { messageId: 'present', app: BASE.eca, resource: BASE.eca, status: 'pass' },
      ],
    },
    {
      name: 'Web, RefreshToken and OfflineAccess do not count',
      snapshot: snapshot()
        .withApp(BASE.eca, { scopes: ['Web', 'RefreshToken', 'OfflineAccess'] })
        .build(),
      findings: [{ messageId: 'missing', app: BASE.eca, resource: BASE.eca, status: 'fail' }],
    },
    {
      name: 'no scopes at all',
      snapshot: snapshot().withApp(BASE.eca, { scopes: [] }).build(),
      findings: [{ messageId: 'missing', app: BASE.eca, resource: BASE.eca, status: 'fail' }],
    },
    {
      name: 'an app whose run-as user is not set is still examined',
      snapshot: snapshot()
        .withApp(BASE.eca, { scopes: ['Chatter'], runAsUsername: undefined })
        .build(),
      findings: [{ messageId: 'missing', app: BASE.eca, resource: BASE.eca, status: 'fail' }],
    },
  ],
});

describe('RG-0019', () => {
  it('finds Api only as a whole scope token', () => {
    expect(hasApiScope(['Api'])).toBe(true);
    expect(hasApiScope([' api '])).toBe(true);
    expect(hasApiScope(['CDPQuery', 'Apis', 'Full'])).toBe(false);
  });

  it('lists the scopes the app does grant', () => {
    const [finding] = evaluate(examples.fail, [rule]).findings.filter((f) => f.status === 'fail');
    expect(finding?.message).toBe(
      `${BASE.connectedApp} does not grant the Api scope (Manage user data via APIs), only Full: API calls with its client-credentials tokens fail with 401 INVALID_SESSION_ID`,
    );
    expect(finding?.resource).toEqual({ type: 'ConnectedApp', name: BASE.connectedApp });
  });
});
