// Lenient readers for what the org sends: jsforce passes metadata fields its 2022 schema does not
// know through as raw strings ("true"), a repeated element is an array only when it occurs twice,
// and a hostile or broken answer may hold anything. These never throw: unknown shapes read as absent.

import { timeoutMinutesOf } from '../../model/policy/vocabulary.js';

export type Raw = Record<string, unknown>;

export function isRecord(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `true`, `"true"` (any case, trimmed) → true; everything else → the fallback when absent, else false. */
export function bool(value: unknown, fallback = false): boolean {
  if (value === undefined || value === null || value === '') return fallback;
  if (typeof value === 'boolean') return value;
  return typeof value === 'string' && value.trim().toLowerCase() === 'true';
}

/** A trimmed, non-empty string (numbers are accepted as text); anything else is absent. */
export function text(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** One value or an array of values, as an array. */
export function many(value: unknown): unknown[] {
  if (value === undefined || value === null || value === '') return [];
  return Array.isArray(value) ? value : [value];
}

/** Repeated text elements (`<scopes>Api</scopes>`), single or not. */
export function list(value: unknown): string[] {
  return many(value)
    .map(text)
    .filter((v): v is string => v !== undefined);
}

/** Repeated element objects, single or not; non-objects are skipped. */
export function entries(value: unknown): Raw[] {
  return many(value).filter(isRecord);
}

/** An integer within bounds, from a number or its text; anything else is absent. */
export function int(value: unknown, min: number, max: number): number | undefined {
  const t = text(value);
  if (t === undefined || !/^-?\d{1,9}$/.test(t)) return undefined;
  const n = Number(t);
  return n >= min && n <= max ? n : undefined;
}

/** `Api, Web,RefreshToken` → ['Api', 'Web', 'RefreshToken']. */
export function csv(value: unknown): string[] {
  return (text(value) ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** A Salesforce datetime (`2026-11-25T11:58:41.000+0000`) as ISO-8601 UTC; unparseable → absent. */
export function isoDateTime(value: unknown): string | undefined {
  const t = text(value);
  if (t === undefined) return undefined;
  const normalized = t.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = Date.parse(normalized);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/**
 * Session timeout in minutes from `120` or an enum word (`TwoHours`, `FifteenMinutes`), read by the
 * metadata vocabulary (src/model/policy/vocabulary.ts); unknown words are absent.
 */
export function timeoutMinutes(value: unknown): number | undefined {
  return timeoutMinutesOf(text(value));
}

/** Drops undefined properties, so optional fields stay absent (exactOptionalPropertyTypes). */
export function compact<T extends object>(value: { [K in keyof T]-?: T[K] | undefined }): T {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) if (v !== undefined) out[key] = v;
  return out as T;
}

/** The 15-character key of an Id, for comparing 15- and 18-character forms. */
export function idKey(id: string): string {
  return id.slice(0, 15);
}
