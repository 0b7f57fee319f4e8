// Small questions asked of an EffectiveAccess by rules, reports and the emulator.

import type { FieldAction, ObjectAction } from '../permissions.js';
import { FIELD_ACTIONS, OBJECT_ACTIONS } from '../permissions.js';
import type { EffectiveAccess, Via } from './types.js';

/** Exact name first, then case-insensitively (SOQL and metadata names are case-insensitive). */
function lookup<V>(map: ReadonlyMap<string, V>, name: string): V | undefined {
  const direct = map.get(name);
  if (direct !== undefined) return direct;
  const lower = name.toLowerCase();
  for (const [key, value] of map) if (key.toLowerCase() === lower) return value;
  return undefined;
}

export function hasSystemPermission(access: EffectiveAccess, name: string): boolean {
  return lookup(access.systemPermissions, name) !== undefined;
}

/** The paths a system permission reaches the user through; empty when it does not. */
export function systemPermissionVia(access: EffectiveAccess, name: string): readonly Via[] {
  return lookup(access.systemPermissions, name) ?? [];
}

/** The user's actions on an object, in OBJECT_ACTIONS order. */
export function objectActions(access: EffectiveAccess, object: string): ObjectAction[] {
  const actions = lookup(access.objects, object);
  return actions === undefined ? [] : OBJECT_ACTIONS.filter((a) => actions.has(a));
}

export function hasObjectAction(
  access: EffectiveAccess,
  object: string,
  action: ObjectAction,
): boolean {
  return lookup(access.objects, object)?.has(action) ?? false;
}

/** The user's actions on `Object.Field` as field-level security grants them, in FIELD_ACTIONS order. */
export function fieldActions(access: EffectiveAccess, field: string): FieldAction[] {
  const actions = lookup(access.fields, field);
  return actions === undefined ? [] : FIELD_ACTIONS.filter((a) => actions.has(a));
}

function objectOf(field: string): string {
  const dot = field.indexOf('.');
  return dot < 0 ? field : field.slice(0, dot);
}

/**
 * Whether the user can read `Object.Field`. A field that is not permissionable (Id, Name,
 * required, audit fields) is readable whenever the object is (docs/salesforce-behaviour.md 3.20).
 */
export function canReadField(
  access: EffectiveAccess,
  field: string,
  permissionable: boolean,
): boolean {
  if (!permissionable) return hasObjectAction(access, objectOf(field), 'read');
  return lookup(access.fields, field)?.has('read') ?? false;
}

/** The report's `effectiveAccess` shape (docs/schemas/report.schema.json): names only, sorted. */
export interface EffectiveAccessSummary {
  systemPermissions: string[];
  objects: Record<string, ObjectAction[]>;
  fields: Record<string, FieldAction[]>;
}

export function summarizeEffectiveAccess(access: EffectiveAccess): EffectiveAccessSummary {
  const objects: Record<string, ObjectAction[]> = {};
  for (const name of [...access.objects.keys()].sort()) objects[name] = objectActions(access, name);
  const fields: Record<string, FieldAction[]> = {};
  for (const name of [...access.fields.keys()].sort()) fields[name] = fieldActions(access, name);
  return { systemPermissions: [...access.systemPermissions.keys()].sort(), objects, fields };
}
