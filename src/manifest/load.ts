// Loads the integration manifest: bounded read, YAML with positions (no alias bombs, no YAML 1.1
// surprises), then the zod schema. Every problem becomes one `file:line: path: message` line of a
// ManifestError, the line found by walking the YAML document along the zod issue's path.

import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Document, Node as YamlNode } from 'yaml';
import { z } from 'zod';

import { FileError, INPUT_CAPS, readRegularFile } from '../files/index.js';
import { ManifestError, formatIssue } from './errors.js';
import type { ManifestIssue } from './errors.js';
import { ManifestSchema } from './schema.js';
import type { Manifest } from './schema.js';

/** Where the CLI looks when `--manifest` is not given (in the working directory). */
export const DEFAULT_MANIFEST = 'runas-guard.yaml';

/** A manifest is a few kilobytes; anything near this is a mistake or an attack. */
export const MAX_MANIFEST_BYTES = INPUT_CAPS.manifest;

/** Alias expansions allowed while building the value (yaml's guard against "billion laughs"). */
export const MAX_ALIAS_COUNT = 100;

/** Problems listed in one error; the rest are counted. */
export const MAX_ISSUES = 20;

export interface LoadedManifest {
  /** The file as the caller named it. */
  file: string;
  manifest: Manifest;
  /** Not errors, but worth saying: duplicate integration names or apps, with `file:line`. */
  warnings: string[];
}

/** Reads and validates a manifest file. @throws ManifestError (code CONFIG_INVALID). */
export async function loadManifest(file: string): Promise<LoadedManifest> {
  let bytes: Buffer;
  try {
    // A regular file only, within the cap, opened without blocking (a FIFO or /dev/zero is refused).
    bytes = await readRegularFile(file, { maxBytes: MAX_MANIFEST_BYTES });
  } catch (error) {
    if (!(error instanceof FileError)) throw error;
    if (error.code === 'FILE_TOO_LARGE') throw tooLarge(file, error.size ?? 0);
    const message =
      error.code === 'FILE_NOT_REGULAR'
        ? error.reason
        : `cannot read the manifest (${error.errno ?? error.reason})`;
    throw new ManifestError([{ file, path: '', message }], { cause: error });
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    throw new ManifestError([{ file, path: '', message: 'is not UTF-8 text' }], { cause: error });
  }
  return parseManifest(text, file);
}

/** Validates manifest text; `fileName` is used in messages only. @throws ManifestError. */
export function parseManifest(text: string, fileName: string): LoadedManifest {
  const file = fileName;
  const size = Buffer.byteLength(text, 'utf8');
  if (size > MAX_MANIFEST_BYTES) throw tooLarge(file, size);

  const lineCounter = new LineCounter();
  let doc: Document.Parsed;
  let value: unknown;
  try {
    doc = parseDocument(text.replace(/^\uFEFF/, ''), {
      lineCounter,
      // YAML 1.2 core schema even under a `%YAML 1.1` directive: `yes` stays a string and
      // `2027-01-31` stays a date string, as the schema expects.
      version: '1.2',
      schema: 'core',
      merge: false,
      uniqueKeys: true,
      prettyErrors: true,
      // Problems are reported through the error, never printed by the library ('silent' would
      // also drop the error for a second document).
      logLevel: 'error',
    });
    const syntax = [...doc.errors, ...doc.warnings].map((e): ManifestIssue => ({
      file,
      line: e.linePos?.[0].line,
      path: '',
      message: `malformed YAML: ${firstLine(e.message)}`,
    }));
    if (syntax.length > 0) throw new ManifestError(capped(syntax));
    value = toValue(doc, lineCounter, file);
  } catch (error) {
    if (error instanceof ManifestError) throw error;
    // The parser and composer recurse: absurd nesting exhausts the stack. Say so, do not crash.
    if (error instanceof RangeError)
      throw new ManifestError([{ file, path: '', message: 'is nested too deeply' }], {
        cause: error,
      });
    throw error;
  }

  if (value === null || value === undefined)
    throw new ManifestError([
      {
        file,
        line: 1,
        path: '',
        message: 'is empty: expected a mapping with integrations, waivers and/or settings',
      },
    ]);

  // zod drops a `__proto__` key of a record without a word; the YAML had it, so say so.
  const prototypeKeys = pathsOfKey(value, '__proto__').map((path) => ({
    file,
    line: lineAt(doc, path, lineCounter, true),
    path: formatPath(path),
    message: 'unknown key "__proto__"',
  }));
  if (prototypeKeys.length > 0) throw new ManifestError(capped(prototypeKeys));

  const parsed = ManifestSchema.safeParse(value, { reportInput: true, error: defaultMessage });
  if (!parsed.success) {
    const issues = parsed.error.issues.flatMap((issue) => explain(issue, doc, lineCounter, file));
    throw new ManifestError(capped(issues));
  }
  return { file, manifest: parsed.data, warnings: duplicates(parsed.data, doc, lineCounter, file) };
}

function tooLarge(file: string, size: number): ManifestError {
  const limit = `${MAX_MANIFEST_BYTES / 1024 / 1024} MB`;
  const actual = size > MAX_MANIFEST_BYTES + 1 ? ` (${size} bytes)` : '';
  return new ManifestError([{ file, path: '', message: `is larger than ${limit}${actual}` }]);
}

function firstLine(message: string): string {
  if (message.includes('Maximum call stack')) return 'nested too deeply';
  return (message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '').trim();
}

function toValue(doc: Document.Parsed, lineCounter: LineCounter, file: string): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    // yaml counts alias expansions and gives up past the limit: an entity-expansion attack.
    let line: number | undefined;
    findNode(doc.contents, (node) => {
      if (!isAlias(node)) return false;
      line = lineOf(node, lineCounter);
      return true;
    });
    throw new ManifestError(
      [
        {
          file,
          line,
          path: '',
          message: `YAML aliases expand to more than ${MAX_ALIAS_COUNT} copies; write the values out`,
        },
      ],
      { cause: error },
    );
  }
}

// ---------------------------------------------------------------------------------------------
// zod issues as messages

const EXPECTED: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
  record: 'a mapping',
};

/** Default wording for issues whose schema does not give its own. */
function defaultMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'array') return `must list at least ${String(issue.minimum)}`;
      if (issue.origin === 'string') return 'must not be empty';
      return `must be at least ${String(issue.minimum)}`;
    case 'too_big':
      return `must be at most ${String(issue.maximum)}`;
    case 'invalid_format':
      return `is not a valid ${issue.format}`;
    default:
      return undefined;
  }
}

type Path = readonly PropertyKey[];

function explain(
  issue: z.core.$ZodIssue,
  doc: Document.Parsed,
  lineCounter: LineCounter,
  file: string,
): ManifestIssue[] {
  const at = (path: Path, message: string, key = false): ManifestIssue => ({
    file,
    line: lineAt(doc, path, lineCounter, key),
    path: formatPath(path),
    message: path.length === 0 ? `the manifest ${message}` : message,
  });
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownKeys(issue.path);
      return issue.keys.map((key) => at([...issue.path, key], unknownKey(key, known), true));
    }
    case 'invalid_type':
      if (issue.input === undefined) return [at(issue.path, 'is required')];
      // `reason:` with nothing after it is null in YAML.
      if (issue.input === null && issue.expected === 'string')
        return [at(issue.path, 'must not be empty')];
      return [
        at(
          issue.path,
          `must be ${EXPECTED[issue.expected] ?? issue.expected}, not ${describeValue(issue.input)}`,
        ),
      ];
    case 'invalid_value':
      return [
        at(
          issue.path,
          `must be one of ${issue.values.map(String).join(', ')}, not ${describeValue(issue.input)}`,
        ),
      ];
    case 'invalid_key':
      return [at(issue.path, `invalid key: ${issue.issues[0]?.message ?? issue.message}`, true)];
    default:
      return [at(issue.path, issue.message)];
  }
}

function describeValue(value: unknown): string {
  if (value === null) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') {
    const shown = value.length > 40 ? `${value.slice(0, 40)}...` : value;
    return JSON.stringify(shown);
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  return typeof value;
}

function unknownKey(key: string, known: readonly string[]): string {
  const close = known.find((k) => k.toLowerCase() === key.toLowerCase() || distance(k, key) <= 2);
  if (close !== undefined) return `unknown key "${key}" (did you mean "${close}"?)`;
  return known.length === 0
    ? `unknown key "${key}"`
    : `unknown key "${key}" (expected ${known.join(', ')})`;
}

/** The keys the schema allows at a path, for "did you mean". */
function knownKeys(path: Path): string[] {
  let schema: z.ZodType | undefined = ManifestSchema;
  for (const segment of path) {
    schema = unwrap(schema);
    if (schema instanceof z.ZodObject)
      schema = (schema.shape as Record<string, z.ZodType | undefined>)[String(segment)];
    else if (schema instanceof z.ZodArray) schema = schema.element as z.ZodType;
    else if (schema instanceof z.ZodRecord) schema = schema.valueType as z.ZodType;
    else return [];
  }
  schema = unwrap(schema);
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

function unwrap(schema: z.ZodType | undefined): z.ZodType | undefined {
  let current = schema;
  while (current instanceof z.ZodExactOptional || current instanceof z.ZodOptional)
    current = current.unwrap() as z.ZodType;
  return current;
}

/** Levenshtein distance, for short keys only. */
function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2 || a.length > 64 || b.length > 64) return 3;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1]?.toLowerCase() === b[j - 1]?.toLowerCase() ? 0 : 1;
      current[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** `integrations[2].needs.fields["Account.Name"][0]`: plain keys dotted, others quoted. */
export function formatPath(path: Path): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else {
      const key = String(segment);
      out += /^[A-Za-z_$][\w$]*$/.test(key)
        ? `${out === '' ? '' : '.'}${key}`
        : `[${JSON.stringify(key)}]`;
    }
  }
  return out;
}

/** At most MAX_ISSUES distinct issues in file order: a broken file must not flood the terminal. */
function capped(issues: readonly ManifestIssue[]): ManifestIssue[] {
  const seen = new Set<string>();
  const distinct = issues.filter((issue) => {
    const text = formatIssue(issue);
    if (seen.has(text)) return false;
    seen.add(text);
    return true;
  });
  // Stable: issues on one line keep the schema's order.
  const sorted = [...distinct].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  const shown = sorted.slice(0, MAX_ISSUES);
  const [first] = sorted;
  if (sorted.length > MAX_ISSUES && first !== undefined)
    shown.push({
      file: first.file,
      path: '',
      message: `and ${sorted.length - MAX_ISSUES} more problems`,
    });
  return shown;
}

// ---------------------------------------------------------------------------------------------
// YAML positions

function lineOf(node: YamlNode | null | undefined, lineCounter: LineCounter): number | undefined {
  const offset = node?.range?.[0];
  return offset === undefined ? undefined : lineCounter.linePos(offset).line;
}

/**
 * The line of the value at `path` (of its key with `key`), or of the nearest ancestor that
 * exists: a missing key is reported where its mapping starts.
 */
function lineAt(
  doc: Document.Parsed,
  path: Path,
  lineCounter: LineCounter,
  key: boolean,
): number | undefined {
  let node: unknown = doc.contents;
  let line = lineOf(doc.contents, lineCounter) ?? 1;
  for (const [index, segment] of path.entries()) {
    if (isAlias(node)) node = node.resolve(doc);
    let next: unknown;
    let keyNode: unknown;
    if (isMap(node)) {
      const pair = node.items.find(
        (p) => isPair(p) && String(isScalar(p.key) ? p.key.value : p.key) === String(segment),
      );
      next = pair?.value;
      keyNode = pair?.key;
    } else if (isSeq(node) && typeof segment === 'number') {
      next = node.items[segment];
    }
    const last = index === path.length - 1;
    const target = last && key && keyNode !== undefined ? keyNode : next;
    const targetLine = lineOf(target as YamlNode | undefined, lineCounter);
    // `reason:` with nothing after it has a null value with no range: use its key.
    const found = targetLine ?? lineOf(keyNode as YamlNode | undefined, lineCounter);
    if (found === undefined) return line;
    line = found;
    node = next;
  }
  return line;
}

/** Paths of every own property named `key`, iteratively (the value may be deep). */
function pathsOfKey(value: unknown, key: string): PropertyKey[][] {
  const found: PropertyKey[][] = [];
  const stack: [unknown, PropertyKey[]][] = [[value, []]];
  while (stack.length > 0) {
    const [current, path] = stack.pop() ?? [undefined, []];
    if (current === null || typeof current !== 'object') continue;
    if (Array.isArray(current)) {
      current.forEach((item: unknown, index) => stack.push([item, [...path, index]]));
      continue;
    }
    for (const [name, inner] of Object.entries(current)) {
      if (name === key) found.push([...path, name]);
      else stack.push([inner, [...path, name]]);
    }
  }
  return found;
}

function findNode(root: unknown, test: (node: unknown) => boolean): boolean {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (test(node)) return true;
    if (isMap(node) || isSeq(node)) {
      for (const item of [...(node.items as unknown[])].reverse()) stack.push(item);
    } else if (isPair(node)) stack.push(node.value, node.key);
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Warnings

/** Duplicate names and apps are allowed (a report still runs) but almost always a mistake. */
function duplicates(
  manifest: Manifest,
  doc: Document.Parsed,
  lineCounter: LineCounter,
  file: string,
): string[] {
  const warnings: string[] = [];
  const check = (field: 'name' | 'app', normalize: (value: string) => string) => {
    const first = new Map<string, number>();
    (manifest.integrations ?? []).forEach((integration, index) => {
      const value = normalize(integration[field]);
      const earlier = first.get(value);
      if (earlier === undefined) {
        first.set(value, index);
        return;
      }
      const path = ['integrations', index, field];
      const issue: ManifestIssue = {
        file,
        line: lineAt(doc, path, lineCounter, false),
        path: formatPath(path),
        message: `${field} "${integration[field]}" is also integrations[${earlier}].${field}`,
      };
      warnings.push(formatIssue(issue));
    });
  };
  check('name', (name) => name.trim());
  // Developer names are unique in an org regardless of case.
  check('app', (app) => app.toLowerCase());
  return warnings;
}
