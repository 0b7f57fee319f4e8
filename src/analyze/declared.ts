// The integration manifest as rules read it (docs/manifest.md): the entry that declares an app, and
// its `needs` as a flat list of grants to compare with the run-as user's effective access
// (RG-0010 to RG-0014).

import type { ManifestIntegration, ManifestNeeds } from '../manifest/schema.js';
import type {
  EffectiveAccess,
  ExclusionReason,
  ExcludedGrant,
  Via,
} from '../model/effective/types.js';
import type { ClientApp } from '../model/org.js';
import type { FieldAction, ObjectAction } from '../model/permissions.js';
import { FIELD_ACTIONS, OBJECT_ACTIONS } from '../model/permissions.js';
import { findField, findObject, isPermissionable } from '../model/schema.js';
import type { SObjectSchema } from '../model/schema.js';
import { standardSchema } from '../model/standard/standard-schema.js';
import type { RuleContext } from './types.js';

/**
 * The manifest entry that declares an app (developer names compared ignoring case, as Salesforce
 * does); the first one when the manifest lists the app twice (the loader warns about that).
 */
export function declaredIntegration(
  ctx: Pick<RuleContext, 'manifest'>,
  app: string | Pick<ClientApp, 'name'>,
): ManifestIntegration | undefined {
  const name = (typeof app === 'string' ? app : app.name).toLowerCase();
  return ctx.manifest?.integrations?.find((i) => i.app.toLowerCase() === name);
}

/** Why a rule cannot compare an app with its declared needs. */
export type NeedsAbsence = 'noManifest' | 'notDeclared' | 'noNeeds';

export type DeclaredNeeds =
  | { entry: ManifestIntegration; items: NeedItem[] }
  | { absent: NeedsAbsence; entry?: ManifestIntegration };

/** The skip messages of a rule that compares access with declared needs (RG-0010, 0012, 0014). */
export const UNDECLARED_MESSAGES = {
  noManifest: 'Not checked: no manifest declares what {{app}} needs (pass --manifest)',
  notDeclared: 'Not checked: the manifest has no entry for {{app}} (RG-0036 reports it)',
  noNeeds: 'Not checked: the manifest entry {{integration}} of {{app}} declares no needs',
} as const;

/** Says, through `skip`, why an integration has no declared needs to compare with. */
export function skipUndeclared(
  declared: Extract<DeclaredNeeds, { absent: NeedsAbsence }>,
  data: Readonly<Record<string, string>>,
  skip: (
    messageId: keyof typeof UNDECLARED_MESSAGES,
    data: Readonly<Record<string, string>>,
  ) => void,
): void {
  skip(declared.absent, { ...data, integration: declared.entry?.name ?? '' });
}

/** An app's manifest entry and its needs as items, or why there are none to compare with. */
export function declaredNeeds(
  ctx: Pick<RuleContext, 'manifest'>,
  app: string | Pick<ClientApp, 'name'>,
): DeclaredNeeds {
  if (ctx.manifest === undefined) return { absent: 'noManifest' };
  const entry = declaredIntegration(ctx, app);
  if (entry === undefined) return { absent: 'notDeclared' };
  const items = entry.needs === undefined ? [] : needItems(entry.needs);
  return items.length === 0 ? { absent: 'noNeeds', entry } : { entry, items };
}

/** One declared need: a system permission, an action on an object, or on a field. */
export type NeedItem =
  | { kind: 'system'; name: string }
  | { kind: 'object'; name: string; action: ObjectAction }
  | { kind: 'field'; name: string; action: FieldAction };

/** The needs as items: system permissions, then objects, then fields, each sorted; no repeats. */
export function needItems(needs: ManifestNeeds): NeedItem[] {
  const items: NeedItem[] = [];
  for (const name of [...new Set(needs.systemPermissions ?? [])].sort(compare))
    items.push({ kind: 'system', name });
  for (const [name, actions] of sortedEntries(needs.objects ?? {}))
    for (const action of OBJECT_ACTIONS)
      if (actions.includes(action)) items.push({ kind: 'object', name, action });
  for (const [name, actions] of sortedEntries(needs.fields ?? {}))
    for (const action of FIELD_ACTIONS)
      if (actions.includes(action)) items.push({ kind: 'field', name, action });
  return items;
}

/** `system permission ApiEnabled`, `Account read`, `field Account.Industry edit`. */
export function describeNeed(item: NeedItem): string {
  if (item.kind === 'system') return `system permission ${item.name}`;
  return item.kind === 'object'
    ? `${item.name} ${item.action}`
    : `field ${item.name} ${item.action}`;
}

/** The need as evidence: `{ kind, name, action? }`. */
export function needEvidence(item: NeedItem): Record<string, string> {
  return item.kind === 'system'
    ? { kind: item.kind, name: item.name }
    : { kind: item.kind, name: item.name, action: item.action };
}

let schema: SObjectSchema | undefined;

/**
 * Whether field-level security governs a field. Id, Name, required and audit fields of standard
 * objects are not permissionable: they come with the object (docs/salesforce-behaviour.md 3.20). A field the
 * standard data does not know (custom fields, custom objects) is taken as permissionable.
 */
export function isPermissionableField(field: string): boolean {
  const dot = field.indexOf('.');
  if (dot <= 0) return true;
  schema ??= standardSchema();
  const object = findObject(schema, field.slice(0, dot));
  const def = object === undefined ? undefined : findField(object, field.slice(dot + 1));
  return object === undefined || def === undefined || isPermissionable(object, def);
}

/**
 * The grant that satisfies a need: itself, except that a field without field-level security is read
 * with its object and written with object edit. The one place this is decided: RG-0010 (what is
 * missing), RG-0011 (what is beyond), suggest and preflight all read needs through it.
 */
export function grantFor(item: NeedItem): NeedItem {
  if (item.kind !== 'field' || isPermissionableField(item.name)) return item;
  return { kind: 'object', name: item.name.slice(0, item.name.indexOf('.')), action: item.action };
}

/** The grant that satisfies a need (grantFor), keyed as ExcludedGrant.permission. */
export function grantKeyOf(item: NeedItem): string {
  const grant = grantFor(item);
  return grant.kind === 'system'
    ? `system:${grant.name}`
    : `${grant.kind}:${grant.name}:${grant.action}`;
}

/** The paths by which the user holds what a need requires; empty when it is not effective. */
export function needVias(access: EffectiveAccess, item: NeedItem): readonly Via[] {
  const grant = grantFor(item);
  if (grant.kind === 'system') return lookup(access.systemPermissions, grant.name) ?? [];
  if (grant.kind === 'object') return lookup(access.objects, grant.name)?.get(grant.action) ?? [];
  return lookup(access.fields, grant.name)?.get(grant.action) ?? [];
}

export function isNeedGranted(access: EffectiveAccess, item: NeedItem): boolean {
  return needVias(access, item).length > 0;
}

/** What would have granted the need but was excluded for `reason` (metadata names ignore case). */
export function exclusionsOf(
  access: EffectiveAccess,
  item: NeedItem,
  reason: ExclusionReason,
): ExcludedGrant[] {
  const key = grantKeyOf(item).toLowerCase();
  return access.excluded.filter((e) => e.reason === reason && e.permission.toLowerCase() === key);
}

/** Compact container path for lists: `Group / Set`, `Set`, `profile Name`, `(implied by X)`. */
export function formatVia(via: Via): string {
  const base =
    via.type === 'Profile'
      ? `profile ${via.name}`
      : via.type === 'PermissionSetGroup'
        ? `group ${via.name}`
        : via.group === undefined
          ? via.name
          : `${via.group} / ${via.name}`;
  return via.impliedBy === undefined ? base : `${base} (implied by ${via.impliedBy})`;
}

/**
 * Every grant of an access as key (`system:X`, `object:O:action`, `field:O.F:action`, the keys of
 * grantKeyOf) → the paths it comes through: what preflight and drift compare.
 */
export function grantsOf(access: EffectiveAccess): Map<string, readonly Via[]> {
  const out = new Map<string, readonly Via[]>();
  for (const [name, vias] of access.systemPermissions) out.set(`system:${name}`, vias);
  for (const [object, actions] of access.objects)
    for (const [action, vias] of actions) out.set(`object:${object}:${action}`, vias);
  for (const [field, actions] of access.fields)
    for (const [action, vias] of actions) out.set(`field:${field}:${action}`, vias);
  return out;
}

/** A grant key as describeNeed says it: `Case edit`, `field Case.Priority edit`, `system permission X`. */
export function describeGrantKey(key: string): string {
  const [kind = '', ...rest] = key.split(':');
  if (kind === 'system') return `system permission ${rest.join(':')}`;
  const action = rest.pop() ?? '';
  return kind === 'object' ? `${rest.join(':')} ${action}` : `field ${rest.join(':')} ${action}`;
}

/** `a, b, c` or, past `max`, `a, b, c and 12 more`: messages stay one readable sentence. */
export function listSome(items: readonly string[], max = 8): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

/** Exact name first, then ignoring case (metadata and SOQL names are case-insensitive). */
export function lookup<V>(map: ReadonlyMap<string, V>, name: string): V | undefined {
  const direct = map.get(name);
  if (direct !== undefined) return direct;
  const lower = name.toLowerCase();
  for (const [key, value] of map) if (key.toLowerCase() === lower) return value;
  return undefined;
}

function sortedEntries<V>(record: Readonly<Record<string, V>>): [string, V][] {
  return Object.entries(record).sort(([a], [b]) => compare(a, b));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
