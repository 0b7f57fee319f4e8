import { describe, expect, it } from 'vitest';

import { evaluate } from '../../engine.js';
import { RuleTester } from '../../rule-tester.js';
import { BASE, BASE_MANIFEST, snapshot } from '../../testing/snapshot-builder.js';
import type { SnapshotBuilder } from '../../testing/snapshot-builder.js';
import * as examples from './examples.js';
import { rule } from './rule.js';

/** The passing base with its manifest: every case changes one thing. */
const base = () => snapshot().withManifest();
const eca = { app: BASE.eca, resource: BASE.ecaUser };
const ledger = { app: BASE.connectedApp, resource: BASE.connectedAppUser };

function failureOf(builder: SnapshotBuilder) {
  const manifest = builder.manifest();
  const findings = evaluate(builder.build(), [rule], manifest ? { manifest } : {}).findings;
  return findings.find((f) => f.status === 'fail');
}

RuleTester.run(rule, {
  valid: [
    { snapshot: examples.pass, evaluate: { manifest: examples.manifest } },
    base()
      .withDeclared(BASE.eca, {
        needs: {
          objects: { Invoice__c: ['read', 'create', 'edit'], Account: ['read'] },
          fields: { 'Invoice__c.Amount__c': ['read'], 'Account.Billing_Status__c': ['read'] },
        },
      })
      .toCase('the API Only Integrations baseline (ApiEnabled, ApiUserOnly) needs no declaration'),
    base()
      .withObjectPermission(BASE.ecaPermissionSet, 'Invoice__c', { modifyAllRecords: true })
      .withDeclared(BASE.eca, {
        needs: {
          objects: { Invoice__c: ['create', 'modifyAll'], Account: ['read'] },
          fields: { 'Invoice__c.Amount__c': ['read'], 'Account.Billing_Status__c': ['read'] },
        },
      })
      .toCase(
        'what a declared need implies is not excess (modifyAll: read, edit, delete, viewAll)',
      ),
    base()
      .withFieldPermission(BASE.ecaPermissionSet, 'Account.Billing_Status__c', {
        readable: true,
        editable: true,
      })
      .withDeclared(BASE.eca, {
        needs: {
          objects: { Invoice__c: ['read', 'create', 'edit'], Account: ['read'] },
          fields: { 'Invoice__c.Amount__c': ['read'], 'Account.Billing_Status__c': ['edit'] },
        },
      })
      .toCase('a declared field edit covers its read'),
    base()
      .withDeclared(BASE.eca, {
        needs: {
          objects: { Invoice__c: ['read', 'create', 'edit'] },
          fields: {
            'Invoice__c.Amount__c': ['read'],
            'Account.Billing_Status__c': ['read'],
            'Account.Name': ['read'],
          },
        },
      })
      .toCase(
        'a need on a field without field-level security (Account.Name) is a need on its object, as RG-0010 reads it',
      ),
    base()
      .withObjectPermission(BASE.ecaPermissionSet, 'Account', { allowRead: true, allowEdit: true })
      .withDeclared(BASE.eca, {
        needs: {
          objects: { Invoice__c: ['read', 'create', 'edit'] },
          fields: {
            'Invoice__c.Amount__c': ['read'],
            'Account.Billing_Status__c': ['read'],
            'account.id': ['read'],
            'Account.Name': ['edit'],
          },
        },
      })
      .toCase('editing Account.Name needs Account edit, which brings read'),
    base().inProjectModeWithRunAsAccess().toCase('project mode: access from runAsAccess'),
  ],
  invalid: [
    {
      snapshot: examples.fail,
      evaluate: { manifest: examples.manifest },
      findings: [{ messageId: 'excess', ...ledger, status: 'fail', severity: 'medium' }],
    },
    {
      ...base().grant(BASE.ecaPermissionSet, 'ModifyAllData').toCase('Modify All Data'),
      findings: [{ messageId: 'excess', ...eca, status: 'fail' }],
    },
    {
      ...base().withProfile(BASE.connectedAppUser, 'Admin').toCase('a System Administrator'),
      findings: [{ messageId: 'excess', ...ledger, status: 'fail' }],
    },
    {
      ...base()
        .withFieldPermission(BASE.ecaPermissionSet, 'Account.Industry', {
          readable: true,
          editable: false,
        })
        .toCase('a field beyond the declared ones'),
      findings: [{ messageId: 'excess', ...eca, status: 'fail' }],
    },
    {
      ...base()
        .withDeclared(BASE.eca, { needs: {} })
        .toCase('needs: {} declares that the callback needs nothing'),
      findings: [{ messageId: 'excess', ...eca, status: 'fail' }],
    },
    {
      ...base()
        .inProjectModeWithRunAsAccess()
        .withDeclared(BASE.connectedApp, {
          needs: { objects: { Opportunity: ['read'] }, fields: { 'Opportunity.Amount': ['read'] } },
        })
        .toCase('project mode: runAsAccess grants Contract, which is no longer declared'),
      findings: [{ messageId: 'excess', ...ledger, status: 'fail' }],
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
      ...base().undeclare(BASE.connectedApp).toCase('an app without a manifest entry'),
      findings: [{ messageId: 'notDeclared', ...ledger, status: 'skip' }],
    },
    {
      ...base().withDeclared(BASE.eca, { needs: undefined }).toCase('an entry without needs'),
      findings: [{ messageId: 'noNeeds', ...eca, status: 'skip' }],
    },
  ],
});

describe('RG-0011 message and evidence', () => {
  it('names the excess grant and its path through a group, as on Northwind', () => {
    const finding = failureOf(
      base()
        .addPermissionSet('Data_Steward')
        .withObjectPermission('Data_Steward', 'Contract', {
          allowRead: true,
          allowDelete: true,
        })
        .addPermissionSetGroup('Ledger_Access', ['Data_Steward'])
        .assign(BASE.connectedAppUser, { permissionSetGroup: 'Ledger_Access' }),
    );
    expect(finding?.message).toBe(
      `${BASE.connectedAppUser}, the run-as user of ${BASE.connectedApp}, holds 1 grant(s) beyond what ${BASE_MANIFEST.connectedApp} declares: Contract delete via Ledger_Access / Data_Steward`,
    );
    expect(finding?.evidence).toMatchObject({
      actual: { systemPermissions: [], objects: { Contract: ['delete'] }, fields: {} },
      excess: [
        {
          grant: 'Contract delete',
          via: [{ type: 'PermissionSet', name: 'Data_Steward', group: 'Ledger_Access' }],
        },
      ],
      via: [{ type: 'PermissionSet', name: 'Data_Steward', group: 'Ledger_Access' }],
    });
  });

  it('lists an org-wide permission once, not what it implies on every object', () => {
    const finding = failureOf(base().grant(BASE.ecaPermissionSet, 'ModifyAllData'));
    expect(finding?.evidence?.actual).toEqual({
      systemPermissions: ['ModifyAllData'],
      objects: {},
      fields: {},
    });
    expect(finding?.message).toContain(
      'holds 1 grant(s) beyond what billing-callback declares: system permission ModifyAllData via Billing_Integration',
    );
  });

  it('lists Modify All on an object once, with what it implies folded in', () => {
    const finding = failureOf(
      base().withObjectPermission(BASE.ecaPermissionSet, 'Account', { modifyAllRecords: true }),
    );
    expect(finding?.evidence?.actual).toEqual({
      systemPermissions: [],
      objects: { Account: ['modifyAll'] },
      fields: {},
    });
  });

  it('lists an explicit grant even when an excess grant implies it too', () => {
    const finding = failureOf(
      base().withObjectPermission(BASE.ecaPermissionSet, 'Account', {
        allowEdit: true,
        modifyAllRecords: true,
      }),
    );
    expect(finding?.evidence?.actual).toMatchObject({
      objects: { Account: ['edit', 'modifyAll'] },
    });
    expect(finding?.message).toContain('Account edit, modifyAll via Billing_Integration');
  });

  it('keeps a long list to one sentence, and the evidence to the first 10 with counts', () => {
    const finding = failureOf(base().withProfile(BASE.connectedAppUser, 'Admin'));
    expect(finding?.message).toMatch(
      /beyond what ledger-export declares: \d+ system permissions \(AssignPermissionSets, AuthorApex, .* and \d+ more\), \d+ object permissions on \d+ objects \(Account, .*\), \d+ field permissions; the evidence names the first 10 with their paths \(audit --full-evidence lists every one\)$/,
    );
    const total = Number(/holds (\d+) grant\(s\)/.exec(finding?.message ?? '')?.[1]);
    const listing = finding?.evidence?.listing;
    expect(listing).toMatchObject({ of: 'excess', total, listed: 10, truncated: true });
    const kinds = listing?.byKind ?? {};
    expect((kinds.system ?? 0) + (kinds.object ?? 0) + (kinds.field ?? 0)).toBe(total);
    expect(listing?.byContainer).toEqual([
      { type: 'Profile', name: 'System Administrator', count: total },
    ]);
    expect(finding?.evidence?.excess).toHaveLength(10);
    const actual = finding?.evidence?.actual as { systemPermissions: string[] };
    expect(actual.systemPermissions).toHaveLength(10);
  });

  it('lists every excess grant with fullEvidence (audit --full-evidence)', () => {
    const builder = base().withProfile(BASE.connectedAppUser, 'Admin');
    const manifest = builder.manifest();
    const finding = evaluate(builder.build(), [rule], {
      ...(manifest ? { manifest } : {}),
      fullEvidence: true,
    }).findings.find((f) => f.status === 'fail');
    expect(finding?.message).toMatch(/; the evidence names each with its path$/);
    const total = Number(/holds (\d+) grant\(s\)/.exec(finding?.message ?? '')?.[1]);
    expect(finding?.evidence?.listing).toMatchObject({ total, listed: total, truncated: false });
    expect(finding?.evidence?.excess).toHaveLength(total);
    expect(finding?.evidence?.actual).toMatchObject({
      systemPermissions: expect.arrayContaining(['ModifyAllData', 'ManageUsers']) as unknown,
    });
  });
});
