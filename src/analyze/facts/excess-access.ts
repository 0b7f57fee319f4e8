// Effective access beyond the declared needs: RG-0011's finding, and what `runas-guard suggest`
// reports the current run-as user holds beyond its new set (one calculation, so both agree).
//
// Decisions:
// - A need is read as the grant that satisfies it (grantFor in src/analyze/declared.ts, as RG-0010
//   reads it): a need on a field without field-level security (Id, Name, required fields) allows
//   that action on its object.
// - What a declared need necessarily brings is not excess: the implications of docs/salesforce-behaviour.md 3.20
//   apply to the needs too (edit implies read, Modify All implies View All, read, edit and delete,
//   field edit implies field read; a declared ModifyAllData or ViewAllData covers the object
//   access they imply).
// - The system permissions of the standard Minimum Access - API Only Integrations profile are a
//   baseline every integration user holds, never excess.
// - A grant that is excess only because an excess grant implies it is not listed on its own: it
//   goes when its implier goes (Modify All Data is one item, not one per object; Modify All on
//   Account is one item, not also View All, edit and delete). A grant with a path of its own (an
//   explicit permission, or View All Fields, which is not an action a manifest can declare) is.

import { grantFor, needItems } from '../declared.js';
import type { ManifestNeeds } from '../../manifest/schema.js';
import type { EffectiveAccess, Via } from '../../model/effective/types.js';
import type { FieldAction, ObjectAction } from '../../model/permissions.js';
import { FIELD_ACTIONS, OBJECT_ACTIONS } from '../../model/permissions.js';
import { STANDARD_PROFILES } from '../../model/standard/profiles.js';

export type ExcessItem =
  | { kind: 'system'; name: string; via: Via[] }
  | { kind: 'object'; name: string; action: ObjectAction; via: Via[] }
  | { kind: 'field'; name: string; action: FieldAction; via: Via[] };

export const BASELINE_PROFILE = 'Minimum Access - API Only Integrations';

/** System permissions every integration user holds by default (the baseline of RG-0011). */
export const BASELINE_SYSTEM_PERMISSIONS: readonly string[] =
  STANDARD_PROFILES.find((p) => p.fullName === BASELINE_PROFILE)?.userPermissions ?? [];

/** What each object action brings along (docs/salesforce-behaviour.md 3.20). */
const OBJECT_IMPLIES: Readonly<Record<ObjectAction, readonly ObjectAction[]>> = {
  read: [],
  create: ['read'],
  edit: ['read'],
  delete: ['read'],
  viewAll: ['read'],
  modifyAll: ['viewAll', 'read', 'edit', 'delete'],
};

const isObjectAction = (value: string): value is ObjectAction =>
  (OBJECT_ACTIONS as readonly string[]).includes(value);

/** What the needs allow, names in lower case (metadata names ignore case). */
class Allowed {
  readonly #system = new Set<string>();
  readonly #objects = new Map<string, Set<ObjectAction>>();
  readonly #fields = new Map<string, Set<FieldAction>>();
  readonly #everyObject: readonly ObjectAction[];

  constructor(needs: ManifestNeeds) {
    for (const name of BASELINE_SYSTEM_PERMISSIONS) this.#system.add(name.toLowerCase());
    for (const grant of needItems(needs).map(grantFor)) {
      const name = grant.name.toLowerCase();
      if (grant.kind === 'system') this.#system.add(name);
      else if (grant.kind === 'object') addTo(this.#objects, name, grant.action);
      else addTo(this.#fields, name, grant.action);
    }
    if (this.#system.has('modifyalldata')) this.#system.add('viewalldata');
    this.#everyObject = this.#system.has('modifyalldata')
      ? OBJECT_ACTIONS
      : this.#system.has('viewalldata')
        ? ['read', 'viewAll']
        : [];
  }

  system(name: string): boolean {
    return this.#system.has(name.toLowerCase());
  }

  object(object: string, action: ObjectAction): boolean {
    if (this.#everyObject.includes(action)) return true;
    const declared = this.#objects.get(object.toLowerCase()) ?? [];
    return [...declared].some((d) => d === action || OBJECT_IMPLIES[d].includes(action));
  }

  field(field: string, action: FieldAction): boolean {
    const declared = this.#fields.get(field.toLowerCase());
    return (
      declared !== undefined &&
      (declared.has(action) || (action === 'read' && declared.has('edit')))
    );
  }
}

function addTo<A>(map: Map<string, Set<A>>, name: string, action: A): void {
  map.set(name, (map.get(name) ?? new Set()).add(action));
}

/** The excess grants, system permissions first, then objects, then fields, each sorted. */
export function excessAccess(access: EffectiveAccess, needs: ManifestNeeds): ExcessItem[] {
  const allowed = new Allowed(needs);
  const candidates: { item: ExcessItem; key: string }[] = [];
  for (const [name, via] of sorted(access.systemPermissions))
    if (!allowed.system(name))
      candidates.push({ item: { kind: 'system', name, via }, key: `system:${name}` });
  for (const [name, actions] of sorted(access.objects))
    for (const action of OBJECT_ACTIONS) {
      const via = actions.get(action);
      if (via !== undefined && !allowed.object(name, action))
        candidates.push({
          item: { kind: 'object', name, action, via },
          key: `object:${name}:${action}`,
        });
    }
  for (const [name, actions] of sorted(access.fields))
    for (const action of FIELD_ACTIONS) {
      const via = actions.get(action);
      if (via !== undefined && !allowed.field(name, action))
        candidates.push({
          item: { kind: 'field', name, action, via },
          key: `field:${name}:${action}`,
        });
    }

  const excess = new Set(candidates.map((c) => c.key.toLowerCase()));
  const items: ExcessItem[] = [];
  for (const { item } of candidates) {
    // Keep the paths that do not come from another excess grant; none left: its implier is listed.
    const own = item.via.filter((v) => {
      const implier = implierKey(item, v);
      return implier === undefined || !excess.has(implier.toLowerCase());
    });
    if (own.length > 0) items.push({ ...item, via: own });
  }
  return items;
}

/** The grant key of what implied a path, or undefined for an explicit path (or View All Fields). */
function implierKey(item: ExcessItem, via: Via): string | undefined {
  const by = via.impliedBy;
  if (by === undefined) return undefined;
  if (item.kind === 'system') return `system:${by}`;
  if (item.kind === 'object')
    return isObjectAction(by) ? `object:${item.name}:${by}` : systemKey(by);
  return by === 'edit' ? `field:${item.name}:edit` : undefined;
}

function systemKey(by: string): string | undefined {
  // viewAllFields is internal to the resolver: the manifest cannot declare it, so it is no implier.
  return by === 'viewAllFields' ? undefined : `system:${by}`;
}

/** `ModifyAllData`, `Product2 delete`, `field Account.Industry read`. */
export function describeExcess(item: ExcessItem): string {
  if (item.kind === 'system') return item.name;
  return item.kind === 'object'
    ? `${item.name} ${item.action}`
    : `field ${item.name} ${item.action}`;
}

function sorted<V>(map: ReadonlyMap<string, V>): [string, V][] {
  return [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
