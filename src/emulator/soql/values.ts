// Values: how stored row values compare in WHERE and ORDER BY, how literals are read, and how values
// are written out in Salesforce's formats.

import type { FieldDef, FieldType } from '../../model/schema.js';
import { formatDateTime, isDateString, parseDateTime } from './dates.js';

/** How a field type compares. Ids compare on their first 15 characters, case-sensitively. */
export type Category = 'string' | 'id' | 'boolean' | 'number' | 'date' | 'datetime' | 'other';

export function categoryOf(type: FieldType): Category {
  switch (type) {
    case 'id':
    case 'reference':
      return 'id';
    case 'boolean':
      return 'boolean';
    case 'int':
    case 'double':
    case 'currency':
    case 'percent':
      return 'number';
    case 'date':
      return 'date';
    case 'datetime':
      return 'datetime';
    case 'anyType':
    case 'json':
      return 'other';
    default:
      return 'string';
  }
}

/** A value ready to compare: null means "no value" (Salesforce stores empty text as null). */
export type Comparable = string | number | boolean | null;

/** Text of a stored value without Object's `[object Object]` stringification. */
export function asText(raw: unknown): string {
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number' || typeof raw === 'boolean' || typeof raw === 'bigint')
    return String(raw);
  return JSON.stringify(raw) ?? '';
}

export function idKey(id: string): string {
  return id.length === 18 ? id.slice(0, 15) : id;
}

export function toComparable(category: Category, raw: unknown): Comparable {
  if (category === 'boolean') {
    return raw === true || (typeof raw === 'string' && raw.toLowerCase() === 'true');
  }
  if (raw === null || raw === undefined || raw === '') return null;
  switch (category) {
    case 'id':
      return idKey(asText(raw));
    case 'number': {
      const n = typeof raw === 'number' ? raw : Number(raw);
      return Number.isFinite(n) ? n : null;
    }
    case 'date':
      return asText(raw).slice(0, 10);
    case 'datetime':
      return typeof raw === 'number' ? raw : (parseDateTime(asText(raw)) ?? null);
    case 'other':
      return typeof raw === 'object' ? JSON.stringify(raw) : asText(raw);
    default:
      return asText(raw);
  }
}

/**
 * A value's key for ORDER BY, MIN and MAX. A picklist with a defined value set sorts in the set's
 * order, not alphabetically (DOC: SOQL ORDER BY and aggregate functions, docs/emulator.md "SOQL"). A
 * value outside the set sorts after all of the set (OBS: inactive values are appended to the list),
 * and among such values alphabetically (UNCONFIRMED). The key is the zero-padded rank, then the
 * text for values outside the set, so it compares as text.
 */
export function sortKey(field: FieldDef, raw: unknown): [Category, Comparable] {
  const category = categoryOf(field.type);
  const value = toComparable(category, raw);
  const set = field.type === 'picklist' ? field.picklistValues : undefined;
  if (value === null || set === undefined || set.length === 0) return [category, value];
  const text = String(value).toLowerCase();
  const index = set.findIndex((v) => v.toLowerCase() === text);
  const rank = String(index < 0 ? set.length : index).padStart(String(set.length).length, '0');
  return ['string', index < 0 ? `${rank}\u0000${text}` : rank];
}

/** Order of two non-null values of one category. Text is case-insensitive (DOC: "Sorting is case insensitive"). */
export function compareValues(category: Category, a: Comparable, b: Comparable): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  let x = String(a);
  let y = String(b);
  if (category === 'string' || category === 'other') {
    x = x.toLowerCase();
    y = y.toLowerCase();
  }
  return x === y ? 0 : x < y ? -1 : 1;
}

export function equalValues(category: Category, a: Comparable, b: Comparable): boolean {
  if (a === null || b === null) return a === b;
  if (category === 'string' || category === 'other') {
    return String(a).toLowerCase() === String(b).toLowerCase();
  }
  return compareValues(category, a, b) === 0;
}

/** A key for set membership consistent with equalValues; no text's key is null's. */
export function membershipKey(category: Category, value: Comparable): string {
  if (value === null) return '\u0000null';
  if (category === 'string' || category === 'other') return `s:${String(value).toLowerCase()}`;
  return `${typeof value}:${String(value)}`;
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };

/** A quoted SOQL string literal's text, escapes resolved (`\'`, `\\`, `\n`, ...). */
export function unquote(literal: string): string {
  const body = literal.startsWith("'") && literal.endsWith("'") ? literal.slice(1, -1) : literal;
  return body.replace(/\\([\s\S])/g, (_, c: string) => ESCAPES[c] ?? c);
}

type PatternItem = { any: 'one' | 'many' } | { char: string };

/** A LIKE pattern: `%` any run, `_` one character; `\%` and `\_` are literal. Case-insensitive. */
export function likePattern(literal: string): PatternItem[] {
  const body = literal.startsWith("'") && literal.endsWith("'") ? literal.slice(1, -1) : literal;
  const items: PatternItem[] = [];
  for (let i = 0; i < body.length; i++) {
    const c = body.charAt(i);
    if (c === '\\' && i + 1 < body.length) {
      const next = body.charAt(++i);
      items.push({ char: (ESCAPES[next] ?? next).toLowerCase() });
    } else if (c === '%') items.push({ any: 'many' });
    else if (c === '_') items.push({ any: 'one' });
    else items.push({ char: c.toLowerCase() });
  }
  return items;
}

/** Wildcard match in O(text × pattern) at worst: no regular expression, so no catastrophic backtracking. */
export function likeMatch(pattern: readonly PatternItem[], value: string): boolean {
  const text = value.toLowerCase();
  let i = 0;
  let j = 0;
  let star = -1;
  let mark = 0;
  while (i < text.length) {
    const item = pattern[j];
    if (item && ('char' in item ? item.char === text.charAt(i) : item.any === 'one')) {
      i++;
      j++;
    } else if (item && 'any' in item && item.any === 'many') {
      star = j++;
      mark = i;
    } else if (star >= 0) {
      j = star + 1;
      i = ++mark;
    } else return false;
  }
  while (j < pattern.length) {
    const item = pattern[j];
    if (!item || !('any' in item) || item.any !== 'many') break;
    j++;
  }
  return j === pattern.length;
}

/** A stored value as Salesforce writes it in a query response. */
export function outputValue(type: FieldType, raw: unknown): unknown {
  if (raw === undefined || raw === null) return type === 'boolean' ? false : null;
  switch (type) {
    case 'datetime': {
      const ms = typeof raw === 'number' ? raw : parseDateTime(asText(raw));
      return ms === undefined ? raw : formatDateTime(ms);
    }
    case 'date': {
      const text = asText(raw).slice(0, 10);
      return isDateString(text) ? text : raw;
    }
    case 'boolean':
      return raw === true || (typeof raw === 'string' && raw.toLowerCase() === 'true');
    case 'int':
    case 'double':
    case 'currency':
    case 'percent': {
      const n = typeof raw === 'number' ? raw : Number(raw);
      return raw === '' ? null : Number.isFinite(n) ? n : raw;
    }
    case 'json':
    case 'anyType':
      return raw;
    default:
      return raw === '' ? null : raw;
  }
}
