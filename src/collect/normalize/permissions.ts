// Permission containers from SOQL rows: a PermissionSet (or MutingPermissionSet) row's
// `Permissions*` booleans, and its ObjectPermissions and FieldPermissions rows (keyed by ParentId),
// → the PermissionContent of src/model/permissions.ts.

import type {
  FieldPermission,
  ObjectPermission,
  PermissionContent,
} from '../../model/permissions.js';
import { bool, idKey, text } from './values.js';
import type { Raw } from './values.js';

const PREFIX = 'Permissions';

/** The boolean `Permissions*` fields of a describe result (the org's system permissions). */
export function permissionFieldsOf(describe: unknown): string[] {
  const fields =
    typeof describe === 'object' && describe !== null
      ? (describe as { fields?: unknown }).fields
      : undefined;
  if (!Array.isArray(fields)) return [];
  const names: string[] = [];
  for (const field of fields) {
    if (typeof field !== 'object' || field === null) continue;
    const { name, type } = field as { name?: unknown; type?: unknown };
    if (
      typeof name === 'string' &&
      type === 'boolean' &&
      name.startsWith(PREFIX) &&
      /^\w+$/.test(name)
    )
      names.push(name);
  }
  return [...new Set(names)].sort();
}

/** Enabled system permissions of a row, by metadata name (`PermissionsApiEnabled` → `ApiEnabled`). */
export function userPermissionsOf(row: Raw): string[] {
  return Object.keys(row)
    .filter((key) => key.startsWith(PREFIX) && key.length > PREFIX.length && row[key] === true)
    .map((key) => key.slice(PREFIX.length))
    .sort();
}

/** ObjectPermissions and FieldPermissions rows grouped by their parent's 15-character Id. */
export interface PermissionRows {
  objects: ReadonlyMap<string, readonly Raw[]>;
  fields: ReadonlyMap<string, readonly Raw[]>;
}

export function groupByParent(rows: readonly Raw[]): Map<string, Raw[]> {
  const map = new Map<string, Raw[]>();
  for (const row of rows) {
    const parent = text(row.ParentId);
    if (parent === undefined) continue;
    const key = idKey(parent);
    const list = map.get(key);
    if (list === undefined) map.set(key, [row]);
    else list.push(row);
  }
  return map;
}

/** The content of one container: system permissions from its row, object and field permissions from its child rows. */
export function permissionContentOf(row: Raw, rows: PermissionRows): PermissionContent {
  const id = text(row.Id) ?? '';
  const objectPermissions: Record<string, ObjectPermission> = {};
  for (const o of rows.objects.get(idKey(id)) ?? []) {
    const object = text(o.SobjectType);
    // An API name, as the fixture loader requires: `__proto__` as a key would replace the map's
    // prototype and the permission would vanish from Object.entries (found by test/fuzz).
    if (object === undefined || !/^[A-Za-z]\w*$/.test(object)) continue;
    const previous = objectPermissions[object];
    const next: ObjectPermission = {
      allowRead: bool(o.PermissionsRead),
      allowCreate: bool(o.PermissionsCreate),
      allowEdit: bool(o.PermissionsEdit),
      allowDelete: bool(o.PermissionsDelete),
      viewAllRecords: bool(o.PermissionsViewAllRecords),
      modifyAllRecords: bool(o.PermissionsModifyAllRecords),
      viewAllFields: bool(o.PermissionsViewAllFields),
    };
    // Two rows for one object (not expected from Salesforce) grant the union.
    if (previous !== undefined)
      for (const key of Object.keys(next) as (keyof ObjectPermission)[])
        if (previous[key]) next[key] = true;
    objectPermissions[object] = next;
  }
  const fieldPermissions: Record<string, FieldPermission> = {};
  for (const f of rows.fields.get(idKey(id)) ?? []) {
    const field = text(f.Field);
    if (field === undefined || !/^\w+\.\w+$/.test(field)) continue;
    const previous = fieldPermissions[field];
    fieldPermissions[field] = {
      readable: bool(f.PermissionsRead) || (previous?.readable ?? false),
      editable: bool(f.PermissionsEdit) || (previous?.editable ?? false),
    };
  }
  return { userPermissions: userPermissionsOf(row), objectPermissions, fieldPermissions };
}
