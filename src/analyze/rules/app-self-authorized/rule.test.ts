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
      name: 'a self-authorized app with the flow off is not an integration',
      snapshot: snapshot()
        .withApp(BASE.eca, { adminApproved: false, clientCredentialsEnabled: false })
        .build(),
    },
  ],
  invalid: [
    {
      snapshot: examples.fail,
      findings: [
        { messageId: 'selfAuthorized', app: BASE.eca, resource: BASE.eca, status: 'fail' },
        {
          messageId: 'adminApproved',
          app: BASE.connectedApp,
          resource: BASE.connectedApp,
          status: 'pass',
        },
      ],
    },
    {
      name: 'a Connected App',
      snapshot: snapshot().withApp(BASE.connectedApp, { adminApproved: false }).build(),
      findings: [
        {
          messageId: 'selfAuthorized',
          app: BASE.connectedApp,
          resource: BASE.connectedApp,
          status: 'fail',
        },
      ],
    },
    {
      name: 'in project mode too: it is configuration',
      snapshot: snapshot().withApp(BASE.eca, { adminApproved: false }).inProjectMode().build(),
      findings: [
        { messageId: 'selfAuthorized', app: BASE.eca, resource: BASE.eca, status: 'fail' },
      ],
    },
  ],
});

describe('RG-0025', () => {
  it('tells to pre-authorize the run-as user in the same change', () => {
    const [finding] = evaluate(examples.fail, [rule]).findings.filter((f) => f.status === 'fail');
    expect(finding?.remediation).toContain('pre-authorize the run-as user');
    expect(finding?.remediation).toContain('RG-0038');
    expect(finding?.frameworks).toEqual({ 'owasp-nhi-2025': ['NHI4'], sbs: ['SBS-OAUTH-001'] });
  });
});
