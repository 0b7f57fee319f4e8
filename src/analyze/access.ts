// Small helpers rules share: how a grant reached the user (evidence and message text), and which
// permission sets a user holds.

import type { Via } from '../model/effective/types.js';
import type { FindingVia } from '../model/finding.js';
import type { ProfileDef } from '../model/permissions.js';
import type { OrgSnapshot, SnapshotUser } from '../model/snapshot.js';

/** Evidence form of grant paths (the report's `evidence.via`). */
export function viaEvidence(vias: readonly Via[]): FindingVia[] {
  return vias.map((v) => ({
    type: v.type,
    name: v.name,
    ...(v.group === undefined ? {} : { group: v.group }),
    ...(v.impliedBy === undefined ? {} : { impliedBy: v.impliedBy }),
  }));
}

const TYPE_WORDS: Readonly<Record<Via['type'], string>> = {
  Profile: 'profile',
  PermissionSet: 'permission set',
  PermissionSetGroup: 'permission set group',
};

/** "permission set X in group G (implied by ModifyAllData)". */
export function describeVia(via: Via): string {
  const group = via.group === undefined ? '' : ` in group ${via.group}`;
  const implied = via.impliedBy === undefined ? '' : ` (implied by ${via.impliedBy})`;
  return `${TYPE_WORDS[via.type]} ${via.name}${group}${implied}`;
}

export function describeVias(vias: readonly Via[]): string {
  return vias.map(describeVia).join(' and ');
}

/** Profile by metadata full name first, then by label (labels are translated; full names are not). */
export function profileOf(snapshot: OrgSnapshot, user: SnapshotUser): ProfileDef | undefined {
  const byFullName =
    user.profileFullName === undefined
      ? undefined
      : snapshot.profiles.find((p) => p.fullName === user.profileFullName);
  return byFullName ?? snapshot.profiles.find((p) => p.name === user.profileName);
}

export interface HeldPermissionSet {
  name: string;
  /** The group it is held through; undefined when assigned directly. */
  group?: string;
}

/**
 * The permission sets a user holds at `now`: assigned directly or through a group, assignments
 * past their expiration excluded. Session-based sets are included: they are assigned, whether
 * or not a session activates them.
 */
export function heldPermissionSets(
  snapshot: OrgSnapshot,
  username: string,
  now: string,
): HeldPermissionSet[] {
  const at = Date.parse(now);
  const lower = username.toLowerCase();
  const held: HeldPermissionSet[] = [];
  for (const a of snapshot.assignments) {
    if (a.username.toLowerCase() !== lower) continue;
    if (a.expirationDate !== undefined && Date.parse(a.expirationDate) < at) continue;
    if (a.permissionSet !== undefined) held.push({ name: a.permissionSet });
    if (a.permissionSetGroup === undefined) continue;
    const group = snapshot.permissionSetGroups.find((g) => g.name === a.permissionSetGroup);
    for (const name of group?.permissionSets ?? [])
      held.push({ name, group: a.permissionSetGroup });
  }
  return held.sort((x, y) => compare(x.name, y.name) || compare(x.group ?? '', y.group ?? ''));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
