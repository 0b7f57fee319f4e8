// Typos in declared needs fail in production, not in review: an object, field or system permission
// name that narrowly misses a standard one (`Acount`, `ApiEnabeld`) is a manifest error with a
// suggestion. A name close to nothing we list may be real (orgs have objects we do not model): it passes.

import { standardSchema, SYSTEM_PERMISSIONS } from '../model/standard/index.js';
import { nearMiss } from '../util/edit-distance.js';

const OBJECTS = standardSchema();
const PERMISSIONS = SYSTEM_PERMISSIONS.map((p) => p.name);

/** Custom and namespaced names are the org's own: never checked against ours. */
function isOrgDefined(name: string): boolean {
  return name.includes('__');
}

/** The standard object `name` misspells, if any. */
export function misspeltObject(name: string): string | undefined {
  if (isOrgDefined(name) || OBJECTS.has(name)) return undefined;
  return nearMiss(name, OBJECTS.keys());
}

/** The standard `Object.Field` that `name` misspells, if any. */
export function misspeltField(name: string): string | undefined {
  const [object = '', field = ''] = name.split('.');
  const objectHint = misspeltObject(object);
  if (objectHint !== undefined) return `${objectHint}.${field}`;
  const def = OBJECTS.get(object);
  if (def === undefined || isOrgDefined(field)) return undefined;
  if (def.fields.some((f) => f.name === field)) return undefined;
  const hint = nearMiss(
    field,
    def.fields.map((f) => f.name),
  );
  return hint === undefined ? undefined : `${object}.${hint}`;
}

/** The system permission `name` misspells, if any. */
export function misspeltPermission(name: string): string | undefined {
  return PERMISSIONS.includes(name) ? undefined : nearMiss(name, PERMISSIONS);
}
