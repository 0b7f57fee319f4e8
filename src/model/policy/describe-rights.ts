// What a user may do with an object and each of its fields, as a describe reports it
// (docs/salesforce-behaviour.md 3.21): read, create, edit, delete from the user's effective access
// (model/effective/), and which fields nobody writes. The emulator's describe and SOQL, and the
// probe's reading of a describe, rest on these answers.

import { hasObjectAction } from '../effective/query.js';
import type { EffectiveAccess } from '../effective/types.js';
import { type FieldDef, isPermissionable, type ObjectDef } from '../schema.js';

export interface ObjectRights {
  readable: boolean;
  createable: boolean;
  updateable: boolean;
  deletable: boolean;
}

export interface FieldRights {
  /** Visible to the user: listed by describe, selectable in SOQL. */
  readable: boolean;
  createable: boolean;
  updateable: boolean;
}

type Write = 'create' | 'edit' | 'delete';

/**
 * Setup objects the API writes, and the system permission each write needs (the Object Reference's
 * supported calls and special access rules). Every other setup object is read-only through the API.
 */
const SETUP_WRITES: Readonly<Record<string, Partial<Record<Write, readonly string[]>>>> = {
  User: {
    create: ['ManageUsers', 'ManageInternalUsers'],
    edit: ['ManageUsers', 'ManageInternalUsers'],
  },
  UserLogin: { edit: ['ManageUsers'] },
  PermissionSet: {
    create: ['ManageProfilesPermissionsets'],
    edit: ['ManageProfilesPermissionsets'],
    delete: ['ManageProfilesPermissionsets'],
  },
  PermissionSetGroup: {
    create: ['ManageProfilesPermissionsets'],
    edit: ['ManageProfilesPermissionsets'],
    delete: ['ManageProfilesPermissionsets'],
  },
  PermissionSetGroupComponent: {
    create: ['ManageProfilesPermissionsets'],
    delete: ['ManageProfilesPermissionsets'],
  },
  MutingPermissionSet: {
    create: ['ManageProfilesPermissionsets'],
    edit: ['ManageProfilesPermissionsets'],
    delete: ['ManageProfilesPermissionsets'],
  },
  PermissionSetAssignment: {
    create: ['AssignPermissionSets'],
    edit: ['AssignPermissionSets'],
    delete: ['AssignPermissionSets'],
  },
};

/** Fields Salesforce sets itself on every object that has them: never createable or updateable. */
export const SYSTEM_FIELDS: ReadonlySet<string> = new Set([
  'Id',
  'IsDeleted',
  'CreatedDate',
  'CreatedById',
  'LastModifiedDate',
  'LastModifiedById',
  'SystemModstamp',
  'LastActivityDate',
  'LastViewedDate',
  'LastReferencedDate',
]);

/**
 * Standard fields Salesforce derives from others (status flags, compound names, totals, licence
 * and login bookkeeping): never writable. Auto-number and formula fields say so in their FieldDef.
 */
export const DERIVED_FIELDS: Readonly<Record<string, readonly string[]>> = {
  Case: ['IsClosed', 'ClosedDate'],
  Contact: ['Name'],
  Lead: ['Name'],
  Opportunity: ['IsClosed', 'IsWon', 'FiscalYear', 'FiscalQuarter', 'ExpectedRevenue'],
  Order: ['TotalAmount'],
  Task: ['IsClosed', 'IsHighPriority'],
  User: ['Name', 'UserType', 'LastLoginDate', 'LastPasswordChangeDate', 'IsPortalEnabled'],
  PermissionSet: [
    'IsOwnedByProfile',
    'IsCustom',
    'Type',
    'PsgCount',
    'NamespacePrefix',
    'ProfileId',
  ],
  PermissionSetAssignment: ['IsActive'],
  PermissionSetGroup: ['Status', 'NamespacePrefix'],
};

/** Fields set when the record is created and never changed afterwards. */
const CREATE_ONLY_FIELDS: Readonly<Record<string, readonly string[]>> = {
  PermissionSetAssignment: ['AssigneeId', 'PermissionSetId', 'PermissionSetGroupId'],
  PermissionSetGroupComponent: ['PermissionSetGroupId', 'PermissionSetId'],
  UserLogin: ['UserId'],
};

function has(access: EffectiveAccess, permission: string): boolean {
  return access.systemPermissions.has(permission);
}

function setupWrite(object: ObjectDef, access: EffectiveAccess, write: Write): boolean {
  return SETUP_WRITES[object.name]?.[write]?.some((p) => has(access, p)) ?? false;
}

/**
 * Whether the user sees the object at all: object Read for CRUD objects, View Setup and
 * Configuration for setup objects, Manage Users for UserLogin; every API user reads User,
 * Organization and the like (docs/salesforce-behaviour.md 3.20).
 */
export function canReadObject(object: ObjectDef, access: EffectiveAccess): boolean {
  switch (object.access) {
    case 'crud':
      return hasObjectAction(access, object.name, 'read');
    case 'setup':
      return has(access, 'ViewSetup');
    case 'manageUsers':
      return has(access, 'ManageUsers');
    case 'users':
      return true;
  }
}

/** The describe's object flags for this user. */
export function objectRights(object: ObjectDef, access: EffectiveAccess): ObjectRights {
  const readable = canReadObject(object, access);
  const may = (write: Write): boolean =>
    readable &&
    (object.access === 'crud'
      ? hasObjectAction(access, object.name, write)
      : setupWrite(object, access, write));
  return {
    readable,
    createable: may('create'),
    updateable: may('edit'),
    deletable: may('delete'),
  };
}

/** Why nobody writes a field, or undefined when its writability follows access. */
export function readOnlyReason(
  object: ObjectDef,
  field: FieldDef,
): 'system' | 'calculated' | 'autoNumber' | 'derived' | undefined {
  if (field.type === 'id' || SYSTEM_FIELDS.has(field.name)) return 'system';
  if (field.autoNumber === true) return 'autoNumber';
  if (field.calculated === true) return 'calculated';
  if (DERIVED_FIELDS[object.name]?.includes(field.name) === true) return 'derived';
  return undefined;
}

/**
 * The describe's field flags for this user: a field is visible with the object (fields outside
 * field-level security) or with FLS Read; createable and updateable need the object's Create or
 * Edit, FLS Edit where field-level security applies, and a field someone may write at all.
 */
export function fieldRights(
  object: ObjectDef,
  field: FieldDef,
  access: EffectiveAccess,
  rights: ObjectRights = objectRights(object, access),
): FieldRights {
  const fls = isPermissionable(object, field);
  const key = `${object.name}.${field.name}`;
  const flsActions = fls ? fieldActionsOf(access, key) : undefined;
  const readable = rights.readable && (!fls || (flsActions?.has('read') ?? false));
  const writable =
    readable &&
    readOnlyReason(object, field) === undefined &&
    (!fls || (flsActions?.has('edit') ?? false));
  return {
    readable,
    createable: writable && rights.createable,
    updateable:
      writable &&
      rights.updateable &&
      CREATE_ONLY_FIELDS[object.name]?.includes(field.name) !== true,
  };
}

/** FLS actions on `Object.Field`, the key compared case-insensitively as metadata names are. */
function fieldActionsOf(
  access: EffectiveAccess,
  key: string,
): ReadonlyMap<string, unknown> | undefined {
  const direct = access.fields.get(key);
  if (direct !== undefined) return direct;
  const lower = key.toLowerCase();
  for (const [name, actions] of access.fields) if (name.toLowerCase() === lower) return actions;
  return undefined;
}
