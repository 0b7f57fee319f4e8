import { describe, expect, it } from 'vitest';

import { BASE, snapshot } from '../../../../test/helpers/snapshot-builder.js';
import { evaluate } from '../../engine.js';
import { RuleTester } from '../../rule-tester.js';
import * as examples from './examples.js';
import { rule } from './rule.js';

const withGroup = (status: 'Updated' | 'Outdated' | 'Updating' | 'Failed') =>
  snapshot()
    .addPermissionSetGroup('Billing_Access', [BASE.ecaPermissionSet], { status })
    .assign(BASE.ecaUser, { permissionSetGroup: 'Billing_Access' });

RuleTester.run(rule, {
  valid: [
    examples.pass,
    snapshot().build(),
    {
      name: 'an expired assignment of an outdated group grants nothing',
      snapshot: snapshot()
        .addPermissionSetGroup('Old_Access', [], { status: 'Outdated' })
        .assign(BASE.ecaUser, {
          permissionSetGroup: 'Old_Access',
          expirationDate: '2026-11-01T00:00:00.000Z',
        })
        .build(),
    },
    {
      name: "another user's outdated group",
      snapshot: snapshot()
        .addUser('grace@acme.com')
        .addPermissionSetGroup('Sales', [], { status: 'Outdated' })
        .assign('grace@acme.com', { permissionSetGroup: 'Sales' })
        .build(),
    },
  ],
  invalid: [
    {
      snapshot: examples.fail,
      findings: [
        {
          messageId: 'notUpdated',
          app: BASE.connectedApp,
          resource: BASE.connectedAppUser,
          status: 'fail',
        },
        { messageId: 'noGroups', app: BASE.eca, resource: BASE.ecaUser, status: 'pass' },
      ],
    },
    {
      name: 'Outdated',
      snapshot: withGroup('Outdated').build(),
      findings: [
        { messageId: 'notUpdated', app: BASE.eca, resource: BASE.ecaUser, status: 'fail' },
      ],
    },
    {
      name: 'Failed',
      snapshot: withGroup('Failed').build(),
      findings: [
        { messageId: 'notUpdated', app: BASE.eca, resource: BASE.ecaUser, status: 'fail' },
      ],
    },
    {
      name: 'a group that is not in the snapshot',
      snapshot: snapshot().assign(BASE.ecaUser, { permissionSetGroup: 'Ghost_Access' }).build(),
      findings: [
        { messageId: 'unknownGroup', app: BASE.eca, resource: BASE.ecaUser, status: 'skip' },
      ],
    },
    {
      name: 'project mode: group status is org state',
      snapshot: withGroup('Failed').inProjectMode().build(),
      findings: [
        { messageId: 'notInMode', app: BASE.eca, resource: BASE.ecaUser, status: 'not-evaluated' },
        {
          messageId: 'notInMode',
          app: BASE.connectedApp,
          resource: BASE.connectedAppUser,
          status: 'not-evaluated',
        },
      ],
    },
  ],
});

describe('RG-0015 message and evidence', () => {
  it('names each unsettled group and its status', () => {
    const s = withGroup('Updated')
      .addPermissionSetGroup('Billing_Extra', [], { status: 'Failed' })
      .assign(BASE.ecaUser, { permissionSetGroup: 'Billing_Extra' })
      .build();
    const [finding] = evaluate(s, [rule]).findings.filter((f) => f.status === 'fail');
    expect(finding?.message).toBe(
      `${BASE.ecaUser}, the run-as user of ${BASE.eca}, holds permission set group(s) whose permissions are not recalculated: Billing_Extra (Failed); its effective access is uncertain`,
    );
    expect(finding?.evidence).toEqual({
      expected: 'Updated',
      actual: [
        { group: 'Billing_Access', status: 'Updated' },
        { group: 'Billing_Extra', status: 'Failed' },
      ],
    });
  });
});
