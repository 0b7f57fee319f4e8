// Effective access of an Apex handler's run-as user. The engine resolves access only for run-as
// users of the client credentials flow; the handler user is another user, resolved the same way
// (model/policy/user-access.ts).

import type { EffectiveAccess } from '../../../model/effective/types.js';
import { snapshotUserAccess } from '../../../model/policy/index.js';
import type { OrgSnapshot, SnapshotUser } from '../../../model/snapshot.js';

export function resolveUserAccess(
  snapshot: OrgSnapshot,
  user: SnapshotUser,
  now: string,
): { access: EffectiveAccess } | { problem: string } {
  const resolved = snapshotUserAccess(snapshot, user, now);
  if (!('problem' in resolved)) return { access: resolved.access };
  return {
    problem:
      resolved.problem === 'unknown-profile'
        ? `its profile ${user.profileName} is not in the snapshot`
        : resolved.message,
  };
}
