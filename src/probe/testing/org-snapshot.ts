// Test support: the snapshot a complete live audit of an org model would collect, so probe tests can
// build AuditFacts for the very org the emulator serves (a fixture variant included) without a
// collector. Scoped like the real one to what the probe's facts need; every facet collected.

import { accessCatalogFromOrg } from '../../model/effective/resolve.js';
import type { OrgModel, SObjectRow } from '../../model/org.js';
import {
  FACETS,
  SNAPSHOT_SCHEMA_VERSION,
  type Facet,
  type LedgerEntry,
  type OrgSnapshot,
  type SnapshotAssignment,
  type SnapshotUser,
} from '../../model/snapshot.js';

function text(row: SObjectRow, field: string): string | undefined {
  const value = row[field];
  return typeof value === 'string' ? value : undefined;
}

/** The snapshot of `org` as its emulator at `instanceUrl` would be audited. */
export function snapshotOfOrg(org: OrgModel, instanceUrl: string): OrgSnapshot {
  const rows = (object: string): readonly SObjectRow[] => org.records.get(object) ?? [];
  const byId = (object: string, id: unknown): SObjectRow | undefined =>
    typeof id === 'string'
      ? rows(object).find((r) => r.Id.slice(0, 15) === id.slice(0, 15))
      : undefined;

  const users: SnapshotUser[] = rows('User').map((row) => {
    const profileRow = byId('Profile', row.ProfileId);
    const profileName = profileRow === undefined ? '' : (text(profileRow, 'Name') ?? '');
    const profile = org.profiles.find((p) => p.name === profileName || p.fullName === profileName);
    const login = rows('UserLogin').find((l) => l.UserId === row.Id);
    const user: SnapshotUser = {
      id: row.Id,
      username: text(row, 'Username') ?? '',
      isActive: row.IsActive !== false,
      profileName,
      isFrozen: login?.IsFrozen === true,
      isPasswordLocked: login?.IsPasswordLocked === true,
    };
    const name = text(row, 'Name');
    if (name !== undefined) user.name = name;
    if (profile !== undefined) {
      user.profileFullName = profile.fullName;
      user.userLicense = profile.userLicense;
    }
    return user;
  });
  const usernameOf = (id: unknown): string | undefined =>
    users.find((u) => typeof id === 'string' && u.id?.slice(0, 15) === id.slice(0, 15))?.username;

  const assignments: SnapshotAssignment[] = [];
  for (const row of rows('PermissionSetAssignment')) {
    const username = usernameOf(row.AssigneeId);
    if (username === undefined) continue;
    const expiry = text(row, 'ExpirationDate');
    const extra = expiry === undefined ? {} : { expirationDate: expiry };
    const group = byId('PermissionSetGroup', row.PermissionSetGroupId);
    if (group !== undefined) {
      assignments.push({
        username,
        permissionSetGroup: text(group, 'DeveloperName') ?? '',
        ...extra,
      });
      continue;
    }
    const set = byId('PermissionSet', row.PermissionSetId);
    if (set === undefined || set.IsOwnedByProfile === true) continue;
    assignments.push({ username, permissionSet: text(set, 'Name') ?? '', ...extra });
  }

  const catalog = accessCatalogFromOrg(org);
  const objects: Record<string, string[]> = {};
  for (const object of catalog.objects) objects[object] = [...catalog.fieldsOf(object)];

  const ledger = Object.fromEntries(
    FACETS.map((f): [Facet, LedgerEntry] => [f, { status: 'ok', requests: 1 }]),
  );
  return {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    tool: { name: 'runas-guard', version: '0.0.0-test' },
    mode: 'live',
    org: { id: org.info.orgId, instanceUrl, isSandbox: org.info.isSandbox, name: org.info.name },
    project: null,
    collectedAt: new Date(org.info.now).toISOString(),
    apps: structuredClone(org.apps),
    users,
    profiles: structuredClone(org.profiles),
    permissionSets: structuredClone(org.permissionSets),
    mutingPermissionSets: structuredClone(org.mutingPermissionSets),
    permissionSetGroups: structuredClone(org.permissionSetGroups),
    assignments,
    objects,
    loginHistory: [],
    auditTrail: rows('SetupAuditTrail').map((row) => {
      const by = usernameOf(row.CreatedById);
      return {
        action: text(row, 'Action') ?? '',
        display: text(row, 'Display') ?? '',
        createdDate: text(row, 'CreatedDate') ?? '',
        ...(text(row, 'Section') !== undefined ? { section: text(row, 'Section') ?? '' } : {}),
        ...(by !== undefined ? { createdBy: by } : {}),
      };
    }),
    oauthTokens: [],
    ledger,
    apiRequests: FACETS.length,
  };
}
