// The page shell the three HTML reports share (docs/adr/0022-html-report.md): one self-contained
// document, its CSS and script inline and allowed by hash in a strict Content-Security-Policy, so
// the file makes no request when opened, and every string from a report escaped on its way in.
// The CSS and the script are constants: the page reads its data from data- attributes, never from
// generated script, so nothing from the org can reach a script context.

import { createHash } from 'node:crypto';

import type { Severity, Status } from '../../model/finding.js';
import { STYLE } from './style.js';
import { SCRIPT } from './script.js';

/**
 * Text or attribute value from a report, safe in HTML: markup characters become entities; control
 * characters, bidi overrides and zero-width characters (which could disguise a name) become `?`.
 */
export function esc(value: unknown): string {
  const text = typeof value === 'string' ? value : String(value);
  return (
    text
      // eslint-disable-next-line no-control-regex -- matching control characters is the point
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, '?')
      .replace(/[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, '?')
      // A lone surrogate is not UTF-8: it would be written as U+FFFD anyway; say so here.
      .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&#39;')
  );
}

/** `value` cut to `max` code points with an ellipsis: a label in a table or the graph stays short. */
export function cut(value: string, max: number): string {
  const chars = Array.from(value);
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : value;
}

function hashOf(source: string): string {
  return `'sha256-${createHash('sha256').update(source, 'utf8').digest('base64')}'`;
}

/**
 * Nothing may load: no fetch, image, font, frame or form target. Only the one inline style and the
 * one inline script, by hash. (frame-ancestors is ignored in a meta element, and would be a console
 * warning, so it is left out.)
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `style-src ${hashOf(STYLE)}`,
  `script-src ${hashOf(SCRIPT)}`,
  "img-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

export interface PageParts {
  /** The document's title (plain text; escaped here). */
  title: string;
  /** The body's markup, already escaped by the caller. */
  body: string;
}

/** One complete document. */
export function page({ title, body }: PageParts): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    body,
    `<script>${SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

export const SEVERITY_ORDER: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/** The order findings are listed in: what needs action first. */
export const STATUS_ORDER: readonly Status[] = [
  'fail',
  'error',
  'not-evaluated',
  'waived',
  'skip',
  'pass',
];

export function severityBadge(severity: Severity): string {
  return `<span class="badge sev-${esc(severity)}">${esc(severity)}</span>`;
}

export function statusBadge(status: Status): string {
  return `<span class="badge st-${esc(status)}">${esc(status)}</span>`;
}

/** `1 finding` / `2 findings`. */
export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}

/** A group of checkboxes that filters the rows of a list by one data- attribute. */
export function checkboxFilter(
  key: string,
  legend: string,
  options: readonly { value: string; label: string; checked: boolean; count?: number }[],
): string {
  const boxes = options.map(
    (o) =>
      `<label class="check"><input type="checkbox" data-key="${esc(key)}" value="${esc(o.value)}"` +
      `${o.checked ? ' checked' : ''}> ${esc(o.label)}` +
      `${o.count === undefined ? '' : ` <span class="muted">(${o.count})</span>`}</label>`,
  );
  return `<fieldset><legend>${esc(legend)}</legend>${boxes.join('')}</fieldset>`;
}

/** A select that filters the rows of a list by one data- attribute; the value '' shows all. */
export function selectFilter(
  key: string,
  label: string,
  all: string,
  options: readonly { value: string; label: string }[],
): string {
  const items = [
    `<option value="">${esc(all)}</option>`,
    ...options.map((o) => `<option value="${esc(o.value)}">${esc(o.label)}</option>`),
  ];
  return (
    `<label class="select">${esc(label)} <select data-key="${esc(key)}">` +
    `${items.join('')}</select></label>`
  );
}

/** The filter form of the list with id `target`; the script applies it on every change. */
export function filterForm(target: string, controls: readonly string[]): string {
  return (
    `<form class="filters" data-target="${esc(target)}">${controls.join('')}` +
    `<output class="shown" aria-live="polite"></output></form>`
  );
}
