import { describe, expect, it } from 'vitest';

import { evaluate } from '../../engine.js';
import { RuleTester } from '../../rule-tester.js';
import { BASE, BASE_MANIFEST, snapshot } from '../../testing/snapshot-builder.js';
import * as examples from './examples.js';
import { rule } from './rule.js';

/** The passing base with its manifest: every case changes one thing. */
const base = () => snapshot().withManifest();
const eca = { app: BASE.eca, resource: BASE.ecaUser };
const ledger = { app: BASE.connectedApp, resource: BASE.connectedAppUser };

RuleTester.run(rule, {
  valid: [
    { snapshot: examples.pass, evaluate: { manifest: examples.manifest } },
    base().toCase('the base with its manifest'),
    base()
      .withDeclared(BASE.eca, {
        needs: { objects: { Account: ['read'] }, fields: { 'Account.Name': ['read'] } },
      })
      .toCase('a field without field-level security (Account.Name) comes with the object'),
    base()
      .withDeclared(BASE.eca, {
        needs: { objects: { invoice__c: ['read'] }, systemPermissions: ['apienabled'] },
      })
      .toCase('names are compared ignoring case'),
    base().inProjectModeWithRunAsAccess().toCase('project mode: access from runAsAccess'),
  ],
  invalid: [
    {
      snapshot: examples.fail,
      evaluate: { manifest: examples.manifest },
      findings: [{ messageId: 'missing', ...eca, status: 'fail', severity: 'critical' }],
    },
    {
      ...base()
        .withDeclared(BASE.connectedApp, {
          needs: { systemPermissions: ['ApiEnabled', 'ViewSetup'] },
        })
        .toCase('a declared system permission the user lacks'),
      findings: [{ messageId: 'missing', ...ledger, status: 'fail' }],
    },
    {
      ...base()
        .withDeclared(BASE.eca, { needs: { fields: { 'Account.Billing_Status__c': ['edit'] } } })
        .toCase('field edit declared, only read granted'),
      findings: [{ messageId: 'missing', ...eca, status: 'fail' }],
    },
    {
      ...base()
        .withPermissionSet(BASE.ecaPermissionSet, { hasActivationRequired: true })
        .toCase('a session-based permission set grants nothing here'),
      findings: [{ messageId: 'missing', ...eca, status: 'fail' }],
    },
    {
      ...base()
        .inProjectModeWithRunAsAccess()
        .withDeclared(BASE.connectedApp, { needs: { objects: { Opportunity: ['edit'] } } })
        .toCase('project mode: a need the runAsAccess does not grant'),
      findings: [{ messageId: 'missing', ...ledger, status: 'fail' }],
    },
    {
      name: 'no manifest: not checked',
      snapshot: snapshot().build(),
      findings: [
        { messageId: 'noManifest', ...eca, status: 'skip' },
        { messageId: 'noManifest', ...ledger, status: 'skip' },
      ],
    },
    {
      ...base().undeclare(BASE.eca).toCase('an app without a manifest entry'),
      findings: [{ messageId: 'notDeclared', ...eca, status: 'skip' }],
    },
    {
      ...base().withDeclared(BASE.eca, { needs: undefined }).toCase('an entry without needs'),
      findings: [{ messageId: 'noNeeds', ...eca, status: 'skip' }],
    },
  ],
});

describe('RG-0010 message and evidence', () => {
  it('names each missing need and what would have granted it', () => {
    const builder = base()
      .addPermissionSet('Invoice_Writer', { hasActivationRequired: true })
      .withObjectPermission('Invoice_Writer', 'Invoice__c', { allowRead: true, allowCreate: true })
      .assign(BASE.ecaUser, { permissionSet: 'Invoice_Writer' })
      .withObjectPermission(BASE.ecaPermissionSet, 'Invoice__c', { allowCreate: false })
      .withDeclared(BASE.eca, {
        needs: {
          objects: { Invoice__c: ['read', 'create'] },
          systemPermissions: ['ApiEnabled', 'ViewSetup'],
        },
      });
    const manifest = builder.manifest();
    const findings = evaluate(builder.build(), [rule], manifest ? { manifest } : {}).findings;
    const [finding] = findings.filter((f) => f.status === 'fail');
    expect(finding?.message).toBe(
      `${BASE.ecaUser}, the run-as user of ${BASE.eca}, lacks 2 of the needs ${BASE_MANIFEST.eca} declares: system permission ViewSetup, Invoice__c create; the follow-on calls that use them fail`,
    );
    expect(finding?.evidence).toMatchObject({
      missing: [
        { kind: 'system', name: 'ViewSetup' },
        { kind: 'object', name: 'Invoice__c', action: 'create' },
      ],
      excluded: [{ need: 'Invoice__c create', reason: 'session-based', via: 'Invoice_Writer' }],
    });
  });
});
