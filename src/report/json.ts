// `--format json`: the report itself, byte-stable (schema key order, sorted maps, 2-space indent).
// Laid out as JSON.stringify(report, null, 2) writes it, except that an array or object whose items
// fit on one line of at most 100 characters is written on one line (`"Account": ["read", "edit"]`,
// `{"type": "PermissionSet", "name": "X"}`): an enterprise org's report has hundreds of thousands
// of such small values, and one line each keeps it readable and about 40% smaller.

import { type AuditReport, canonicalizeReport } from '../model/finding.js';

/** Longest array or object written on one line, brackets included (indentation not counted). */
const INLINE = 100;

/** Options do not change JSON output: it is a contract, not a presentation. */
export function renderJson(report: AuditReport): string {
  return `${render(canonicalizeReport(report), '')}\n`;
}

/** Skipped in an object, as JSON.stringify does (in an array it writes null). */
function absent(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

function render(value: unknown, indent: string): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items = (value as unknown[]).map((item) => render(item, inner));
    return layout('[', ']', items, indent, inner);
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).filter((key) => !absent(record[key]));
  if (keys.length === 0) return '{}';
  const items = keys.map((key) => `${JSON.stringify(key)}: ${render(record[key], inner)}`);
  return layout('{', '}', items, indent, inner);
}

/** On one line when every item is one line and they fit; else one item a line, indented. */
function layout(open: string, close: string, items: string[], indent: string, inner: string) {
  let width = 2;
  for (const item of items) {
    width += item.length + 2;
    if (width > INLINE || item.includes('\n'))
      return `${open}\n${inner}${items.join(`,\n${inner}`)}\n${indent}${close}`;
  }
  return `${open}${items.join(', ')}${close}`;
}
