// The effective access of a snapshot user: its profile (by metadata full name, then by label), its
// assignments (an expired one is listed as excluded, assignment.ts) and the snapshot's containers,
// resolved by the one resolver (model/effective/resolve.ts; docs/salesforce-behaviour.md 3.20). The
// emulator resolves a user of its org state with the same resolver and `accessCatalogFromOrg`.

import { resolveEffectiveAccess } from '../effective/resolve.js';
import type { AccessAssignment, AccessCatalog, EffectiveAccess } from '../effective/types.js';
import type { ProfileDef } from '../permissions.js';
import type { OrgSnapshot, SnapshotUser } from '../snapshot.js';

type Containers = Pick<
  OrgSnapshot,
  'permissionSets' | 'mutingPermissionSets' | 'permissionSetGroups' | 'objects'
>;

/** Profile by metadata full name first, then by label (labels are translated; full names are not). */
export function profileOf(
  snapshot: Pick<OrgSnapshot, 'profiles'>,
  user: Pick<SnapshotUser, 'profileName' | 'profileFullName'>,
): ProfileDef | undefined {
  const byFullName =
    user.profileFullName === undefined
      ? undefined
      : snapshot.profiles.find((p) => p.fullName === user.profileFullName);
  return byFullName ?? snapshot.profiles.find((p) => p.name === user.profileName);
}

/** The profile a declaration names: by metadata full name first, then by label. */
export function profileNamed(
  profiles: readonly ProfileDef[],
  name: string,
): ProfileDef | undefined {
  return profiles.find((p) => p.fullName === name) ?? profiles.find((p) => p.name === name);
}

/** The AccessCatalog of a snapshot: its containers, and its objects with their FLS fields. */
export function accessCatalogFromSnapshot(snapshot: Containers): AccessCatalog {
  return {
    permissionSets: snapshot.permissionSets,
    mutingPermissionSets: snapshot.mutingPermissionSets,
    permissionSetGroups: snapshot.permissionSetGroups,
    objects: Object.keys(snapshot.objects).sort(),
    fieldsOf: (object) => snapshot.objects[object] ?? [],
  };
}

/** The user's assignments (username compared case-insensitively), expired ones included. */
export function assignmentsOf(
  snapshot: Pick<OrgSnapshot, 'assignments'>,
  username: string,
): AccessAssignment[] {
  const lower = username.toLowerCase();
  return snapshot.assignments
    .filter((a) => a.username.toLowerCase() === lower)
    .map((a) => ({
      ...(a.permissionSet === undefined ? {} : { permissionSet: a.permissionSet }),
      ...(a.permissionSetGroup === undefined ? {} : { permissionSetGroup: a.permissionSetGroup }),
      ...(a.expirationDate === undefined ? {} : { expirationDate: a.expirationDate }),
    }));
}

export type SnapshotUserAccess =
  | { access: EffectiveAccess; profile: ProfileDef }
  /** The user's profile is not in the snapshot. */
  | { problem: 'unknown-profile' }
  /** The resolver refused the input (an unreadable date), with its message. */
  | { problem: 'unresolvable'; message: string };

/** Effective access of a snapshot user at `now` (ISO-8601, the org's clock). */
export function snapshotUserAccess(
  snapshot: Containers & Pick<OrgSnapshot, 'profiles' | 'assignments'>,
  user: SnapshotUser,
  now: string,
  catalog: AccessCatalog = accessCatalogFromSnapshot(snapshot),
): SnapshotUserAccess {
  const profile = profileOf(snapshot, user);
  if (profile === undefined) return { problem: 'unknown-profile' };
  const assignments = assignmentsOf(snapshot, user.username);
  try {
    return { access: resolveEffectiveAccess({ profile, assignments, now }, catalog), profile };
  } catch (error) {
    return {
      problem: 'unresolvable',
      message: error instanceof Error ? error.message : String(error),
    };
  }
}
