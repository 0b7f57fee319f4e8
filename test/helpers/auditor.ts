// The minimal auditor permission set of docs/auditor/, and a fixture variant in which the org's
// auditor user holds exactly it: the Minimum Access - API Only Integrations profile plus that one
// set, nothing else. The set is read from the SFDX source with the fixture's own project reader.

import { join } from 'node:path';

import { loadProjectMetadata } from '../../src/metadata/project-metadata.js';
import type { OrgModel, SObjectRow } from '../../src/model/org.js';
import type { PermissionSetDef } from '../../src/model/permissions.js';
import { findObject } from '../../src/model/schema.js';
import { deterministicId } from '../../src/util/ids.js';

export const AUDITOR_PROJECT = join(import.meta.dirname, '../../docs/auditor');
export const AUDITOR_SET = 'RunAs_Guard_Auditor';
export const API_ONLY_PROFILE = 'Minimum Access - API Only Integrations';

export async function auditorPermissionSet(): Promise<PermissionSetDef> {
  const { permissionSets } = await loadProjectMetadata(AUDITOR_PROJECT);
  const set = permissionSets.find((s) => s.name === AUDITOR_SET);
  if (set === undefined) throw new Error(`docs/auditor has no permission set ${AUDITOR_SET}`);
  return set;
}

function rowsOf(org: OrgModel, object: string): SObjectRow[] {
  const rows = org.records.get(object);
  if (rows === undefined) throw new Error(`the org has no ${object} rows`);
  return rows;
}

/**
 * A variant: the auditor user gets the API-only minimum profile, loses every permission set and
 * group it held, and is assigned `set` (the docs/auditor set, or that set with a permission removed).
 */
export function auditorHolding(set: PermissionSetDef): (org: OrgModel) => void {
  return (org) => {
    const users = rowsOf(org, 'User');
    const profiles = rowsOf(org, 'Profile');
    const sets = rowsOf(org, 'PermissionSet');
    const assignments = rowsOf(org, 'PermissionSetAssignment');
    const auditor = users.find(
      (u) => String(u.Username).toLowerCase() === org.info.auditorUsername.toLowerCase(),
    );
    const profile = profiles.find((p) => p.Name === API_ONLY_PROFILE);
    const owned = sets.find((s) => s.IsOwnedByProfile === true && s.ProfileId === profile?.Id);
    if (auditor === undefined || profile === undefined || owned === undefined)
      throw new Error('the org has no auditor user or no API-only profile');
    auditor.ProfileId = profile.Id;

    // Permissions* columns as the fixture loader writes them: every one false, the set's true.
    const flags: Record<string, boolean> = {};
    for (const field of findObject(org.schema, 'PermissionSet')?.fields ?? [])
      if (field.type === 'boolean' && field.name.startsWith('Permissions'))
        flags[field.name] = false;
    for (const name of set.userPermissions) flags[`Permissions${name}`] = true;
    const setRow: SObjectRow = {
      Id: deterministicId('0PS', `auditor:${set.name}`),
      Name: set.name,
      Label: set.label,
      Description: null,
      NamespacePrefix: null,
      IsOwnedByProfile: false,
      ProfileId: null,
      IsCustom: true,
      Type: 'Regular',
      HasActivationRequired: set.hasActivationRequired,
      PermissionSetGroupId: null,
      LicenseId: null,
      PsgCount: 0,
      ...flags,
    };
    sets.push(setRow);
    org.permissionSets.push(set);

    // Only the profile-owned set (now the API-only profile's) and the auditor set remain.
    const others = assignments.filter((a) => a.AssigneeId === auditor.Id);
    for (const a of others) assignments.splice(assignments.indexOf(a), 1);
    for (const [key, permissionSetId] of [
      ['profile', owned.Id],
      ['set', setRow.Id],
    ] as const)
      assignments.push({
        Id: deterministicId('0Pa', `auditor:${key}`),
        AssigneeId: auditor.Id,
        PermissionSetId: permissionSetId,
        PermissionSetGroupId: null,
        ExpirationDate: null,
        IsActive: true,
        IsRevoked: false,
      });
  };
}

/** The set without one of its system permissions. */
export function without(set: PermissionSetDef, permission: string): PermissionSetDef {
  if (!set.userPermissions.includes(permission))
    throw new Error(`${set.name} does not hold ${permission}`);
  return { ...set, userPermissions: set.userPermissions.filter((p) => p !== permission) };
}
