// What Salesforce's permission set group calculation produces: the union of the group's permission
// sets minus what its muting permission set mutes. The org fixture derives the group's aggregate
// permission set from it, and the SFDX project reader the objects and fields the group names.

import type {
  FieldPermission,
  MutingPermissionSetDef,
  ObjectPermission,
  PermissionContent,
  PermissionSetDef,
  PermissionSetGroupDef,
} from './permissions.js';

/** A group's calculated content: union of its permission sets minus its muting set. */
export function groupAggregate(
  group: PermissionSetGroupDef,
  sets: ReadonlyMap<string, PermissionSetDef>,
  mutings: ReadonlyMap<string, MutingPermissionSetDef>,
): PermissionContent {
  const userPermissions = new Set<string>();
  const objectPermissions: Record<string, ObjectPermission> = {};
  const fieldPermissions: Record<string, FieldPermission> = {};
  for (const name of group.permissionSets) {
    const set = sets.get(name);
    if (!set) continue;
    for (const p of set.userPermissions) userPermissions.add(p);
    for (const [object, p] of Object.entries(set.objectPermissions)) {
      const current = objectPermissions[object];
      if (!current) objectPermissions[object] = { ...p };
      else
        for (const key of Object.keys(current) as (keyof ObjectPermission)[])
          if (p[key]) current[key] = true;
    }
    for (const [field, p] of Object.entries(set.fieldPermissions)) {
      const current = fieldPermissions[field];
      fieldPermissions[field] = current
        ? { readable: current.readable || p.readable, editable: current.editable || p.editable }
        : { ...p };
    }
  }
  const muting =
    group.mutingPermissionSet === undefined ? undefined : mutings.get(group.mutingPermissionSet);
  if (muting) {
    for (const p of muting.userPermissions) userPermissions.delete(p);
    for (const [object, m] of Object.entries(muting.objectPermissions)) {
      const current = objectPermissions[object];
      if (!current) continue;
      for (const key of Object.keys(current) as (keyof ObjectPermission)[])
        if (m[key]) current[key] = false;
    }
    for (const [field, m] of Object.entries(muting.fieldPermissions)) {
      const current = fieldPermissions[field];
      if (!current) continue;
      if (m.readable) current.readable = false;
      if (m.editable || m.readable) current.editable = false;
    }
  }
  return { userPermissions: [...userPermissions], objectPermissions, fieldPermissions };
}
