import { describe, expect, it } from 'vitest';

import { BASE, snapshot } from '../../../../test/helpers/snapshot-builder.js';
import { evaluate } from '../../engine.js';
import { RuleTester } from '../../rule-tester.js';
import * as examples from './examples.js';
import { rule } from './rule.js';

const handler = 'billing.handler@acme.com';
const withHandler = () =>
  snapshot().addUser(handler).withApp(BASE.eca, { handlerRunAsUsername: handler });

RuleTester.run(rule, {
  valid: [
    examples.pass,
    snapshot().build(),
    {
      name: 'a high (not critical) permission',
      snapshot: withHandler()
        .grant('Handler_Extra', 'ViewAllUsers')
        .assign(handler, { permissionSet: 'Handler_Extra' })
        .build(),
    },
    {
      name: 'an expired assignment of a critical permission',
      snapshot: withHandler()
        .grant('Handler_Extra', 'ModifyAllData')
        .assign(handler, {
          permissionSet: 'Handler_Extra',
          expirationDate: '2026-11-01T00:00:00.000Z',
        })
        .build(),
    },
  ],
  invalid: [
    {
      snapshot: examples.fail,
      findings: [
        {
          messageId: 'privileged',
          app: BASE.connectedApp,
          resource: BASE.connectedApp,
          status: 'fail',
        },
        { messageId: 'noHandlerUser', app: BASE.eca, resource: BASE.eca, status: 'pass' },
      ],
    },
    {
      name: 'a critical permission through a permission set group',
      snapshot: withHandler()
        .grant('Handler_Apex', 'AuthorApex')
        .addPermissionSetGroup('Handler_Bundle', ['Handler_Apex'])
        .assign(handler, { permissionSetGroup: 'Handler_Bundle' })
        .build(),
      findings: [{ messageId: 'privileged', app: BASE.eca, resource: BASE.eca, status: 'fail' }],
    },
    {
      name: 'the handler runs as the privileged run-as user itself',
      snapshot: snapshot()
        .grant(BASE.ecaPermissionSet, 'ModifyMetadata')
        .withApp(BASE.eca, { handlerRunAsUsername: BASE.ecaUser })
        .build(),
      findings: [{ messageId: 'privileged', app: BASE.eca, resource: BASE.eca, status: 'fail' }],
    },
    {
      name: 'a handler user that is not in the snapshot',
      snapshot: snapshot().withApp(BASE.eca, { handlerRunAsUsername: 'gone@acme.com' }).build(),
      findings: [
        { messageId: 'handlerNotFound', app: BASE.eca, resource: BASE.eca, status: 'skip' },
      ],
    },
    {
      name: 'a handler user whose profile is not in the snapshot',
      snapshot: withHandler()
        .withUser(handler, { profileName: 'Handler Profile', profileFullName: undefined })
        .build(),
      findings: [{ messageId: 'accessUnknown', app: BASE.eca, resource: BASE.eca, status: 'skip' }],
    },
  ],
});

describe('RG-0039 message and evidence', () => {
  it('names the handler user, each critical permission and its container', () => {
    const [finding] = evaluate(examples.fail, [rule]).findings.filter((f) => f.status === 'fail');
    expect(finding?.resource).toEqual({ type: 'ConnectedApp', name: BASE.connectedApp });
    expect(finding?.message).toMatch(
      /^The Apex handler of Ledger_Export runs as admin@acme\.com, who holds Modify All Data \(ModifyAllData\) via profile System Administrator; /,
    );
    expect(finding?.evidence?.actual).toEqual(
      expect.arrayContaining(['ModifyAllData', 'ViewAllData', 'AuthorApex', 'ManageUsers']),
    );
    expect(finding?.evidence?.handler).toBe('admin@acme.com');
  });
});
