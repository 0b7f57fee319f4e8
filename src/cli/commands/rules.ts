// `runas-guard rules [list | explain ID]`: the rule catalog from the rules' own metadata. `explain`
// prints the rule's generated page (docs/rules/RG-NNNN.md, written by scripts/gen-rule-docs.ts with
// the findings of the rule's examples); src/analyze/rule-doc.ts renders the page for both, so the
// command and the docs say the same thing.

import { readFileSync } from 'node:fs';

import type { RuleMeta } from '../../analyze/define-rule.js';
import {
  controlsOf,
  renderRuleDoc,
  RULE_DOC_BANNER,
  severitiesOf,
} from '../../analyze/rule-doc.js';
import { FACET_LABELS } from '../../analyze/engine.js';
import { RULES, findRule } from '../../analyze/rules/index.js';
import { FRAMEWORK_IDS } from '../../frameworks/index.js';
import { COMPARE_RULE_INFO } from '../../compare/rules.js';
import { PREFLIGHT_RULE_INFO } from '../../preflight/rules.js';
import type { RuleInfo } from '../../report/index.js';
import { EXIT } from '../errors.js';

export interface RulesCommandArgs {
  action?: 'list' | 'explain';
  id?: string;
  format?: 'text' | 'json';
}

/** Prints the catalog or one rule; returns the exit code (2: unknown rule or bad arguments). */
export function runRulesCommand(args: RulesCommandArgs, out: (s: string) => void): number {
  const format = args.format ?? 'text';
  const action = args.action ?? 'list';
  if (action === 'list') {
    out(
      format === 'json'
        ? json({
            rules: RULES.map((r) => ruleSummary(r.meta)),
            preflight: PREFLIGHT_RULE_INFO,
            compare: COMPARE_RULE_INFO,
          })
        : listText(),
    );
    return EXIT.ok;
  }
  const key = args.id?.trim() ?? '';
  if (key === '') {
    const message = 'rules explain needs a rule id or slug (e.g. RG-0011)';
    return usageError('USAGE', message, [], format, out);
  }
  const rule = findRule(key) ?? findRule(key.toUpperCase()) ?? findRule(key.toLowerCase());
  const preflight = rule === undefined ? findPreflightRule(key) : undefined;
  if (preflight !== undefined) {
    const doc = committedDoc(preflight.id) ?? `${preflight.id}: ${preflight.title}\n`;
    out(format === 'json' ? json({ rule: preflight, doc }) : doc);
    return EXIT.ok;
  }
  if (rule === undefined) {
    const shown = printable(key);
    return usageError(
      'RULE_NOT_FOUND',
      `unknown rule "${shown}"`,
      suggestionsFor(key),
      format,
      out,
    );
  }
  const doc = committedDoc(rule.meta.id) ?? renderRuleDoc(rule.meta);
  if (format === 'json') {
    out(json({ rule: ruleDetail(rule.meta), doc }));
  } else {
    out(doc.endsWith('\n') ? doc : `${doc}\n`);
  }
  return EXIT.ok;
}

// ---------------------------------------------------------------------------------------------
// list

function listText(): string {
  const rows = [...RULES]
    .sort((a, b) => compare(a.meta.id, b.meta.id))
    .map((r) => [
      r.meta.id,
      severitiesOf(r.meta).join('/').toUpperCase(),
      r.meta.slug,
      r.meta.title + (r.meta.deprecated === undefined ? '' : ' (deprecated)'),
      controlsOf(r.meta)
        .map((c) => c.label)
        .join(' '),
    ]);
  const header = ['ID', 'SEVERITY', 'SLUG', 'TITLE', 'FRAMEWORKS'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const lines = [
    line(header),
    ...rows.map(line),
    '',
    `${RULES.length} rules. runas-guard rules explain ID for details.`,
    `runas-guard preflight also reports ${PREFLIGHT_RULE_INFO.map((i) => `${i.id} ${i.slug}`).join(', ')}.`,
    `runas-guard compare also reports ${COMPARE_RULE_INFO.map((i) => `${i.id} ${i.slug}`).join(', ')}.`,
  ];
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// JSON shapes

function ruleSummary(meta: RuleMeta): Record<string, unknown> {
  return {
    id: meta.id,
    slug: meta.slug,
    title: meta.title,
    severity: meta.severity,
    severities: severitiesOf(meta),
    category: meta.category,
    frameworks: sortedFrameworks(meta),
    requires: [...meta.requires],
    ...(meta.deprecated === undefined ? {} : { deprecated: meta.deprecated }),
  };
}

function ruleDetail(meta: RuleMeta): Record<string, unknown> {
  return {
    ...ruleSummary(meta),
    aliases: [...meta.aliases],
    scope: meta.scope,
    tags: [...meta.tags],
    controls: controlsOf(meta),
    needs: meta.requires.map((facet) => ({ facet, label: FACET_LABELS[facet] })),
    rationale: meta.rationale,
    remediation: meta.remediation,
    references: [...meta.references],
    messages: { ...meta.messages },
  };
}

function sortedFrameworks(meta: RuleMeta): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const id of FRAMEWORK_IDS) {
    const controls = meta.frameworks[id];
    if (controls !== undefined && controls.length > 0) out[id] = [...controls];
  }
  return out;
}

/**
 * RG-0033/RG-0034 compare two commits, RG-0032 two sources: preflight and compare report them, not
 * the audit catalog.
 */
function findPreflightRule(key: string): RuleInfo | undefined {
  const wanted = key.toLowerCase();
  return [...PREFLIGHT_RULE_INFO, ...COMPARE_RULE_INFO].find(
    (i) => i.id.toLowerCase() === wanted || i.slug === wanted,
  );
}

/** The committed page without its banner, or undefined when it is not there. */
function committedDoc(id: string): string | undefined {
  // `id` is a registered rule id (RG-NNNN), never user text: no path can be smuggled in.
  // src/cli/commands/ and dist/cli/commands/ are both three levels below the package root.
  const url = new URL(`../../../docs/rules/${id}.md`, import.meta.url);
  let text: string;
  try {
    text = readFileSync(url, 'utf8');
  } catch {
    return undefined;
  }
  return text.startsWith(RULE_DOC_BANNER) ? text.slice(RULE_DOC_BANNER.length).trimStart() : text;
}

// ---------------------------------------------------------------------------------------------
// errors

function usageError(
  code: 'USAGE' | 'RULE_NOT_FOUND',
  message: string,
  hints: string[],
  format: 'text' | 'json',
  out: (s: string) => void,
): number {
  const all = [...hints, 'runas-guard rules list shows every rule'];
  if (format === 'json') out(json({ status: 'error', code, message, hints: all }));
  else out(`${message}\n${all.map((h) => `  ${h}\n`).join('')}`);
  return EXIT.usage;
}

/** Rules whose id, slug or title contains the text: "did you mean". */
function suggestionsFor(key: string): string[] {
  const needle = key.toLowerCase();
  if (needle.length < 3) return [];
  return RULES.filter(
    (r) =>
      r.meta.slug.includes(needle) ||
      r.meta.title.toLowerCase().includes(needle) ||
      r.meta.id.toLowerCase().includes(needle),
  )
    .slice(0, 5)
    .map((r) => `did you mean ${r.meta.id} (${r.meta.slug})?`);
}

/** User text echoed back: no control characters, bounded length. */
function printable(text: string): string {
  const flat = text.replace(
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g,
    '?',
  );
  return flat.length > 80 ? `${flat.slice(0, 77)}...` : flat;
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
