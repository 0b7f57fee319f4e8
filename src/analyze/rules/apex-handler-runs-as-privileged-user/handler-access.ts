// Effective access of an Apex handler's run-as user. The engine resolves access only for run-as
// users of the client credentials flow; the handler user is another user, resolved the same way
// (model/policy/user-access.ts).

import type { EffectiveAccess } from '../../../model/effective/types.js';
import { snapshotUserAccess } from '../../../model/policy/index.js';
import type { SnapshotUser } from '../../../model/snapshot.js';
import type { AccessFacet } from '../../types.js';

export function resolveUserAccess(
  snapshot: AccessFacet,
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
