// Which run-as users a change can reach (docs/preflight.md, what is read): a changed file that
// belongs to a container (profile, permission set, group, muting set) reaches the users holding
// that container at the base or at the head; any other changed file (an app, an object, the
// manifest, sfdx-project.json) may change anyone's access, so then every user is reached.

import type { OrgSnapshot } from '../model/snapshot.js';
import { owns } from './diff.js';

/**
 * Lower-cased usernames whose access the changed files can reach; undefined when a changed file
 * is not a container's (every user is reached).
 */
export function affectedUsers(
  base: OrgSnapshot,
  head: OrgSnapshot,
  changedFiles: ReadonlySet<string>,
): Set<string> | undefined {
  const out = new Set<string>();
  const sides = [base, head].map(containersOf);
  for (const file of changedFiles) {
    let container = false;
    for (const side of sides)
      for (const [main, users] of side) {
        if (!owns(main, file)) continue;
        container = true;
        for (const user of users) out.add(user);
      }
    if (!container) return undefined;
  }
  return out;
}

/** Each container's main file → the lower-cased usernames holding it (directly or in a group). */
function containersOf(snapshot: OrgSnapshot): Map<string, Set<string>> {
  const holders = new Map<string, Set<string>>();
  const add = (file: string | undefined, user: string): void => {
    if (file === undefined) return;
    const users = holders.get(file) ?? new Set<string>();
    users.add(user);
    holders.set(file, users);
  };
  const same = (a: string | undefined, b: string): boolean => a?.toLowerCase() === b.toLowerCase();
  // Every container file is listed, held or not: a change to an unheld one reaches nobody.
  for (const def of [
    ...snapshot.profiles,
    ...snapshot.permissionSets,
    ...snapshot.mutingPermissionSets,
    ...snapshot.permissionSetGroups,
  ])
    if (def.location !== undefined && !holders.has(def.location.file))
      holders.set(def.location.file, new Set());
  const setFile = (name: string): string | undefined =>
    snapshot.permissionSets.find((s) => same(s.name, name))?.location?.file;
  for (const user of snapshot.users) {
    const key = user.username.toLowerCase();
    for (const profile of snapshot.profiles)
      if (same(user.profileName, profile.name) || same(user.profileFullName, profile.fullName))
        add(profile.location?.file, key);
  }
  for (const assignment of snapshot.assignments) {
    const key = assignment.username.toLowerCase();
    if (assignment.permissionSet !== undefined) add(setFile(assignment.permissionSet), key);
    if (assignment.permissionSetGroup === undefined) continue;
    const group = snapshot.permissionSetGroups.find((g) =>
      same(g.name, assignment.permissionSetGroup ?? ''),
    );
    if (group === undefined) continue;
    add(group.location?.file, key);
    for (const name of group.permissionSets) add(setFile(name), key);
    if (group.mutingPermissionSet !== undefined)
      add(
        snapshot.mutingPermissionSets.find((m) => same(m.name, group.mutingPermissionSet ?? ''))
          ?.location?.file,
        key,
      );
  }
  return holders;
}
