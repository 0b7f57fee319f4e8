// The connected user's own effective system permissions: their assignments (the profile-owned set
// stands for the profile), the held permission sets and groups with their Permissions* columns, read
// with the catalog's own queries, normalised by the collector's normalisers and resolved by the one
// effective-access resolver (src/model/effective/). Only system permissions matter here.

import type { CatalogId } from '../collect/catalog.js';
import { permissionContentOf, permissionFieldsOf } from '../collect/normalize/permissions.js';
import type { PermissionRows } from '../collect/normalize/permissions.js';
import { bool, idKey, isoDateTime, text } from '../collect/normalize/values.js';
import type { Raw } from '../collect/normalize/values.js';
import { resolveEffectiveAccess } from '../model/effective/resolve.js';
import type { AccessAssignment } from '../model/effective/types.js';
import type {
  MutingPermissionSetDef,
  PermissionSetDef,
  PermissionSetGroupDef,
  ProfileDef,
} from '../model/permissions.js';
import type { DoctorWire } from './wire.js';

const NO_ROWS: PermissionRows = { objects: new Map(), fields: new Map() };

export interface OwnAccess {
  /** Enabled system permissions, by metadata name, after expiry, session activation and muting. */
  systemPermissions: Set<string>;
  /** Where each catalog-relevant permission comes from (`Profile X`, `PermissionSet Y`). */
  via: Map<string, string[]>;
}

/** A request doctor could not make while reading the user's own permissions. */
export class OwnAccessError extends Error {
  constructor(
    readonly request: CatalogId,
    override readonly cause: unknown,
  ) {
    super(`could not read the user's own permissions (${request})`);
  }
}

async function step<T>(request: CatalogId, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw new OwnAccessError(request, error);
  }
}

function ids(values: readonly unknown[]): string[] {
  const out = new Map<string, string>();
  for (const v of values) {
    const id = text(v);
    if (id !== undefined) out.set(idKey(id), id);
  }
  return [...out.values()];
}

/** Rows of a `{fields}` query over `ids` (DoctorWire.queryWithFields), none without Ids or columns. */
async function withFields(
  wire: DoctorWire,
  id: 'rest.query.PermissionSet' | 'rest.query.MutingPermissionSet',
  setIds: readonly string[],
  fields: readonly string[],
): Promise<Raw[]> {
  if (setIds.length === 0 || fields.length === 0) return [];
  return step(id, () => wire.queryWithFields(id, setIds, fields));
}

/** Reads and resolves the effective system permissions of `userId` at `now`. */
export async function readOwnAccess(
  wire: DoctorWire,
  user: { id: string; profileName?: string },
  now: string,
): Promise<OwnAccess> {
  const assignments = await step('rest.query.PermissionSetAssignment', () =>
    wire.query('rest.query.PermissionSetAssignment', {}, 'userIds', [user.id]),
  );
  const describe = await step('rest.describe.PermissionSet', () =>
    wire.describe('/services/data/v{version}/sobjects/PermissionSet/describe'),
  );
  const fields = permissionFieldsOf(describe);
  const groupIds = ids(assignments.map((a) => a.PermissionSetGroupId));
  const groupRows =
    groupIds.length === 0
      ? []
      : await step('rest.query.PermissionSetGroup', () =>
          wire.query('rest.query.PermissionSetGroup', {}, 'ids', groupIds),
        );
  const components =
    groupIds.length === 0
      ? []
      : await step('rest.query.PermissionSetGroupComponent', () =>
          wire.query('rest.query.PermissionSetGroupComponent', {}, 'ids', groupIds),
        );
  const setRows = await withFields(
    wire,
    'rest.query.PermissionSet',
    ids([
      ...assignments.map((a) => a.PermissionSetId),
      ...components.map((c) => c.PermissionSetId),
    ]),
    fields,
  );
  const setById = new Map(setRows.map((r) => [idKey(text(r.Id) ?? ''), r]));
  // A group component that is not a PermissionSet is the group's muting permission set.
  const mutingIds = ids(components.map((c) => c.PermissionSetId)).filter(
    (id) => !setById.has(idKey(id)),
  );
  let mutingRows: Raw[] = [];
  if (mutingIds.length > 0) {
    const mutingDescribe = await step('rest.describe.MutingPermissionSet', () =>
      wire.describe('/services/data/v{version}/sobjects/MutingPermissionSet/describe'),
    );
    mutingRows = await withFields(
      wire,
      'rest.query.MutingPermissionSet',
      mutingIds,
      permissionFieldsOf(mutingDescribe),
    );
  }

  // Containers by their 15-character Id; names are Ids, unique and enough for the resolver.
  const profileName = user.profileName ?? 'Profile';
  let profile: ProfileDef = {
    kind: 'Profile',
    fullName: profileName,
    name: profileName,
    custom: false,
    userLicense: '',
    userPermissions: [],
    objectPermissions: {},
    fieldPermissions: {},
    loginIpRanges: [],
  };
  const permissionSets: PermissionSetDef[] = [];
  const nameOf = new Map<string, string>();
  for (const row of setRows) {
    const key = idKey(text(row.Id) ?? '');
    const { userPermissions } = permissionContentOf(row, NO_ROWS);
    if (bool(row.IsOwnedByProfile)) {
      profile = { ...profile, userPermissions };
      continue;
    }
    // A group's aggregate set: the group itself is resolved from its members and muting set.
    if (text(row.PermissionSetGroupId) !== undefined) continue;
    const name = text(row.Name) ?? key;
    nameOf.set(key, name);
    permissionSets.push({
      kind: 'PermissionSet',
      name,
      label: text(row.Label) ?? name,
      hasActivationRequired: bool(row.HasActivationRequired),
      userPermissions,
      objectPermissions: {},
      fieldPermissions: {},
    });
  }
  const mutingPermissionSets: MutingPermissionSetDef[] = mutingRows.map((row) => {
    const name = text(row.DeveloperName) ?? idKey(text(row.Id) ?? '');
    nameOf.set(idKey(text(row.Id) ?? ''), name);
    return {
      kind: 'MutingPermissionSet',
      name,
      label: name,
      ...permissionContentOf(row, NO_ROWS),
      objectPermissions: {},
      fieldPermissions: {},
    };
  });
  const mutingNames = new Set(mutingPermissionSets.map((m) => m.name));
  const groupNameOf = new Map<string, string>();
  const permissionSetGroups: PermissionSetGroupDef[] = groupRows.map((row) => {
    const key = idKey(text(row.Id) ?? '');
    const name = text(row.DeveloperName) ?? key;
    groupNameOf.set(key, name);
    const members = components
      .filter((c) => idKey(text(c.PermissionSetGroupId) ?? '') === key)
      .map((c) => nameOf.get(idKey(text(c.PermissionSetId) ?? '')))
      .filter((n): n is string => n !== undefined);
    const muting = members.find((m) => mutingNames.has(m));
    const status = text(row.Status);
    return {
      kind: 'PermissionSetGroup',
      name,
      label: text(row.MasterLabel) ?? name,
      permissionSets: members.filter((m) => !mutingNames.has(m)),
      ...(muting === undefined ? {} : { mutingPermissionSet: muting }),
      hasActivationRequired: bool(row.HasActivationRequired),
      status:
        status === 'Outdated' || status === 'Updating' || status === 'Failed' ? status : 'Updated',
    };
  });

  const held: AccessAssignment[] = [];
  for (const a of assignments) {
    const expirationDate = isoDateTime(a.ExpirationDate);
    const expiry = expirationDate === undefined ? {} : { expirationDate };
    const group = groupNameOf.get(idKey(text(a.PermissionSetGroupId) ?? ''));
    if (group !== undefined) held.push({ permissionSetGroup: group, ...expiry });
    else {
      const set = nameOf.get(idKey(text(a.PermissionSetId) ?? ''));
      if (set !== undefined) held.push({ permissionSet: set, ...expiry });
    }
  }

  const access = resolveEffectiveAccess(
    { profile, assignments: held, now },
    {
      permissionSets,
      mutingPermissionSets,
      permissionSetGroups,
      objects: [],
      fieldsOf: () => [],
    },
  );
  const via = new Map<string, string[]>();
  for (const [name, vias] of access.systemPermissions)
    via.set(
      name,
      vias.map((v) => `${v.type} ${v.name}${v.group === undefined ? '' : ` (in ${v.group})`}`),
    );
  return { systemPermissions: new Set(access.systemPermissions.keys()), via };
}
