// Read-only sharing instead of copies (docs/adr/0023-shared-access-and-summarised-evidence.md): the
// snapshot, the manifest, each run-as user's resolved access and each finding's evidence are frozen
// in place, once, and then shared by every rule and every finding. A rule that writes to any of
// them throws (the engine reports it as a rule error) instead of changing what the next rule sees.

const refuse = (): never => {
  throw new TypeError('read-only: this map is shared by every rule and cannot be changed');
};

/**
 * Freezes `value` and everything reachable from it, in place, and returns it. Maps and Sets, which
 * Object.freeze does not stop from changing, lose their set/add/delete/clear. An object already
 * frozen is taken as frozen throughout (its contents were frozen with it).
 */
export function readOnly<T>(value: T): T {
  // A stack, not recursion: a million-row list is wide, not deep, but a stack never overflows.
  const pending: object[] = [];
  const add = (inner: unknown): void => {
    if (typeof inner === 'object' && inner !== null && !Object.isFrozen(inner)) pending.push(inner);
  };
  add(value);
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (Object.isFrozen(next)) continue;
    if (next instanceof Map) {
      for (const method of ['set', 'delete', 'clear'])
        Object.defineProperty(next, method, { value: refuse });
      for (const [key, inner] of next as Map<unknown, unknown>) {
        add(key);
        add(inner);
      }
    } else if (next instanceof Set) {
      for (const method of ['add', 'delete', 'clear'])
        Object.defineProperty(next, method, { value: refuse });
      for (const inner of next as Set<unknown>) add(inner);
    } else if (Array.isArray(next)) {
      for (const inner of next as unknown[]) add(inner);
    } else {
      for (const key of Object.keys(next)) add((next as Record<string, unknown>)[key]);
    }
    Object.freeze(next);
  }
  return value;
}
