import { describe, expect, it } from 'vitest';

import { accessCatalogFromOrg, resolveEffectiveAccess } from '../effective/resolve.js';
import type { AccessAssignment } from '../effective/types.js';
import type {
  MutingPermissionSetDef,
  ObjectPermission,
  PermissionSetDef,
  PermissionSetGroupDef,
  ProfileDef,
} from '../permissions.js';
import { emptyObjectPermission } from '../permissions.js';
import { findField, findObject } from '../schema.js';
import { STANDARD_PROFILES, standardSchema } from '../standard/index.js';
import { fieldRights, objectRights, readOnlyReason } from './describe-rights.js';

const NOW = '2026-11-25T12:00:00.000Z';
const SCHEMA = standardSchema();

function objectPermission(flags: string): ObjectPermission {
  return {
    ...emptyObjectPermission(),
    allowRead: flags.includes('r'),
    allowCreate: flags.includes('c'),
    allowEdit: flags.includes('e'),
    allowDelete: flags.includes('d'),
    modifyAllRecords: flags.includes('M'),
    viewAllRecords: flags.includes('V') || flags.includes('M'),
    viewAllFields: flags.includes('F'),
  };
}

function permissionSet(
  name: string,
  objects: Record<string, string>,
  fields: Record<string, 'r' | 'rw'> = {},
  options: { session?: boolean; system?: string[] } = {},
): PermissionSetDef {
  return {
    kind: 'PermissionSet',
    name,
    label: name,
    userPermissions: options.system ?? [],
    objectPermissions: Object.fromEntries(
      Object.entries(objects).map(([o, f]) => [o, objectPermission(f)]),
    ),
    fieldPermissions: Object.fromEntries(
      Object.entries(fields).map(([f, a]) => [f, { readable: true, editable: a === 'rw' }]),
    ),
    hasActivationRequired: options.session ?? false,
  };
}

const SETS = [
  permissionSet('CaseEditor', { Case: 'rce' }, { 'Case.Priority': 'rw', 'Case.Subject': 'rw' }),
  permissionSet('CaseReader', { Case: 'r' }, { 'Case.Priority': 'rw', 'Case.Subject': 'r' }),
  permissionSet('CaseSession', { Case: 'rce' }, { 'Case.Priority': 'rw' }, { session: true }),
  permissionSet('CaseAllFields', { Case: 'rF' }),
  permissionSet('CaseModifyAll', { Case: 'M' }, { 'Case.Priority': 'r' }),
  permissionSet('Assigner', {}, {}, { system: ['ViewSetup', 'AssignPermissionSets'] }),
];
const MUTING: MutingPermissionSetDef = {
  kind: 'MutingPermissionSet',
  name: 'NoPriorityEdit',
  label: 'No Priority Edit',
  userPermissions: [],
  objectPermissions: {},
  fieldPermissions: { 'Case.Priority': { readable: false, editable: true } },
};
const GROUP: PermissionSetGroupDef = {
  kind: 'PermissionSetGroup',
  name: 'CaseDesk',
  label: 'Case Desk',
  permissionSets: ['CaseEditor'],
  mutingPermissionSet: 'NoPriorityEdit',
  hasActivationRequired: false,
  status: 'Updated',
};
const CATALOG = accessCatalogFromOrg({
  schema: SCHEMA,
  permissionSets: SETS,
  mutingPermissionSets: [MUTING],
  permissionSetGroups: [GROUP],
});

function profile(fullName: string): ProfileDef {
  const found = STANDARD_PROFILES.find((p) => p.fullName === fullName);
  if (found === undefined) throw new Error(`no standard profile ${fullName}`);
  return found;
}
const MINIMUM = profile('Minimum Access - API Only Integrations');
const ADMIN = profile('Admin');

function accessOf(profileDef: ProfileDef, assignments: AccessAssignment[]) {
  return resolveEffectiveAccess({ profile: profileDef, assignments, now: NOW }, CATALOG);
}

function rightsOf(
  profileDef: ProfileDef,
  assignments: AccessAssignment[],
  objectName: string,
  fieldName?: string,
) {
  const object = findObject(SCHEMA, objectName);
  if (object === undefined) throw new Error(`no object ${objectName}`);
  const access = accessOf(profileDef, assignments);
  if (fieldName === undefined) return objectRights(object, access);
  const field = findField(object, fieldName);
  if (field === undefined) throw new Error(`no field ${objectName}.${fieldName}`);
  return fieldRights(object, field, access);
}

const R = { readable: true, createable: false, updateable: false };
const RW = { readable: true, createable: true, updateable: true };
const HIDDEN = { readable: false, createable: false, updateable: false };

describe('fieldRights: what a describe says of one field, from effective access', () => {
  it.each<[string, ProfileDef, AccessAssignment[], string, string, object]>([
    [
      'FLS edit with object create and edit',
      MINIMUM,
      [{ permissionSet: 'CaseEditor' }],
      'Case',
      'Priority',
      RW,
    ],
    [
      'FLS read only: a read-only grant',
      MINIMUM,
      [{ permissionSet: 'CaseEditor' }, { permissionSet: 'CaseReader' }],
      'Case',
      'Subject',
      RW,
    ],
    [
      'FLS read only, no other grant',
      MINIMUM,
      [{ permissionSet: 'CaseReader' }],
      'Case',
      'Subject',
      R,
    ],
    [
      'FLS edit but the object is read-only',
      MINIMUM,
      [{ permissionSet: 'CaseReader' }],
      'Case',
      'Priority',
      R,
    ],
    [
      'edit muted in the group',
      MINIMUM,
      [{ permissionSetGroup: 'CaseDesk' }],
      'Case',
      'Priority',
      R,
    ],
    [
      'the same group, a field it does not mute',
      MINIMUM,
      [{ permissionSetGroup: 'CaseDesk' }],
      'Case',
      'Subject',
      RW,
    ],
    [
      'an expired assignment grants nothing',
      MINIMUM,
      [{ permissionSet: 'CaseEditor', expirationDate: NOW }],
      'Case',
      'Priority',
      HIDDEN,
    ],
    [
      'an assignment expiring a millisecond later still grants',
      MINIMUM,
      [{ permissionSet: 'CaseEditor', expirationDate: '2026-11-25T12:00:00.001Z' }],
      'Case',
      'Priority',
      RW,
    ],
    [
      'a session-based set grants nothing',
      MINIMUM,
      [{ permissionSet: 'CaseSession' }],
      'Case',
      'Priority',
      HIDDEN,
    ],
    [
      'View All Fields reads every field, edits none',
      MINIMUM,
      [{ permissionSet: 'CaseAllFields' }],
      'Case',
      'Priority',
      R,
    ],
    [
      'Modify All on the object does not bypass FLS edit',
      MINIMUM,
      [{ permissionSet: 'CaseModifyAll' }],
      'Case',
      'Priority',
      R,
    ],
    [
      'a field outside FLS is writable with the object',
      MINIMUM,
      [{ permissionSet: 'CaseEditor' }],
      'Case',
      'Status',
      RW,
    ],
    ['auto-number: never writable', ADMIN, [], 'Case', 'CaseNumber', R],
    ['derived status flag: never writable', ADMIN, [], 'Case', 'IsClosed', R],
    ['audit field: never writable', ADMIN, [], 'Case', 'CreatedDate', R],
    ['SystemModstamp: never writable', ADMIN, [], 'Case', 'SystemModstamp', R],
    ['IsDeleted: never writable', ADMIN, [], 'Case', 'IsDeleted', R],
    ['Id: never writable', ADMIN, [], 'Case', 'Id', R],
    ['LastModifiedById: never writable', ADMIN, [], 'Account', 'LastModifiedById', R],
    ['the administrator writes a business field', ADMIN, [], 'Case', 'Priority', RW],
    ['the administrator creates users', ADMIN, [], 'User', 'Username', RW],
    ['a user without Manage Users reads users only', MINIMUM, [], 'User', 'Username', R],
    [
      'an assignment names its assignee once',
      ADMIN,
      [],
      'PermissionSetAssignment',
      'AssigneeId',
      { readable: true, createable: true, updateable: false },
    ],
    [
      'an assignment expiry is editable',
      MINIMUM,
      [{ permissionSet: 'Assigner' }],
      'PermissionSetAssignment',
      'ExpirationDate',
      RW,
    ],
    ['a setup object without View Setup is hidden', MINIMUM, [], 'PermissionSet', 'Name', HIDDEN],
  ])('%s', (_name, profileDef, assignments, object, field, expected) => {
    expect(rightsOf(profileDef, assignments, object, field)).toEqual(expected);
  });
});

describe('objectRights: the object flags of a describe', () => {
  const NONE = { readable: false, createable: false, updateable: false, deletable: false };
  it.each<[string, ProfileDef, AccessAssignment[], string, object]>([
    [
      'object permissions as granted',
      MINIMUM,
      [{ permissionSet: 'CaseEditor' }],
      'Case',
      { readable: true, createable: true, updateable: true, deletable: false },
    ],
    // Salesforce saves Modify All only with Create stated too; the model infers no Create from it.
    [
      'Modify All implies read, edit and delete',
      MINIMUM,
      [{ permissionSet: 'CaseModifyAll' }],
      'Case',
      { readable: true, createable: false, updateable: true, deletable: true },
    ],
    ['no grant: nothing', MINIMUM, [], 'Case', NONE],
    [
      'expired: nothing',
      MINIMUM,
      [{ permissionSet: 'CaseEditor', expirationDate: '2026-11-01T00:00:00Z' }],
      'Case',
      NONE,
    ],
    [
      'the administrator on User: create and edit, never delete',
      ADMIN,
      [],
      'User',
      { readable: true, createable: true, updateable: true, deletable: false },
    ],
    [
      'the administrator on PermissionSet',
      ADMIN,
      [],
      'PermissionSet',
      { readable: true, createable: true, updateable: true, deletable: true },
    ],
    [
      'the administrator on PermissionSetAssignment',
      ADMIN,
      [],
      'PermissionSetAssignment',
      { readable: true, createable: true, updateable: true, deletable: true },
    ],
    [
      'Assign Permission Sets without Manage Profiles',
      MINIMUM,
      [{ permissionSet: 'Assigner' }],
      'PermissionSet',
      { readable: true, createable: false, updateable: false, deletable: false },
    ],
    [
      'a read-only setup object, even for the administrator',
      ADMIN,
      [],
      'SetupAuditTrail',
      { readable: true, createable: false, updateable: false, deletable: false },
    ],
    [
      'User for an API-only integration user',
      MINIMUM,
      [],
      'User',
      { readable: true, createable: false, updateable: false, deletable: false },
    ],
  ])('%s', (_name, profileDef, assignments, object, expected) => {
    expect(rightsOf(profileDef, assignments, object)).toEqual(expected);
  });
});

describe('readOnlyReason: the fields nobody writes', () => {
  it.each([
    ['Case', 'CaseNumber', 'autoNumber'],
    ['Case', 'IsClosed', 'derived'],
    ['Case', 'CreatedDate', 'system'],
    ['Contact', 'Name', 'derived'],
    ['Account', 'Name', undefined],
    ['Case', 'OwnerId', undefined],
  ])('%s.%s: %s', (objectName, fieldName, reason) => {
    const object = findObject(SCHEMA, objectName);
    const field = object === undefined ? undefined : findField(object, fieldName);
    if (object === undefined || field === undefined) throw new Error('missing');
    expect(readOnlyReason(object, field)).toBe(reason);
  });

  it('a formula or roll-up field is calculated', () => {
    const object = findObject(SCHEMA, 'Account');
    if (object === undefined) throw new Error('missing');
    expect(readOnlyReason(object, { name: 'Score__c', type: 'double', calculated: true })).toBe(
      'calculated',
    );
  });
});
