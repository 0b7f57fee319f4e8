// Validates a report document twice: with the zod schema (the source of truth, refinements included)
// and with the published docs/schemas/report.schema.json, through a tiny validator for exactly the
// JSON Schema keywords zod emits. An unknown keyword throws, so the subset can never pass silently.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { type AuditReport, AuditReportSchema } from '../../src/model/finding.js';

export const REPORT_SCHEMA_PATH = join(
  import.meta.dirname,
  '../../docs/schemas/report.schema.json',
);

export type JsonSchema = Record<string, unknown> | boolean;

export function loadReportJsonSchema(): JsonSchema {
  return JSON.parse(readFileSync(REPORT_SCHEMA_PATH, 'utf8')) as JsonSchema;
}

/** `path: message` lines from zod; empty when the document is a valid report. */
export function zodReportIssues(doc: unknown): string[] {
  const result = AuditReportSchema.safeParse(doc);
  if (result.success) return [];
  return result.error.issues.map(
    (issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`,
  );
}

/** Issues from both validators; empty when both accept the document. */
export function validateReport(doc: unknown): string[] {
  const published = validateJsonSchema(loadReportJsonSchema(), doc).map((i) => `schema ${i}`);
  return [...zodReportIssues(doc).map((i) => `zod ${i}`), ...published];
}

/** Parses a valid report or throws with every issue listed. */
export function assertValidReport(doc: unknown): AuditReport {
  const issues = validateReport(doc);
  if (issues.length > 0) throw new Error(`invalid report:\n${issues.join('\n')}`);
  return AuditReportSchema.parse(doc);
}

// Annotations: no effect on validity. `format` is an annotation by default in draft 2020-12.
const ANNOTATIONS = new Set(['$schema', '$id', 'title', 'description', 'format']);

/** Validates `value` against the JSON Schema subset zod emits; returns `path: message` lines. */
export function validateJsonSchema(schema: JsonSchema, value: unknown, path = '(root)'): string[] {
  if (schema === true) return [];
  if (schema === false) return [`${path}: no value allowed`];
  const issues: string[] = [];
  for (const [keyword, arg] of Object.entries(schema)) {
    if (ANNOTATIONS.has(keyword)) continue;
    const check = KEYWORDS[keyword];
    if (check === undefined)
      throw new Error(`validate-report: unsupported keyword ${keyword} at ${path}`);
    issues.push(...check(arg, value, path, schema));
  }
  return issues;
}

type Check = (
  arg: unknown,
  value: unknown,
  path: string,
  schema: Record<string, unknown>,
) => string[];

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

const KEYWORDS: Record<string, Check> = {
  type: (arg, value, path) => {
    const allowed = Array.isArray(arg) ? (arg as string[]) : [arg as string];
    const actual = typeOf(value);
    const ok = allowed.includes(actual) || (actual === 'integer' && allowed.includes('number'));
    return ok ? [] : [`${path}: expected ${allowed.join('|')}, got ${actual}`];
  },
  const: (arg, value, path) =>
    JSON.stringify(arg) === JSON.stringify(value)
      ? []
      : [`${path}: must be ${JSON.stringify(arg)}`],
  enum: (arg, value, path) =>
    (arg as unknown[]).some((v) => JSON.stringify(v) === JSON.stringify(value))
      ? []
      : [`${path}: not one of ${JSON.stringify(arg)}`],
  pattern: (arg, value, path) =>
    typeof value !== 'string' || new RegExp(arg as string, 'u').test(value)
      ? []
      : [`${path}: does not match ${String(arg)}`],
  minLength: (arg, value, path) =>
    typeof value !== 'string' || Array.from(value).length >= (arg as number)
      ? []
      : [`${path}: too short`],
  minimum: (arg, value, path) =>
    typeof value !== 'number' || value >= (arg as number) ? [] : [`${path}: below ${String(arg)}`],
  maximum: (arg, value, path) =>
    typeof value !== 'number' || value <= (arg as number) ? [] : [`${path}: above ${String(arg)}`],
  anyOf: (arg, value, path) =>
    (arg as JsonSchema[]).some((s) => validateJsonSchema(s, value, path).length === 0)
      ? []
      : [`${path}: matches none of anyOf`],
  items: (arg, value, path) =>
    Array.isArray(value)
      ? value.flatMap((item, i) =>
          validateJsonSchema(arg as JsonSchema, item, `${path}.${String(i)}`),
        )
      : [],
  required: (arg, value, path) =>
    isObject(value)
      ? (arg as string[])
          .filter((k) => !Object.hasOwn(value, k))
          .map((k) => `${path}: missing ${k}`)
      : [],
  properties: (arg, value, path) => {
    if (!isObject(value)) return [];
    const props = arg as Record<string, JsonSchema>;
    return Object.entries(props).flatMap(([key, sub]) =>
      Object.hasOwn(value, key) ? validateJsonSchema(sub, value[key], `${path}.${key}`) : [],
    );
  },
  propertyNames: (arg, value, path) =>
    isObject(value)
      ? Object.keys(value).flatMap((key) =>
          validateJsonSchema(arg as JsonSchema, key, `${path}[${key}]`),
        )
      : [],
  additionalProperties: (arg, value, path, schema) => {
    if (!isObject(value)) return [];
    const declared = isObject(schema.properties) ? schema.properties : {};
    return Object.keys(value)
      .filter((key) => !Object.hasOwn(declared, key))
      .flatMap((key) =>
        arg === false
          ? [`${path}: unknown key ${key}`]
          : validateJsonSchema(arg as JsonSchema, value[key], `${path}.${key}`),
      );
  },
};
