// Value indexes over the emulator's tables: a lookup by Id or foreign key costs the rows it returns,
// not a scan of the table (docs/performance.md, "Emulator").
//
// An index belongs to one rows array (a WeakMap, so a filtered view or a test's table gets its own
// and a dropped one is collected) and to one key function, and maps a key to the ascending
// positions of the rows holding it, so candidates keep the table's order. Rows appended to the array
// (LoginHistory of each grant) are indexed on the next use; a shorter array is re-indexed. A row
// changed in place, or an array rewritten at the same length, is not noticed: whoever does that
// calls invalidateIndexes.

import type { SObjectRow } from '../../model/org.js';
import { membershipKey, toComparable, type Category } from './values.js';

/** Counters of one query, for tests: rows tested against WHERE, rows added to an index. */
export interface ExecutionStats {
  rowsExamined: number;
  rowsIndexed: number;
}

interface Built {
  indexed: number;
  buckets: Map<string, number[]>;
}

const indexes = new WeakMap<readonly SObjectRow[], Map<string, Built>>();

/** A row's field by API name; rows are expected in canonical casing, other casings are tolerated. */
export function readField(row: SObjectRow, name: string): unknown {
  if (Object.hasOwn(row, name)) return row[name];
  const lower = name.toLowerCase();
  const key = Object.keys(row).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : row[key];
}

/**
 * The index of `rows` by `keyOf(row)`, cached under `name` (one name, one key function). Brings
 * rows appended since the last use into it.
 */
export function indexOf(
  rows: readonly SObjectRow[],
  name: string,
  keyOf: (row: SObjectRow) => string,
  stats?: ExecutionStats,
): ReadonlyMap<string, readonly number[]> {
  let byName = indexes.get(rows);
  if (byName === undefined) indexes.set(rows, (byName = new Map<string, Built>()));
  let built = byName.get(name);
  if (built === undefined || built.indexed > rows.length) {
    built = { indexed: 0, buckets: new Map() };
    byName.set(name, built);
  }
  for (let i = built.indexed; i < rows.length; i++) {
    const row = rows[i];
    if (row === undefined) continue;
    const key = keyOf(row);
    const bucket = built.buckets.get(key);
    if (bucket) bucket.push(i);
    else built.buckets.set(key, [i]);
  }
  if (stats) stats.rowsIndexed += rows.length - built.indexed;
  built.indexed = rows.length;
  return built.buckets;
}

/** Drops every index of `rows` (after a row of it changed in place). */
export function invalidateIndexes(rows: readonly SObjectRow[]): void {
  indexes.delete(rows);
}

/** The key SOQL's equality on an Id or reference field compares: membershipKey of the 15-character Id. */
export function soqlKey(category: Category, raw: unknown): string {
  return membershipKey(category, toComparable(category, raw));
}

/** SOQL's index of a field of category `id` (Id and lookups), keyed as soqlKey. */
export function idFieldIndex(
  rows: readonly SObjectRow[],
  field: string,
  stats?: ExecutionStats,
): ReadonlyMap<string, readonly number[]> {
  return indexOf(rows, `soql:id:${field}`, (row) => soqlKey('id', readField(row, field)), stats);
}

/** Positions of the rows under any of `keys`, ascending (distinct keys hold disjoint positions). */
export function gather(
  index: ReadonlyMap<string, readonly number[]>,
  keys: Iterable<string>,
): number[] {
  const found: (readonly number[])[] = [];
  for (const key of new Set(keys)) {
    const bucket = index.get(key);
    if (bucket !== undefined && bucket.length > 0) found.push(bucket);
  }
  if (found.length === 1) return [...(found[0] ?? [])];
  return found.flat().sort((a, b) => a - b);
}

/** How many rows `gather` would return, without gathering them. */
export function gatherSize(
  index: ReadonlyMap<string, readonly number[]>,
  keys: Iterable<string>,
): number {
  let size = 0;
  for (const key of new Set(keys)) size += index.get(key)?.length ?? 0;
  return size;
}
