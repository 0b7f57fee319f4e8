// Effective access of one user (docs/salesforce-behaviour.md 3.20): the profile, each directly assigned permission
// set and each permission set group, with Salesforce's implications, every grant remembering the
// paths it came through. One implementation, shared by the resolver and the emulator.

import type { OrgModel } from '../org.js';
import type {
  FieldAction,
  MutingPermissionSetDef,
  ObjectAction,
  PermissionContent,
  PermissionSetDef,
  PermissionSetGroupDef,
} from '../permissions.js';
import { FIELD_ACTIONS, OBJECT_ACTIONS } from '../permissions.js';
import { isAssignmentActive } from '../policy/assignment.js';
import { findObject, isPermissionable } from '../schema.js';
import { objectApiNamesWithCrud } from '../standard/standard-schema.js';
import type {
  AccessAssignment,
  AccessCatalog,
  AccessInput,
  EffectiveAccess,
  ExcludedGrant,
  ExclusionReason,
  Via,
} from './types.js';

// Grants are keyed as the `permission` of ExcludedGrant: `system:ModifyAllData`,
// `object:Account:edit`, `field:Account.Industry:read`. `object:X:viewAllFields` is internal: it
// is not an ObjectAction, and shows as read on every field of X (and read on X).
type GrantKey = string;

/** A container's grants after implications: key → undefined when explicit, else what implied it. */
type Closure = Map<GrantKey, string | undefined>;

const OBJECT_FLAGS = [
  ['allowRead', 'read'],
  ['allowCreate', 'create'],
  ['allowEdit', 'edit'],
  ['allowDelete', 'delete'],
  ['viewAllRecords', 'viewAll'],
  ['modifyAllRecords', 'modifyAll'],
  ['viewAllFields', 'viewAllFields'],
] as const;

/**
 * What each object permission implies on the same object. Salesforce's Setup UI also turns on Edit
 * with Delete; metadata states that explicitly, so we do not infer it (docs/salesforce-behaviour.md 3.20: delete implies read).
 * Create implies read: Salesforce does not let an object permission have Create without Read.
 */
const OBJECT_IMPLIES: Record<string, readonly string[]> = {
  read: [],
  create: ['read'],
  edit: ['read'],
  delete: ['read'],
  viewAll: ['read'],
  modifyAll: ['viewAll', 'read', 'edit', 'delete'],
  viewAllFields: ['read'],
};

class Names {
  readonly #objects = new Map<string, string>();
  readonly #fields = new Map<string, Map<string, string>>();

  constructor(readonly catalog: AccessCatalog) {
    for (const o of catalog.objects) this.#objects.set(o.toLowerCase(), o);
  }

  /** The catalog's spelling of an object name (metadata names are case-insensitive). */
  object(name: string): string {
    return this.#objects.get(name.toLowerCase()) ?? name;
  }

  fieldsOf(object: string): readonly string[] {
    return this.catalog.fieldsOf(object);
  }

  /** `account.industry` → `Account.Industry` when the catalog knows both. */
  field(key: string): string {
    const dot = key.indexOf('.');
    if (dot <= 0) return key;
    const object = this.object(key.slice(0, dot));
    const field = key.slice(dot + 1);
    let byLower = this.#fields.get(object);
    if (byLower === undefined) {
      byLower = new Map(this.fieldsOf(object).map((f) => [f.toLowerCase(), f]));
      this.#fields.set(object, byLower);
    }
    return `${object}.${byLower.get(field.toLowerCase()) ?? field}`;
  }
}

/** The grants a container states, before implications. */
function rawGrants(content: PermissionContent, names: Names): Set<GrantKey> {
  const keys = new Set<GrantKey>();
  for (const p of content.userPermissions) keys.add(`system:${p}`);
  for (const [object, perm] of Object.entries(content.objectPermissions)) {
    const name = names.object(object);
    for (const [flag, action] of OBJECT_FLAGS) if (perm[flag]) keys.add(`object:${name}:${action}`);
  }
  for (const [field, perm] of Object.entries(content.fieldPermissions)) {
    const name = names.field(field);
    if (perm.readable) keys.add(`field:${name}:read`);
    if (perm.editable) keys.add(`field:${name}:edit`);
  }
  return keys;
}

/** Direct implications of one grant, with the label Via.impliedBy carries. */
function implied(key: GrantKey, names: Names): [GrantKey, string][] {
  const [kind] = key.split(':', 1);
  if (kind === 'system') {
    const name = key.slice('system:'.length);
    if (name === 'ModifyAllData') {
      // Modify All Data: View All Data and full access to every object.
      const out: [GrantKey, string][] = [['system:ViewAllData', name]];
      for (const o of names.catalog.objects)
        for (const a of OBJECT_ACTIONS) out.push([`object:${o}:${a}`, name]);
      return out;
    }
    if (name === 'ViewAllData') {
      // View All Data: read and View All on every object. Neither bypasses field-level security.
      return names.catalog.objects.flatMap((o): [GrantKey, string][] => [
        [`object:${o}:read`, name],
        [`object:${o}:viewAll`, name],
      ]);
    }
    return [];
  }
  if (kind === 'object') {
    const action = key.slice(key.lastIndexOf(':') + 1);
    const object = key.slice('object:'.length, key.lastIndexOf(':'));
    const out = (OBJECT_IMPLIES[action] ?? []).map((a): [GrantKey, string] => [
      `object:${object}:${a}`,
      action,
    ]);
    if (action === 'viewAllFields')
      for (const f of names.fieldsOf(object)) out.push([`field:${object}.${f}:read`, action]);
    return out;
  }
  // Field edit implies field read.
  if (key.endsWith(':edit')) return [[`${key.slice(0, -':edit'.length)}:read`, 'edit']];
  return [];
}

/** Grants plus their implications; an explicit grant wins over an implied one. */
function closure(raw: Iterable<GrantKey>, names: Names): Closure {
  const sorted = [...raw].sort();
  const out: Closure = new Map(sorted.map((k) => [k, undefined]));
  const queue = [...sorted];
  // The array iterator also visits what the loop appends.
  for (const key of queue) {
    for (const [next, by] of implied(key, names)) {
      if (out.has(next)) continue;
      out.set(next, by);
      queue.push(next);
    }
  }
  return out;
}

/** `system`, `object:Account` or `field:Account.Industry`. */
function scopeOf(key: GrantKey): string {
  return key.startsWith('system:') ? 'system' : key.slice(0, key.lastIndexOf(':'));
}

/**
 * The stated grants a muting permission set removes: those it mutes, and those that imply a muted
 * one within the same scope (muting Read on Account also mutes Edit on Account; muting View All Data
 * also mutes Modify All Data). An org-wide permission is not removed by muting an object or field
 * permission it implies: Modify All Data and View All Data override object permissions, and View
 * All Fields overrides field-level security (UNCONFIRMED how Salesforce combines them with muting).
 */
function mutedRaw(raw: Set<GrantKey>, muted: Set<GrantKey>, names: Names): Set<GrantKey> {
  const out = new Set<GrantKey>();
  if (muted.size === 0) return out;
  for (const key of raw) {
    const scope = scopeOf(key);
    for (const k of closure([key], names).keys())
      if (scopeOf(k) === scope && muted.has(k)) {
        out.add(key);
        break;
      }
  }
  return out;
}

const TYPE_RANK: Record<Via['type'], number> = {
  Profile: 0,
  PermissionSet: 1,
  PermissionSetGroup: 2,
};

function compareVia(a: Via, b: Via): number {
  return (
    TYPE_RANK[a.type] - TYPE_RANK[b.type] ||
    compareText(a.group ?? '', b.group ?? '') ||
    compareText(a.name, b.name) ||
    compareText(a.impliedBy ?? '', b.impliedBy ?? '')
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sameVia(a: Via, b: Via): boolean {
  return compareVia(a, b) === 0;
}

function withImplied(via: Via, impliedBy: string | undefined): Via {
  return impliedBy === undefined ? via : { ...via, impliedBy };
}

function parseTime(value: string, what: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new RangeError(`${what} is not an ISO-8601 date-time: ${value}`);
  return ms;
}

/** One container path's grants, e.g. a permission set held through a group. */
interface Path {
  via: Via;
  grants: Closure;
}

class Resolution {
  readonly granted = new Map<GrantKey, Via[]>();
  readonly excluded: ExcludedGrant[] = [];

  grant(path: Path): void {
    for (const [key, by] of path.grants) {
      const via = withImplied(path.via, by);
      const list = this.granted.get(key);
      if (list === undefined) this.granted.set(key, [via]);
      else if (!list.some((v) => sameVia(v, via))) list.push(via);
    }
  }

  /** Records a whole container (when given) and each grant of `paths` as excluded. */
  exclude(
    reason: ExclusionReason,
    container: Via | undefined,
    paths: Path[],
    expirationDate?: string,
    mutedBy?: string,
  ): void {
    const extra = {
      ...(expirationDate === undefined ? {} : { expirationDate }),
      ...(mutedBy === undefined ? {} : { mutedBy }),
    };
    if (container !== undefined)
      this.excluded.push({ reason, via: container, permission: 'container', ...extra });
    for (const path of paths)
      for (const [key, by] of path.grants)
        this.excluded.push({ reason, via: withImplied(path.via, by), permission: key, ...extra });
  }
}

/** What a group would grant, per member set, and what it leaves out. */
interface GroupResult {
  paths: Path[];
  muted: Path[];
  sessionBased: Path[];
  unknown: Via[];
}

function resolveGroup(
  group: PermissionSetGroupDef,
  sets: ReadonlyMap<string, PermissionSetDef>,
  mutings: ReadonlyMap<string, MutingPermissionSetDef>,
  names: Names,
): GroupResult {
  const result: GroupResult = { paths: [], muted: [], sessionBased: [], unknown: [] };
  let muted = new Set<GrantKey>();
  if (group.mutingPermissionSet !== undefined) {
    const muting = mutings.get(group.mutingPermissionSet);
    // Via has no muting type: the muting set is named as a permission set of the group.
    const via: Via = { type: 'PermissionSet', name: group.mutingPermissionSet, group: group.name };
    if (muting === undefined) result.unknown.push(via);
    else muted = rawGrants(muting, names);
  }
  for (const name of [...new Set(group.permissionSets)].sort()) {
    const via: Via = { type: 'PermissionSet', name, group: group.name };
    const set = sets.get(name);
    if (set === undefined) {
      result.unknown.push(via);
      continue;
    }
    const raw = rawGrants(set, names);
    const full = closure(raw, names);
    if (set.hasActivationRequired) {
      // Salesforce keeps session-based sets out of groups; should one be there, it is not active
      // in a client-credentials session either.
      result.sessionBased.push({ via, grants: full });
      continue;
    }
    const removed = mutedRaw(raw, muted, names);
    const kept =
      removed.size === 0
        ? full
        : closure(
            [...raw].filter((k) => !removed.has(k)),
            names,
          );
    const lost: Closure = new Map([...full].filter(([k]) => !kept.has(k)));
    if (lost.size > 0) result.muted.push({ via, grants: lost });
    result.paths.push({ via, grants: kept });
  }
  return result;
}

function assignmentOrder(a: AccessAssignment, b: AccessAssignment): number {
  return (
    compareText(a.permissionSetGroup ?? '', b.permissionSetGroup ?? '') ||
    compareText(a.permissionSet ?? '', b.permissionSet ?? '') ||
    compareText(a.expirationDate ?? '', b.expirationDate ?? '')
  );
}

/**
 * The user's effective access: the profile, each directly assigned permission set and each group's
 * grants, without expired assignments and session-based sets or groups (not active in a
 * client-credentials session), with Salesforce's implications. Everything that would have reached
 * the user but did not is listed in `excluded`. Deterministic: maps are sorted by name, Vias by
 * (type, group, name, impliedBy), whatever the order of the input.
 */
export function resolveEffectiveAccess(
  input: AccessInput,
  catalog: AccessCatalog,
): EffectiveAccess {
  const names = new Names(catalog);
  const r = new Resolution();
  const now = parseTime(input.now, 'AccessInput.now');
  const sets = new Map(catalog.permissionSets.map((s) => [s.name, s]));
  const mutings = new Map(catalog.mutingPermissionSets.map((s) => [s.name, s]));
  const groups = new Map(catalog.permissionSetGroups.map((g) => [g.name, g]));

  r.grant({
    via: { type: 'Profile', name: input.profile.name },
    grants: closure(rawGrants(input.profile, names), names),
  });

  for (const assignment of [...input.assignments].sort(assignmentOrder)) {
    const expiration = assignment.expirationDate;
    if (expiration !== undefined) parseTime(expiration, 'AccessAssignment.expirationDate');
    const expired = !isAssignmentActive(expiration, now);
    // A group assignment also names the group's aggregate permission set in Salesforce; the
    // group is what counts.
    if (assignment.permissionSetGroup !== undefined) {
      const container: Via = { type: 'PermissionSetGroup', name: assignment.permissionSetGroup };
      const group = groups.get(assignment.permissionSetGroup);
      if (group === undefined) {
        r.exclude('unknown-container', container, []);
        continue;
      }
      const result = resolveGroup(group, sets, mutings, names);
      for (const via of result.unknown) r.exclude('unknown-container', via, []);
      if (expired) r.exclude('expired', container, result.paths, expiration);
      else if (group.hasActivationRequired) r.exclude('session-based', container, result.paths);
      else {
        for (const path of result.paths) r.grant(path);
        // Muting applies only within this group: the same grant may still reach the user another
        // way, and then it stays effective (the rules compare `excluded` with the grants).
        for (const path of result.muted)
          r.exclude('muted', undefined, [path], undefined, group.mutingPermissionSet);
        for (const path of result.sessionBased) r.exclude('session-based', path.via, [path]);
      }
      continue;
    }
    if (assignment.permissionSet === undefined) continue;
    const via: Via = { type: 'PermissionSet', name: assignment.permissionSet };
    const set = sets.get(assignment.permissionSet);
    if (set === undefined) {
      r.exclude('unknown-container', via, []);
      continue;
    }
    const path: Path = { via, grants: closure(rawGrants(set, names), names) };
    if (expired) r.exclude('expired', via, [path], expiration);
    else if (set.hasActivationRequired) r.exclude('session-based', via, [path]);
    else r.grant(path);
  }

  return build(r);
}

function build(r: Resolution): EffectiveAccess {
  const access: EffectiveAccess = {
    systemPermissions: new Map(),
    objects: new Map(),
    fields: new Map(),
    excluded: [],
  };
  const keys = [...r.granted.keys()].sort();
  const vias = (key: GrantKey): Via[] => [...(r.granted.get(key) ?? [])].sort(compareVia);

  for (const key of keys) {
    if (!key.startsWith('system:')) continue;
    access.systemPermissions.set(key.slice('system:'.length), vias(key));
  }
  for (const key of keys) {
    if (!key.startsWith('object:')) continue;
    const object = key.slice('object:'.length, key.lastIndexOf(':'));
    if (access.objects.has(object)) continue;
    const actions = new Map<ObjectAction, Via[]>();
    for (const a of OBJECT_ACTIONS) {
      const k = `object:${object}:${a}`;
      if (r.granted.has(k)) actions.set(a, vias(k));
    }
    if (actions.size > 0) access.objects.set(object, actions);
  }
  for (const key of keys) {
    if (!key.startsWith('field:')) continue;
    const field = key.slice('field:'.length, key.lastIndexOf(':'));
    if (access.fields.has(field)) continue;
    // Salesforce: field permissions do nothing without read on the object; a field of an object
    // the user cannot read is not accessible, so it is not effective access.
    const object = field.slice(0, field.indexOf('.'));
    if (!access.objects.get(object)?.has('read')) continue;
    const actions = new Map<FieldAction, Via[]>();
    for (const a of FIELD_ACTIONS) {
      const k = `field:${field}:${a}`;
      if (r.granted.has(k)) actions.set(a, vias(k));
    }
    access.fields.set(field, actions);
  }
  // A container assigned twice (or listed twice in a group) is reported once.
  const unique = new Map(
    r.excluded.map((e) => [JSON.stringify([e.reason, e.via, e.permission, e.expirationDate]), e]),
  );
  access.excluded = [...unique.values()].sort(
    (a, b) =>
      compareText(a.reason, b.reason) ||
      compareVia(a.via, b.via) ||
      compareText(a.permission, b.permission),
  );
  return access;
}

/**
 * The AccessCatalog of an org model: its permission containers; the objects Modify All Data and
 * View All Data reach are the schema's `crud` objects; View All Fields reaches their fields that
 * field-level security governs (the others are visible with the object anyway).
 */
export function accessCatalogFromOrg(
  org: Pick<OrgModel, 'permissionSets' | 'mutingPermissionSets' | 'permissionSetGroups' | 'schema'>,
): AccessCatalog {
  const fields = new Map<string, readonly string[]>();
  return {
    permissionSets: org.permissionSets,
    mutingPermissionSets: org.mutingPermissionSets,
    permissionSetGroups: org.permissionSetGroups,
    objects: objectApiNamesWithCrud(org.schema),
    fieldsOf(object: string): readonly string[] {
      let list = fields.get(object);
      if (list === undefined) {
        const def = findObject(org.schema, object);
        list =
          def === undefined
            ? []
            : def.fields.filter((f) => isPermissionable(def, f)).map((f) => f.name);
        fields.set(object, list);
      }
      return list;
    },
  };
}
