import { describe, expect, it } from 'vitest';

import { evaluate } from '../../engine.js';
import { RuleTester } from '../../rule-tester.js';
import { BASE, snapshot } from '../../testing/snapshot-builder.js';
import * as examples from './examples.js';
import { rule } from './rule.js';

/** The passing base with its manifest: every case changes one thing. */
const base = () => snapshot().withManifest();
const eca = { app: BASE.eca, resource: BASE.ecaUser };
const ledger = { app: BASE.connectedApp, resource: BASE.connectedAppUser };

/** A session-based set granting Contract read, held by the ledger user besides its own set. */
const withSessionContract = () =>
  base()
    .addPermissionSet('Contract_Session', { hasActivationRequired: true })
    .withObjectPermission('Contract_Session', 'Contract', { allowRead: true })
    .assign(BASE.connectedAppUser, { permissionSet: 'Contract_Session' });

RuleTester.run(rule, {
  valid: [
    { snapshot: examples.pass, evaluate: { manifest: examples.manifest } },
    withSessionContract().toCase('a session-based set whose grant also comes another way'),
    base()
      .addPermissionSet('Export_Session', { hasActivationRequired: true })
      .withObjectPermission('Export_Session', 'Account', { allowRead: true, allowEdit: true })
      .assign(BASE.ecaUser, { permissionSet: 'Export_Session' })
      .toCase('a session-based set granting only what is not declared'),
    base().inProjectModeWithRunAsAccess().toCase('project mode'),
  ],
  invalid: [
    {
      snapshot: examples.fail,
      evaluate: { manifest: examples.manifest },
      findings: [{ messageId: 'sessionBased', ...eca, status: 'fail', severity: 'high' }],
    },
    {
      ...withSessionContract()
        .withObjectPermission(BASE.connectedAppPermissionSet, 'Contract', { allowRead: false })
        .toCase('the declared Contract read comes only from the session-based set'),
      findings: [{ messageId: 'sessionBased', ...ledger, status: 'fail' }],
    },
    {
      ...base()
        .unassign(BASE.ecaUser, BASE.ecaPermissionSet)
        .addPermissionSetGroup('Billing_Session', [BASE.ecaPermissionSet], {
          hasActivationRequired: true,
        })
        .assign(BASE.ecaUser, { permissionSetGroup: 'Billing_Session' })
        .toCase('a session-based permission set group'),
      findings: [{ messageId: 'sessionBased', ...eca, status: 'fail' }],
    },
    {
      ...base()
        .inProjectModeWithRunAsAccess()
        .withPermissionSet(BASE.connectedAppPermissionSet, { hasActivationRequired: true })
        .toCase('project mode: session activation is metadata'),
      findings: [{ messageId: 'sessionBased', ...ledger, status: 'fail' }],
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
      ...base().withDeclared(BASE.eca, { needs: {} }).toCase('an entry that declares no needs'),
      findings: [{ messageId: 'noNeeds', ...eca, status: 'skip' }],
    },
  ],
});

describe('RG-0012 message and evidence', () => {
  it('names the needs and the session-based set', () => {
    const builder = withSessionContract().withObjectPermission(
      BASE.connectedAppPermissionSet,
      'Contract',
      { allowRead: false },
    );
    const manifest = builder.manifest();
    const findings = evaluate(builder.build(), [rule], manifest ? { manifest } : {}).findings;
    const finding = findings.find((f) => f.status === 'fail');
    // Without read on Contract, the field permission on Contract.ContractTerm is not effective either.
    expect(finding?.message).toBe(
      `${BASE.connectedAppUser}, the run-as user of ${BASE.connectedApp}, gets Contract read, declared by ledger-export, only from session-based permission set Contract_Session, which no client-credentials session activates`,
    );
    expect(finding?.evidence).toEqual({
      expected: 'granted by a permission set without session activation',
      actual: [{ need: 'Contract read', via: ['Contract_Session'] }],
      via: [{ type: 'PermissionSet', name: 'Contract_Session' }],
    });
  });
});
