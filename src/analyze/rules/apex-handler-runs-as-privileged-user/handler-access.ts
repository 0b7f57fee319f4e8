// Effective access of an Apex handler's run-as user. The engine resolves access only for run-as
// users of the client credentials flow; the handler user is another user, resolved the same way.

import { profileOf } from '../../access.js';
import { resolveEffectiveAccess } from '../../../model/effective/resolve.js';
import type { EffectiveAccess } from '../../../model/effective/types.js';
import type { OrgSnapshot, SnapshotUser } from '../../../model/snapshot.js';

export function resolveUserAccess(
  snapshot: OrgSnapshot,
  user: SnapshotUser,
  now: string,
): { access: EffectiveAccess } | { problem: string } {
  const profile = profileOf(snapshot, user);
  if (profile === undefined)
    return { problem: `its profile ${user.profileName} is not in the snapshot` };
  const username = user.username.toLowerCase();
  const assignments = snapshot.assignments
    .filter((a) => a.username.toLowerCase() === username)
    .map((a) => ({
      ...(a.permissionSet === undefined ? {} : { permissionSet: a.permissionSet }),
      ...(a.permissionSetGroup === undefined ? {} : { permissionSetGroup: a.permissionSetGroup }),
      ...(a.expirationDate === undefined ? {} : { expirationDate: a.expirationDate }),
    }));
  try {
    const access = resolveEffectiveAccess(
      { profile, assignments, now },
      {
        permissionSets: snapshot.permissionSets,
        mutingPermissionSets: snapshot.mutingPermissionSets,
        permissionSetGroups: snapshot.permissionSetGroups,
        objects: Object.keys(snapshot.objects).sort(),
        fieldsOf: (object) => snapshot.objects[object] ?? [],
      },
    );
    return { access };
  } catch (error) {
    return { problem: error instanceof Error ? error.message : String(error) };
  }
}
