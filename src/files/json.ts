// JSON input files (sfdx-project.json, an org fixture's data/*.json and emulator.json): parsed with
// JSON.parse, and on failure located by a small non-recursive scanner so the error names the line.
// The error text never quotes the input (emulator.json holds consumer secrets).

import { lineAt } from './located-error.js';
import type { LocatedErrorDetails } from './located-error.js';

/** The error a caller raises for invalid JSON: its own kind (ProjectError, FixtureError). */
export type JsonErrorClass = new (
  code: 'JSON_INVALID',
  reason: string,
  details: LocatedErrorDetails,
) => Error;

/** The parsed value; invalid JSON throws `error` naming `file` and the line. */
export function parseJsonText(text: string, file: string, error: JsonErrorClass): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    const offset = jsonErrorOffset(text);
    const at =
      offset >= text.length
        ? 'unexpected end of input'
        : `unexpected character ${describeChar(text, offset)}`;
    throw new error('JSON_INVALID', `invalid JSON: ${at}`, {
      file,
      line: lineAt(text, offset),
    });
  }
}

function describeChar(text: string, offset: number): string {
  const code = text.charCodeAt(offset);
  return code >= 0x20 && code < 0x7f
    ? `'${text.charAt(offset)}'`
    : `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

type Expect = 'value' | 'valueOrEnd' | 'keyOrEnd' | 'key' | 'colon' | 'commaOrEnd';

const LITERAL = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;

/** Offset of the first syntax error (text.length for a premature end), or -1 when the text is valid. */
export function jsonErrorOffset(text: string): number {
  const n = text.length;
  const stack: string[] = [];
  let i = 0;
  const state: { expect: Expect } = { expect: 'value' };
  let done = false;

  const afterValue = (): void => {
    if (stack.length === 0) done = true;
    else state.expect = 'commaOrEnd';
  };
  // Returns -1 and moves past the closing quote, or the offset of the error.
  const string = (): number => {
    for (let j = i + 1; j < n; j++) {
      const c = text.charCodeAt(j);
      if (c === 34) {
        i = j + 1;
        return -1;
      }
      if (c < 0x20) return j;
      if (c === 92) {
        const e = text.charAt(j + 1);
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(j + 2, j + 6))) return j;
          j += 5;
        } else if ('"\\/bfnrt'.includes(e) && e !== '') j += 1;
        else return j;
      }
    }
    return n;
  };

  for (;;) {
    while (i < n && ' \t\n\r'.includes(text.charAt(i))) i++;
    if (i >= n) return done ? -1 : n;
    if (done) return i;
    const c = text.charAt(i);
    switch (state.expect) {
      case 'value':
      case 'valueOrEnd': {
        if (state.expect === 'valueOrEnd' && c === ']') {
          stack.pop();
          i++;
          afterValue();
        } else if (c === '{') {
          stack.push('{');
          i++;
          state.expect = 'keyOrEnd';
        } else if (c === '[') {
          stack.push('[');
          i++;
          state.expect = 'valueOrEnd';
        } else if (c === '"') {
          const error = string();
          if (error >= 0) return error;
          afterValue();
        } else {
          LITERAL.lastIndex = i;
          const match = LITERAL.exec(text);
          if (!match) return i;
          i += match[0].length;
          afterValue();
        }
        break;
      }
      case 'keyOrEnd':
      case 'key': {
        if (state.expect === 'keyOrEnd' && c === '}') {
          stack.pop();
          i++;
          afterValue();
        } else if (c === '"') {
          const error = string();
          if (error >= 0) return error;
          state.expect = 'colon';
        } else return i;
        break;
      }
      case 'colon': {
        if (c !== ':') return i;
        i++;
        state.expect = 'value';
        break;
      }
      case 'commaOrEnd': {
        const top = stack.at(-1);
        if (c === ',') {
          i++;
          state.expect = top === '{' ? 'key' : 'value';
        } else if ((c === '}' && top === '{') || (c === ']' && top === '[')) {
          stack.pop();
          i++;
          afterValue();
        } else return i;
        break;
      }
    }
  }
}

/** Best-effort line of `"key": "value"` (or just `"key"`) in a JSON text, for error messages. */
export function lineOfJsonKey(text: string, key: string, value?: string): number | undefined {
  const pattern =
    value === undefined
      ? `"${escapeRegExp(key)}"\\s*:`
      : `"${escapeRegExp(key)}"\\s*:\\s*"${escapeRegExp(JSON.stringify(value).slice(1, -1))}"`;
  const match = new RegExp(pattern).exec(text);
  return match ? lineAt(text, match.index) : undefined;
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Chunks of about this many characters: few writes, and never the whole text at once. */
const CHUNK_CHARS = 1 << 20;

/**
 * The text of `JSON.stringify(value, null, 2)`, in chunks of about a megabyte, so a large output (a
 * snapshot of an enterprise org, 70 MB) is written without its whole text, and the copies a write
 * makes of it, in memory at once. Objects and arrays are walked three levels deep; below that each
 * item is JSON.stringify's own text, re-indented (its line breaks are all structural: a string's
 * are escaped). `json.test.ts` checks the joined chunks against JSON.stringify.
 */
export function* prettyJsonChunks(value: unknown): Generator<string> {
  let buffer = '';
  for (const piece of pieces(value, '', 3)) {
    buffer += piece;
    if (buffer.length >= CHUNK_CHARS) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer !== '') yield buffer;
}

/** A value as JSON.stringify sees it: after its toJSON (a Date's text). */
function jsonOf(value: unknown): unknown {
  return value !== null &&
    typeof value === 'object' &&
    typeof (value as { toJSON?: unknown }).toJSON === 'function'
    ? (value as { toJSON: () => unknown }).toJSON()
    : value;
}

/** What JSON.stringify leaves out of an object (and writes as null in an array). */
function omitted(json: unknown): boolean {
  return json === undefined || typeof json === 'function' || typeof json === 'symbol';
}

function* pieces(value: unknown, indent: string, depth: number): Generator<string> {
  const json = jsonOf(value);
  if (depth === 0 || json === null || typeof json !== 'object') {
    yield (JSON.stringify(json, null, 2) ?? 'null').replaceAll('\n', `\n${indent}`);
    return;
  }
  const inner = `${indent}  `;
  const entries: [string | undefined, unknown][] = Array.isArray(json)
    ? json.map((item: unknown) => [undefined, item])
    : Object.entries(json).filter(([, item]) => !omitted(jsonOf(item)));
  if (entries.length === 0) {
    yield Array.isArray(json) ? '[]' : '{}';
    return;
  }
  yield Array.isArray(json) ? '[\n' : '{\n';
  for (const [index, [key, item]] of entries.entries()) {
    yield index === 0 ? inner : `,\n${inner}`;
    if (key !== undefined) yield `${JSON.stringify(key)}: `;
    yield* pieces(item, inner, depth - 1);
  }
  yield `\n${indent}${Array.isArray(json) ? ']' : '}'}`;
}
