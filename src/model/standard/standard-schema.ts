import type { ObjectDef, SObjectSchema } from '../schema.js';
import { CRUD_OBJECTS } from './objects-crud.js';
import { SETUP_OBJECTS } from './objects-setup.js';

/**
 * The standard objects and fields, keyed by API name. A fresh deep copy on every call, so a
 * fixture loader may add its custom fields and objects without touching the shared data.
 */
export function standardSchema(): Map<string, ObjectDef> {
  const schema = new Map<string, ObjectDef>();
  for (const def of [...CRUD_OBJECTS, ...SETUP_OBJECTS]) schema.set(def.name, structuredClone(def));
  return schema;
}

/** API names of the objects whose access is governed by object permissions, sorted. */
export function objectApiNamesWithCrud(schema: SObjectSchema): string[] {
  return [...schema.values()]
    .filter((def) => def.access === 'crud')
    .map((def) => def.name)
    .sort();
}
