import { describe, expect, it } from 'vitest';

import type { ProfileDef } from '../permissions.js';
import { isPermissionable } from '../schema.js';
import * as standard from './index.js';
import {
  objectApiNamesWithCrud,
  STANDARD_LICENCES,
  STANDARD_PERMISSION_SET_LICENCES,
  STANDARD_PROFILES,
  standardSchema,
  SYSTEM_PERMISSIONS,
} from './index.js';

const schema = standardSchema();
const crudObjects = objectApiNamesWithCrud(schema);

function profile(fullName: string): ProfileDef {
  const found = STANDARD_PROFILES.find((p) => p.fullName === fullName);
  if (found === undefined) throw new Error(`no standard profile ${fullName}`);
  return found;
}

describe('standard index', () => {
  it('exports exactly the standard data names', () => {
    expect(Object.keys(standard).sort()).toEqual([
      'STANDARD_LICENCES',
      'STANDARD_PERMISSION_SET_LICENCES',
      'STANDARD_PROFILES',
      'SYSTEM_PERMISSIONS',
      'objectApiNamesWithCrud',
      'standardSchema',
    ]);
  });
});

describe('STANDARD_PROFILES', () => {
  it('has the four standard profiles, with their labels and licences', () => {
    expect(STANDARD_PROFILES.map((p) => [p.fullName, p.name, p.userLicense])).toEqual([
      ['Admin', 'System Administrator', 'Salesforce'],
      ['Standard', 'Standard User', 'Salesforce'],
      ['Minimum Access - Salesforce', 'Minimum Access - Salesforce', 'Salesforce'],
      [
        'Minimum Access - API Only Integrations',
        'Minimum Access - API Only Integrations',
        'Salesforce Integration',
      ],
    ]);
    for (const p of STANDARD_PROFILES) {
      expect(p.custom, p.fullName).toBe(false);
      expect(p.kind).toBe('Profile');
    }
  });

  it('gives System Administrator the admin permissions, full object access and no API Only', () => {
    const admin = profile('Admin');
    for (const name of [
      'ApiEnabled',
      'ModifyAllData',
      'ViewAllData',
      'ModifyMetadata',
      'CustomizeApplication',
      'ManageUsers',
      'AuthorApex',
      'ViewSetup',
      'ViewAllUsers',
      'AssignPermissionSets',
      'ManageProfilesPermissionsets',
      'ManageInternalUsers',
      'ResetPasswords',
      'ManageSharing',
      'ManageRoles',
      'ExportReport',
      'ManageAuthProviders',
      'ManageRemoteAccess',
    ])
      expect(admin.userPermissions, name).toContain(name);
    expect(admin.userPermissions).not.toContain('ApiUserOnly');
    expect(Object.keys(admin.objectPermissions).sort()).toEqual(crudObjects);
    for (const perm of Object.values(admin.objectPermissions))
      expect(perm).toMatchObject({
        allowRead: true,
        allowCreate: true,
        allowEdit: true,
        allowDelete: true,
        viewAllRecords: true,
        modifyAllRecords: true,
      });
    // Field-level security applies to admins too: the profile carries it for every standard field.
    for (const def of schema.values())
      for (const f of def.fields)
        if (isPermissionable(def, f))
          expect(admin.fieldPermissions[`${def.name}.${f.name}`], `${def.name}.${f.name}`).toEqual({
            readable: true,
            editable: true,
          });
  });

  it('gives Standard User the API and ordinary CRUD on the sales objects', () => {
    const std = profile('Standard');
    expect(std.userPermissions).toContain('ApiEnabled');
    for (const p of ['ModifyAllData', 'ViewAllData', 'ManageUsers', 'ApiUserOnly'])
      expect(std.userPermissions).not.toContain(p);
    for (const o of ['Account', 'Contact', 'Lead', 'Opportunity', 'Case', 'Order'])
      expect(std.objectPermissions[o], o).toMatchObject({
        allowRead: true,
        allowCreate: true,
        allowEdit: true,
        allowDelete: true,
      });
    for (const o of ['Product2', 'Pricebook2', 'PricebookEntry', 'Campaign'])
      expect(std.objectPermissions[o], o).toMatchObject({
        allowRead: true,
        allowCreate: false,
        allowEdit: false,
        allowDelete: false,
      });
    for (const perm of Object.values(std.objectPermissions)) {
      expect(perm.viewAllRecords).toBe(false);
      expect(perm.modifyAllRecords).toBe(false);
    }
    expect(std.fieldPermissions['Account.Industry']).toEqual({ readable: true, editable: true });
    expect(std.fieldPermissions['Product2.Family']).toEqual({ readable: true, editable: false });
  });

  it('gives Minimum Access - Salesforce neither API nor object access', () => {
    const min = profile('Minimum Access - Salesforce');
    expect(min.userPermissions).not.toContain('ApiEnabled');
    expect(min.objectPermissions).toEqual({});
    expect(min.fieldPermissions).toEqual({});
  });

  it('gives Minimum Access - API Only Integrations API Enabled and API Only, nothing else', () => {
    const api = profile('Minimum Access - API Only Integrations');
    expect([...api.userPermissions].sort()).toEqual(['ApiEnabled', 'ApiUserOnly']);
    expect(api.objectPermissions).toEqual({});
    expect(api.fieldPermissions).toEqual({});
    expect(api.loginIpRanges).toEqual([]);
    expect(api.loginHours).toBeUndefined();
  });

  it('names only known permissions, CRUD objects, standard fields and licences', () => {
    const known = new Set(SYSTEM_PERMISSIONS.map((p) => p.name));
    const licences = new Set(STANDARD_LICENCES.map((l) => l.name));
    for (const p of STANDARD_PROFILES) {
      for (const name of p.userPermissions)
        expect(known.has(name), `${p.fullName} ${name}`).toBe(true);
      expect(new Set(p.userPermissions).size).toBe(p.userPermissions.length);
      for (const o of Object.keys(p.objectPermissions)) expect(crudObjects).toContain(o);
      for (const key of Object.keys(p.fieldPermissions)) {
        const [o = '', f = ''] = key.split('.');
        const def = schema.get(o);
        const fieldDef = def?.fields.find((x) => x.name === f);
        expect(
          def !== undefined && fieldDef !== undefined && isPermissionable(def, fieldDef),
          key,
        ).toBe(true);
      }
      expect(licences.has(p.userLicense), p.userLicense).toBe(true);
    }
  });

  it('is frozen, so no org model can change another one', () => {
    const admin = profile('Admin');
    expect(() => {
      admin.userPermissions.push('ApiUserOnly');
    }).toThrow(TypeError);
    expect(Object.isFrozen(admin.objectPermissions.Account)).toBe(true);
  });
});

describe('STANDARD_LICENCES', () => {
  it('has unique names and keys, and the licences integrations rely on', () => {
    expect(new Set(STANDARD_LICENCES.map((l) => l.name)).size).toBe(STANDARD_LICENCES.length);
    expect(new Set(STANDARD_LICENCES.map((l) => l.licenseDefinitionKey)).size).toBe(
      STANDARD_LICENCES.length,
    );
    const byName = new Map(STANDARD_LICENCES.map((l) => [l.name, l]));
    expect(byName.get('Salesforce')).toMatchObject({
      licenseDefinitionKey: 'SFDC',
      apiAccess: true,
    });
    expect(byName.get('Salesforce Platform')).toMatchObject({ licenseDefinitionKey: 'AUL' });
    expect(byName.get('Salesforce Integration')).toMatchObject({
      apiAccess: true,
      integration: true,
    });
    expect(byName.get('Chatter Free')?.apiAccess).toBe(false);
    expect(byName.get('Chatter External')?.apiAccess).toBe(false);
    expect(STANDARD_LICENCES.filter((l) => l.integration).map((l) => l.name)).toEqual([
      'Salesforce Integration',
    ]);
  });

  it('has the Salesforce API Integration permission set licence', () => {
    expect(STANDARD_PERMISSION_SET_LICENCES).toContainEqual(
      expect.objectContaining({
        developerName: 'SalesforceAPIIntegrationPsl',
        masterLabel: 'Salesforce API Integration',
      }),
    );
  });
});

describe('SYSTEM_PERMISSIONS', () => {
  it('has unique metadata names and a label for each', () => {
    const names = SYSTEM_PERMISSIONS.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    for (const p of SYSTEM_PERMISSIONS) {
      expect(p.name).toMatch(/^[A-Z][A-Za-z0-9]+$/);
      expect(p.label.trim().length, p.name).toBeGreaterThan(0);
    }
  });
});
