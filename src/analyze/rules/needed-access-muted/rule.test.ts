import { describe, expect, it } from 'vitest';

import { emptyObjectPermission } from '../../../model/permissions.js';
import { evaluate } from '../../engine.js';
import { RuleTester } from '../../rule-tester.js';
import { BASE, snapshot } from '../../testing/snapshot-builder.js';
import * as examples from './examples.js';
import { rule } from './rule.js';

/** The passing example (billing set held through a muted group) with its manifest. */
const base = () => snapshot(examples.pass).withManifest();
const eca = { app: BASE.eca, resource: BASE.ecaUser };
const ledger = { app: BASE.connectedApp, resource: BASE.connectedAppUser };

/** The example's muting set muting something else instead. */
const mutes = (change: (m: typeof examples.ACCOUNT_EDIT_MUTING) => void) =>
  base().with((s) => {
    const muting = s.mutingPermissionSets[0];
    if (muting !== undefined) change(muting);
  });

RuleTester.run(rule, {
  valid: [
    { snapshot: examples.pass, evaluate: { manifest: examples.manifest } },
    base()
      .assign(BASE.ecaUser, { permissionSet: BASE.ecaPermissionSet })
      .with((s) => {
        const muting = s.mutingPermissionSets[0];
        if (muting !== undefined)
          muting.objectPermissions = { Account: { ...emptyObjectPermission(), allowRead: true } };
      })
      .toCase('a muted need that reaches the user another way (the set assigned directly too)'),
    base().inProjectModeWithRunAsAccess().toCase('project mode: the base runAsAccess has no group'),
  ],
  invalid: [
    {
      snapshot: examples.fail,
      evaluate: { manifest: examples.manifest },
      findings: [
        { messageId: 'muted', ...eca, status: 'fail', severity: 'high' },
        { messageId: 'notMuted', ...ledger, status: 'pass' },
      ],
    },
    {
      ...mutes((m) => {
        m.fieldPermissions = { 'Invoice__c.Amount__c': { readable: true, editable: false } };
      }).toCase('a muted field'),
      findings: [{ messageId: 'muted', ...eca, status: 'fail' }],
    },
    {
      ...mutes((m) => {
        m.userPermissions = ['ApiEnabled'];
      })
        .withProfileDef(BASE.integrationProfile, { userPermissions: ['ApiUserOnly'] })
        .grant(BASE.ecaPermissionSet, 'ApiEnabled')
        .toCase('a muted system permission the profile does not grant'),
      findings: [
        { messageId: 'muted', ...eca, status: 'fail' },
        // The ledger user lost ApiEnabled with the profile change: missing (RG-0010), not muted.
        { messageId: 'notMuted', ...ledger, status: 'pass' },
      ],
    },
    {
      name: 'no manifest: not checked',
      snapshot: examples.fail,
      findings: [
        { messageId: 'noManifest', ...eca, status: 'skip' },
        { messageId: 'noManifest', ...ledger, status: 'skip' },
      ],
    },
    {
      ...base().undeclare(BASE.connectedApp).toCase('an app without a manifest entry'),
      findings: [{ messageId: 'notDeclared', ...ledger, status: 'skip' }],
    },
    {
      ...base().withDeclared(BASE.eca, { needs: undefined }).toCase('an entry without needs'),
      findings: [{ messageId: 'noNeeds', ...eca, status: 'skip' }],
    },
  ],
});

describe('RG-0014 message and evidence', () => {
  it('names the needs and the muting set with its group', () => {
    const builder = snapshot(examples.fail).withManifest();
    const manifest = builder.manifest();
    const findings = evaluate(builder.build(), [rule], manifest ? { manifest } : {}).findings;
    const finding = findings.find((f) => f.status === 'fail');
    // Account read muted: the field Account.Billing_Status__c goes with it (no read on the object).
    expect(finding?.message).toBe(
      `${BASE.ecaUser}, the run-as user of ${BASE.eca}, loses Account read, declared by billing-callback, to muting permission set Billing_Access_Muting in group Billing_Access`,
    );
    expect(finding?.evidence).toEqual({
      expected: 'not muted',
      actual: [
        {
          need: 'Account read',
          mutedIn: ['muting permission set Billing_Access_Muting in group Billing_Access'],
        },
      ],
      via: [{ type: 'PermissionSet', name: BASE.ecaPermissionSet, group: 'Billing_Access' }],
    });
  });
});
