// What an integration loses when a permission set or group is unassigned from its run-as user:
// the grants the container states that no container of the user's current access still gives.
// Computed from the snapshot's containers only; where the container is not in the snapshot, the
// answer says so instead of guessing (docs/adr/0021-incremental-lifecycle-events.md).

import type { EffectiveAccess } from '../../../model/effective/types.js';
import type { PermissionContent } from '../../../model/permissions.js';
import type { AccessFacet } from '../../types.js';
import { describeGrantKey, grantsOf } from '../../declared.js';

export type Loss =
  | {
      computable: true;
      container: string;
      grants: string[];
      heldAgain?: boolean;
      /** The container's content came from the org's previous run (monitor), not this one. */
      fromPreviousRun?: boolean;
    }
  | { computable: false; container: string; reason: string };

const OBJECT_FLAGS = [
  ['allowRead', 'read'],
  ['allowCreate', 'create'],
  ['allowEdit', 'edit'],
  ['allowDelete', 'delete'],
  ['viewAllRecords', 'viewAll'],
  ['modifyAllRecords', 'modifyAll'],
] as const;

/** The grant keys a container states (`system:X`, `object:O:edit`, `field:O.F:read`). */
function statedGrants(content: PermissionContent): Set<string> {
  const keys = new Set<string>();
  for (const p of content.userPermissions) keys.add(`system:${p}`);
  for (const [object, perm] of Object.entries(content.objectPermissions))
    for (const [flag, action] of OBJECT_FLAGS)
      if (perm[flag]) keys.add(`object:${object}:${action}`);
  for (const [field, perm] of Object.entries(content.fieldPermissions)) {
    if (perm.readable) keys.add(`field:${field}:read`);
    if (perm.editable) keys.add(`field:${field}:edit`);
  }
  return keys;
}

function byLabel<T extends { name: string; label: string }>(
  list: readonly T[],
  label: string,
): T[] {
  const wanted = label.trim().toLowerCase();
  const exact = list.filter((c) => c.label.trim().toLowerCase() === wanted);
  return exact.length > 0 ? exact : list.filter((c) => c.name.toLowerCase() === wanted);
}

type Containers = Pick<
  AccessFacet,
  'permissionSets' | 'permissionSetGroups' | 'mutingPermissionSets'
>;

/** Whether `containers` hold the unassigned container (by label, as the audit trail names it). */
function holds(
  containers: Containers,
  container: { kind: 'PermissionSet' | 'PermissionSetGroup'; label: string },
): boolean {
  return container.kind === 'PermissionSet'
    ? byLabel(containers.permissionSets, container.label).length > 0
    : byLabel(containers.permissionSetGroups, container.label).length > 0;
}

/** The containers to read the unassigned one from: this collection's, else the previous run's. */
function containersFor(
  container: { kind: 'PermissionSet' | 'PermissionSetGroup'; label: string },
  access: AccessFacet,
  former: Containers | undefined,
): { containers: Containers; fromPreviousRun: boolean } {
  if (former === undefined || holds(access, container))
    return { containers: access, fromPreviousRun: false };
  // A group's members and muting set may be held still (current) or gone too (former).
  const merged: Containers = {
    permissionSets: [...access.permissionSets, ...former.permissionSets],
    permissionSetGroups: [...access.permissionSetGroups, ...former.permissionSetGroups],
    mutingPermissionSets: [...access.mutingPermissionSets, ...former.mutingPermissionSets],
  };
  return { containers: merged, fromPreviousRun: holds(former, container) };
}

/**
 * The loss of an unassigned container named by its label (as the audit trail names it). `access`
 * is the facet when collected, `current` the user's effective access now (after the change),
 * `former` the containers the org's previous run read that this one lacks (monitor).
 */
export function lossOf(
  container: { kind: 'PermissionSet' | 'PermissionSetGroup'; label: string },
  access: AccessFacet | undefined,
  current: EffectiveAccess | undefined,
  username: string,
  former?: Containers,
): Loss {
  const name = container.label;
  if (access === undefined || current === undefined)
    return { computable: false, container: name, reason: 'access was not collected' };
  const { containers, fromPreviousRun } = containersFor(container, access, former);
  let stated: Set<string>;
  let resolved: string;
  if (container.kind === 'PermissionSet') {
    const sets = byLabel(containers.permissionSets, name);
    const set = sets[0];
    if (set === undefined || sets.length > 1)
      return { computable: false, container: name, reason: notFound(sets.length) };
    stated = statedGrants(set);
    resolved = set.name;
  } else {
    const groups = byLabel(containers.permissionSetGroups, name);
    const group = groups[0];
    if (group === undefined || groups.length > 1)
      return { computable: false, container: name, reason: notFound(groups.length) };
    stated = new Set();
    for (const member of group.permissionSets) {
      const set = containers.permissionSets.find((s) => s.name === member);
      if (set === undefined)
        return {
          computable: false,
          container: group.name,
          reason: `its member ${member} is not in this collection`,
        };
      for (const key of statedGrants(set)) stated.add(key);
    }
    const muting = containers.mutingPermissionSets.find(
      (m) => m.name === group.mutingPermissionSet,
    );
    if (muting !== undefined) for (const key of statedGrants(muting)) stated.delete(key);
    resolved = group.name;
  }
  // Assigned again since (the snapshot is later than the entry): nothing is lost now.
  const held = access.assignments.some(
    (a) =>
      a.username.toLowerCase() === username.toLowerCase() &&
      (a.permissionSet === resolved || a.permissionSetGroup === resolved),
  );
  if (held) return { computable: true, container: resolved, grants: [], heldAgain: true };
  const still = new Set([...grantsOf(current).keys()].map((k) => k.toLowerCase()));
  const grants = [...stated]
    .filter((key) => !still.has(key.toLowerCase()))
    .sort()
    .map(describeGrantKey);
  return {
    computable: true,
    container: resolved,
    grants,
    ...(fromPreviousRun ? { fromPreviousRun } : {}),
  };
}

function notFound(matches: number): string {
  return matches === 0
    ? 'it is not in this collection (a live collection reads only the containers the run-as users still hold)'
    : `${matches} containers have that label`;
}
