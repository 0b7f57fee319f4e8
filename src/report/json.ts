// `--format json`: the report itself, byte-stable (schema key order, sorted maps, 2-space indent).
// As JSON.stringify(report, null, 2) writes it, except that a short array of strings, numbers,
// booleans or nulls stays on one line (`"Account": ["read", "edit"]`): an enterprise org's report
// has tens of thousands of such arrays, and one line each keeps it readable and a fifth smaller.

import { type AuditReport, canonicalizeReport } from '../model/finding.js';

/** Longest array written on one line, brackets included. */
const INLINE = 80;

/** One JSON scalar as JSON.stringify writes it (a string never holds a raw newline). */
const SCALAR = String.raw`(?:"(?:[^"\\\n]|\\.)*"|-?[0-9][0-9.eE+-]*|true|false|null)`;
/** An array of scalars, one per line, as JSON.stringify(…, null, 2) writes it. */
const SCALAR_ARRAY = new RegExp(String.raw`\[\n(?: +${SCALAR},\n)* +${SCALAR}\n *\]`, 'g');

/** Options do not change JSON output: it is a contract, not a presentation. */
export function renderJson(report: AuditReport): string {
  const text = JSON.stringify(canonicalizeReport(report), null, 2).replace(
    SCALAR_ARRAY,
    (array) => {
      const items = array
        .slice(1, -1)
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line !== '');
      const line = `[${items.join(' ')}]`;
      return line.length <= INLINE ? line : array;
    },
  );
  return `${text}\n`;
}
