import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import type { FieldDef, ObjectDef } from '../schema.js';
import { findField, isPermissionable } from '../schema.js';
import { objectApiNamesWithCrud, standardSchema, SYSTEM_PERMISSIONS } from './index.js';

const schema = standardSchema();
const objects = [...schema.values()];

/** References Salesforce's types declare without a parent relationship. */
const OPAQUE_REFERENCES = new Set([
  'SetupEntityAccess.SetupEntityId',
  'ConnectedApplication.ExecutionUserId',
  'ExtlClntAppOauthPlcyCnfg.ExternalClientApplicationId',
  'ExtlClntAppOauthSettings.ExternalClientApplicationId',
]);

function references(def: ObjectDef): FieldDef[] {
  return def.fields.filter((f) => f.type === 'reference');
}

function object(name: string): ObjectDef {
  const def = schema.get(name);
  if (def === undefined) throw new Error(`no ${name} in the standard schema`);
  return def;
}

function field(objectName: string, fieldName: string): FieldDef {
  const def = findField(object(objectName), fieldName);
  if (def === undefined) throw new Error(`no ${objectName}.${fieldName}`);
  return def;
}

describe('standardSchema', () => {
  it('has unique object names and unique three-character key prefixes', () => {
    expect(new Set(objects.map((o) => o.name.toLowerCase())).size).toBe(objects.length);
    const prefixes = objects.map((o) => o.keyPrefix);
    expect(new Set(prefixes).size).toBe(prefixes.length);
    for (const p of prefixes) expect(p).toMatch(/^[0-9A-Za-z]{3}$/);
  });

  it('uses the key prefixes Salesforce uses', () => {
    const expected: Record<string, string> = {
      Account: '001',
      Contact: '003',
      Lead: '00Q',
      Opportunity: '006',
      Case: '500',
      Campaign: '701',
      Contract: '800',
      Order: '801',
      OrderItem: '802',
      Product2: '01t',
      Pricebook2: '01s',
      PricebookEntry: '01u',
      Asset: '02i',
      Task: '00T',
      Event: '00U',
      Quote: '0Q0',
      Organization: '00D',
      User: '005',
      UserRole: '00E',
      Profile: '00e',
      UserLicense: '100',
      PermissionSet: '0PS',
      PermissionSetAssignment: '0Pa',
      PermissionSetGroup: '0PG',
      ObjectPermissions: '110',
      FieldPermissions: '01k',
      SetupEntityAccess: '0J0',
      PermissionSetLicense: '0PL',
      PermissionSetLicenseAssignment: '2LA',
      ConnectedApplication: '0H4',
      LoginHistory: '0Ya',
      SetupAuditTrail: '0Ym',
    };
    for (const [name, prefix] of Object.entries(expected))
      expect(object(name).keyPrefix, name).toBe(prefix);
  });

  it('gives every object an Id field and unique field names', () => {
    for (const def of objects) {
      expect(field(def.name, 'Id').type, def.name).toBe('id');
      const names = def.fields.map((f) => f.name.toLowerCase());
      expect(new Set(names).size, def.name).toBe(names.length);
    }
  });

  it('points every reference at objects that exist', () => {
    for (const def of objects)
      for (const ref of references(def)) {
        expect(ref.referenceTo?.length, `${def.name}.${ref.name}`).toBeGreaterThan(0);
        for (const target of ref.referenceTo ?? [])
          expect(schema.has(target), `${def.name}.${ref.name} → ${target}`).toBe(true);
      }
  });

  it('names the parent relationship of every reference, uniquely per object', () => {
    for (const def of objects) {
      const fieldNames = new Set(def.fields.map((f) => f.name.toLowerCase()));
      const seen = new Set<string>();
      for (const ref of references(def)) {
        const key = `${def.name}.${ref.name}`;
        if (OPAQUE_REFERENCES.has(key)) {
          expect(ref.relationshipName, key).toBeUndefined();
          continue;
        }
        const rel = ref.relationshipName;
        expect(rel, key).toBeDefined();
        if (rel === undefined) continue;
        expect(seen.has(rel.toLowerCase()), `duplicate relationship ${def.name}.${rel}`).toBe(
          false,
        );
        expect(fieldNames.has(rel.toLowerCase()), `relationship ${key} shadows a field`).toBe(
          false,
        );
        seen.add(rel.toLowerCase());
      }
      for (const f of def.fields)
        if (f.type !== 'reference')
          expect(f.relationshipName, `${def.name}.${f.name}`).toBeUndefined();
    }
  });

  it('points every child relationship at a reference field back to the parent', () => {
    for (const def of objects) {
      const names = (def.childRelationships ?? []).map((c) => c.relationshipName.toLowerCase());
      expect(new Set(names).size, def.name).toBe(names.length);
      for (const c of def.childRelationships ?? []) {
        const where = `${def.name}.${c.relationshipName}`;
        const childDef = schema.get(c.childSObject);
        expect(childDef, where).toBeDefined();
        if (childDef === undefined) continue;
        const ref = findField(childDef, c.field);
        expect(ref?.type, where).toBe('reference');
        expect(ref?.referenceTo, where).toContain(def.name);
      }
    }
  });

  it('walks Profile.UserLicense.Name and PermissionSetAssignment.Assignee.Profile.Name', () => {
    expect(field('User', 'ProfileId')).toMatchObject({
      referenceTo: ['Profile'],
      relationshipName: 'Profile',
    });
    expect(field('Profile', 'UserLicenseId')).toMatchObject({
      referenceTo: ['UserLicense'],
      relationshipName: 'UserLicense',
    });
    expect(findField(object('UserLicense'), 'Name')).toBeDefined();
    expect(field('PermissionSetAssignment', 'AssigneeId').relationshipName).toBe('Assignee');
    expect(field('ObjectPermissions', 'ParentId').relationshipName).toBe('Parent');
    expect(field('SetupAuditTrail', 'CreatedById').relationshipName).toBe('CreatedBy');
    expect(object('User').childRelationships).toContainEqual({
      relationshipName: 'PermissionSetAssignments',
      childSObject: 'PermissionSetAssignment',
      field: 'AssigneeId',
    });
    expect(object('Order').childRelationships).toContainEqual({
      relationshipName: 'OrderItems',
      childSObject: 'OrderItem',
      field: 'OrderId',
    });
  });

  it('keeps Id, Name, required and audit fields out of field-level security', () => {
    for (const def of objects.filter((o) => o.access === 'crud')) {
      for (const name of ['Id', 'CreatedDate', 'CreatedById', 'LastModifiedDate', 'SystemModstamp'])
        expect(isPermissionable(def, field(def.name, name)), `${def.name}.${name}`).toBe(false);
      const nameField = findField(def, 'Name');
      if (nameField !== undefined) expect(isPermissionable(def, nameField), def.name).toBe(false);
      // Booleans are never nillable in Salesforce, yet field-level security applies to them.
      for (const f of def.fields)
        if (f.nillable === false && f.type !== 'boolean')
          expect(isPermissionable(def, f), `required ${def.name}.${f.name}`).toBe(false);
    }
    for (const [o, f] of [
      ['Opportunity', 'StageName'],
      ['Opportunity', 'CloseDate'],
      ['Order', 'EffectiveDate'],
      ['Contract', 'AccountId'],
    ] as const)
      expect(isPermissionable(object(o), field(o, f)), `${o}.${f}`).toBe(false);
  });

  it('puts business fields under field-level security, and no field of a setup object', () => {
    for (const key of [
      'Account.AccountNumber',
      'Account.Industry',
      'Order.PoNumber',
      'Order.Description',
      'Order.TotalAmount',
      'Contract.SpecialTerms',
      'Opportunity.Amount',
      'Product2.Description',
      'Product2.ProductCode',
      'Product2.Family',
      'Pricebook2.IsActive',
    ]) {
      const [o = '', f = ''] = key.split('.');
      expect(isPermissionable(object(o), field(o, f)), key).toBe(true);
    }
    for (const def of objects.filter((o) => o.access !== 'crud'))
      for (const f of def.fields)
        expect(isPermissionable(def, f), `${def.name}.${f.name}`).toBe(false);
  });

  it('classifies who may read each setup object', () => {
    const access: Record<string, ObjectDef['access']> = {
      User: 'users',
      Organization: 'users',
      UserLicense: 'users',
      UserLogin: 'manageUsers',
      LoginHistory: 'users',
      OauthToken: 'users',
      Profile: 'setup',
      PermissionSet: 'setup',
      SetupAuditTrail: 'setup',
      ConnectedApplication: 'setup',
    };
    for (const [name, kind] of Object.entries(access)) expect(object(name).access, name).toBe(kind);
    expect(objects.filter((o) => o.access === 'crud').map((o) => o.api)).not.toContain('tooling');
  });

  it('describes Permissions<Name> on permission containers for every system permission', () => {
    for (const container of ['PermissionSet', 'Profile', 'MutingPermissionSet'])
      for (const p of SYSTEM_PERMISSIONS)
        expect(field(container, `Permissions${p.name}`).type, `${container} ${p.name}`).toBe(
          'boolean',
        );
  });

  it('marks Tooling-only objects and fields', () => {
    for (const name of [
      'ExternalClientApplication',
      'ExtlClntAppOauthPlcyCnfg',
      'ExtlClntAppOauthSettings',
    ])
      expect(object(name).api, name).toBe('tooling');
    for (const name of ['PermissionSet', 'PermissionSetGroup', 'ConnectedApplication', 'Profile'])
      expect(object(name).api, name).toBe('both');
    expect(field('Profile', 'Metadata')).toMatchObject({ type: 'json', api: 'tooling' });
    expect(field('Profile', 'FullName').api).toBe('tooling');
    expect(field('ConnectedApplication', 'ExecutionUserId').api).toBe('tooling');
    expect(field('ConnectedApplication', 'OptionsAllowAdminApprovedUsersOnly').api).toBeUndefined();
  });

  it('marks the LoginHistory fields Salesforce refuses in WHERE', () => {
    expect(field('LoginHistory', 'Status').filterable).toBe(false);
    expect(field('LoginHistory', 'SourceIp').filterable).toBe(false);
    expect(field('LoginHistory', 'LoginTime').filterable).toBeUndefined();
  });

  it('returns a fresh copy on every call', () => {
    const mine = standardSchema();
    mine.get('Account')?.fields.push({ name: 'Tier__c', type: 'picklist', custom: true });
    mine.delete('Lead');
    const next = standardSchema();
    expect(next.get('Account')?.fields.some((f) => f.name === 'Tier__c')).toBe(false);
    expect(next.has('Lead')).toBe(true);
  });

  it('lists the CRUD objects, sorted', () => {
    expect(objectApiNamesWithCrud(schema)).toEqual([
      'Account',
      'Asset',
      'Campaign',
      'Case',
      'Contact',
      'Contract',
      'Event',
      'Lead',
      'Opportunity',
      'Order',
      'OrderItem',
      'Pricebook2',
      'PricebookEntry',
      'Product2',
      'Quote',
      'Task',
    ]);
  });
});

// The reference fixture is the first real consumer: everything it names must be standard.
describe('the Northwind fixture against the standard schema', () => {
  const root = fileURLToPath(
    new URL('../../../test/fixtures/orgs/northwind-integrations/', import.meta.url),
  );

  it('writes only fields and relationships the schema knows', () => {
    const dataDir = `${root}data/`;
    for (const file of readdirSync(dataDir)) {
      const parsed = JSON.parse(readFileSync(dataDir + file, 'utf8')) as {
        records: Record<string, unknown>[];
      };
      for (const record of parsed.records) {
        const type = (record.attributes as { type: string }).type;
        const def = object(type);
        for (const [key, value] of Object.entries(record)) {
          if (key === 'attributes') continue;
          const where = `${file}: ${type}.${key}`;
          if (value !== null && typeof value === 'object') {
            const ref = def.fields.find((f) => f.relationshipName === key);
            expect(ref, where).toBeDefined();
            const target = object(ref?.referenceTo?.[0] ?? '');
            for (const inner of Object.keys(value))
              expect(findField(target, inner), `${where}.${inner}`).toBeDefined();
          } else expect(findField(def, key), where).toBeDefined();
        }
      }
    }
  });

  it('grants only permissionable standard fields and CRUD objects in its metadata', () => {
    const dirs = ['permissionsets', 'mutingpermissionsets', 'profiles'];
    let seen = 0;
    for (const dir of dirs) {
      const path = `${root}force-app/main/default/${dir}/`;
      for (const file of readdirSync(path)) {
        const xml = readFileSync(path + file, 'utf8');
        for (const [, key = ''] of xml.matchAll(/<field>([^<]+)<\/field>/g)) {
          const [o = '', f = ''] = key.split('.');
          expect(isPermissionable(object(o), field(o, f)), `${file}: ${key}`).toBe(true);
          seen++;
        }
        for (const [, o = ''] of xml.matchAll(/<object>([^<]+)<\/object>/g)) {
          expect(object(o).access, `${file}: ${o}`).toBe('crud');
          seen++;
        }
      }
    }
    expect(seen).toBeGreaterThan(10);
  });
});
