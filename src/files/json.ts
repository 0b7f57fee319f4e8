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
