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
      name: 'API scopes that are not web/UI',
      snapshot: snapshot()
        .withApp(BASE.eca, { scopes: ['Api', 'Chatter', 'OpenID'] })
        .build(),
    },
    {
      name: 'allowed by option',
      snapshot: snapshot()
        .withApp(BASE.eca, { scopes: ['Api', 'Web'] })
        .build(),
      options: { allowScopes: ['web'] },
    },
  ],
  invalid: [
    {
      snapshot: examples.fail,
      findings: [
        {
          messageId: 'overbroad',
          app: BASE.connectedApp,
          resource: BASE.connectedApp,
          status: 'fail',
        },
        { messageId: 'narrow', app: BASE.eca, resource: BASE.eca, status: 'pass' },
      ],
    },
    ...(
      [
        'Full',
        'RefreshToken',
        'OfflineAccess',
        'Web',
        'CustomApplications',
        'Lightning',
        'Content',
      ] as const
    ).map((scope) => ({
      name: `${scope} alone is overbroad`,
      snapshot: snapshot()
        .withApp(BASE.eca, { scopes: ['Api', scope] })
        .build(),
      findings: [
        { messageId: 'overbroad', app: BASE.eca, resource: BASE.eca, status: 'fail' as const },
      ],
    })),
    {
      name: 'an option allows only what it names',
      snapshot: snapshot()
        .withApp(BASE.eca, { scopes: ['Api', 'Web', 'refreshtoken'] })
        .build(),
      options: { allowScopes: ['Web'] },
      findings: [{ messageId: 'overbroad', app: BASE.eca, resource: BASE.eca, status: 'fail' }],
    },
  ],
});

describe('RG-0023', () => {
  it('names each scope and what it grants', () => {
    const [finding] = evaluate(examples.fail, [rule]).findings.filter((f) => f.status === 'fail');
    expect(finding?.message).toBe(
      `${BASE.connectedApp} grants scopes a client-credentials integration does not use: Full (full access), RefreshToken (refresh_token, offline_access)`,
    );
    expect(finding?.evidence).toEqual({ expected: [], actual: ['Full', 'RefreshToken'] });
  });

  it('rejects malformed options', () => {
    expect(() =>
      evaluate(examples.pass, [rule], { ruleOptions: { 'RG-0023': { allowScopes: 'Web' } } }),
    ).toThrow(/options of rule RG-0023 are invalid/);
  });
});
