// Small helpers rules share: how a grant reached the user (evidence and message text), and which
// permission sets a user holds.

import type { Via } from '../model/effective/types.js';
import type { FindingVia } from '../model/finding.js';
import {
  assignmentsOf,
  heldPermissionSets as heldOf,
  type HeldPermissionSet,
} from '../model/policy/index.js';
import type { OrgSnapshot } from '../model/snapshot.js';

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

// The profile of a snapshot user: one implementation, in the policy module.
export { profileOf } from '../model/policy/index.js';

export type { HeldPermissionSet } from '../model/policy/index.js';

/**
 * The permission sets a user holds at `now`: assigned directly or through a group, assignments
 * that stopped granting excluded (model/policy/assignment.ts). Session-based sets are included:
 * they are assigned, whether or not a session activates them.
 */
export function heldPermissionSets(
  snapshot: Pick<OrgSnapshot, 'assignments' | 'permissionSetGroups'>,
  username: string,
  now: string,
): HeldPermissionSet[] {
  return heldOf(assignmentsOf(snapshot, username), snapshot.permissionSetGroups, Date.parse(now));
}
