// Writes the rule pages (docs/rules/RG-NNNN.md and an index) from each rule's metadata and the
// findings its examples produce, and one coverage page per framework (docs/frameworks/), control
// by control. Both folders hold only generated files: stale ones are removed.
// Run: npx tsx scripts/gen-rule-docs.ts. test/meta/rule-docs.test.ts fails when the files are stale.

import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { format, resolveConfig } from 'prettier';

import type { Rule } from '../src/analyze/define-rule.js';
import { evaluate } from '../src/analyze/engine.js';
import { RULES } from '../src/analyze/rules/index.js';
import {
  controlsOf,
  renderRuleDoc,
  RULE_DOC_BANNER,
  severitiesOf,
} from '../src/analyze/rule-doc.js';
import type { RuleDocExamples, RuleExampleDoc } from '../src/analyze/rule-doc.js';
import type { Framework } from '../src/frameworks/index.js';
import type { Manifest } from '../src/manifest/schema.js';
import type { OrgSnapshot } from '../src/model/snapshot.js';
import { COMPARE_RULE_INFO } from '../src/compare/rules.js';
import { PREFLIGHT_RULE_INFO } from '../src/preflight/rules.js';
import type { RuleInfo } from '../src/report/index.js';
import { ALL_FRAMEWORKS, displayControl, rulesByControl } from '../src/report/frameworks.js';

export const RULE_DOCS_COMMAND = 'npx tsx scripts/gen-rule-docs.ts';
/** The folders this script owns entirely. */
export const RULE_DOC_DIRS = ['docs/rules', 'docs/frameworks'] as const;

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const RULES_DIR = 'src/analyze/rules';

/** Every generated file, keyed by its path relative to the repository root, formatted. */
export async function generateRuleDocs(): Promise<Map<string, string>> {
  const rules = [...RULES].sort((a, b) => compare(a.meta.id, b.meta.id));
  const pages = new Map<string, string>();
  for (const rule of rules)
    pages.set(`docs/rules/${rule.meta.id}.md`, renderRuleDoc(rule.meta, await examplesOf(rule)));
  for (const info of PREFLIGHT_RULE_INFO)
    pages.set(`docs/rules/${info.id}.md`, preflightRuleDoc(info));
  for (const info of COMPARE_RULE_INFO)
    pages.set(
      `docs/rules/${info.id}.md`,
      preflightRuleDoc(info, '`runas-guard compare` ([compare.md](../compare.md))'),
    );
  pages.set('docs/rules/README.md', rulesIndex(rules));
  for (const framework of ALL_FRAMEWORKS)
    pages.set(`docs/frameworks/${framework.id}.md`, frameworkPage(framework, rules));
  pages.set('docs/frameworks/README.md', frameworksIndex(rules));

  const formatted = new Map<string, string>();
  for (const [path, text] of [...pages].sort(([a], [b]) => compare(a, b))) {
    const file = join(ROOT, path);
    const config = (await resolveConfig(file)) ?? {};
    formatted.set(path, await format(text, { ...config, filepath: file }));
  }
  return formatted;
}

// ---------------------------------------------------------------------------------------------
// Examples

interface ExamplesModule {
  pass?: OrgSnapshot;
  fail?: OrgSnapshot;
  /** Rules that read the manifest export the one both examples are evaluated with. */
  manifest?: Manifest;
}

async function examplesOf(rule: Rule): Promise<RuleDocExamples> {
  const source = `${RULES_DIR}/${rule.meta.slug}/examples.ts`;
  const file = join(ROOT, source);
  const module = (await import(pathToFileURL(file).href)) as ExamplesModule;
  if (module.pass === undefined || module.fail === undefined)
    throw new Error(`${source} must export both pass and fail`);
  const text = readFileSync(file, 'utf8');
  return {
    source,
    pass: example(rule, module.pass, docComment(text, 'pass'), module.manifest),
    fail: example(rule, module.fail, docComment(text, 'fail'), module.manifest),
  };
}

function example(
  rule: Rule,
  snapshot: OrgSnapshot,
  description?: string,
  manifest?: Manifest,
): RuleExampleDoc {
  const options = manifest === undefined ? {} : { manifest };
  const findings = evaluate(snapshot, [rule], options).findings.map((f) => ({
    status: f.status,
    severity: f.severity,
    app: f.app,
    resource: f.resource,
    message: f.message,
  }));
  return description === undefined ? { findings } : { description, findings };
}

/** The `/** ... *\/` comment right above `export const <name>`, as one paragraph. */
function docComment(source: string, name: string): string | undefined {
  const match = new RegExp(`/\\*\\*((?:(?!\\*/)[\\s\\S])*)\\*/\\s*export const ${name}\\b`).exec(
    source,
  );
  const body = match?.[1];
  if (body === undefined) return undefined;
  const text = body
    .split('\n')
    .map((line) => line.replace(/^\s*\*?\s?/, '').trim())
    .filter((line) => line !== '')
    .join(' ');
  return text === '' ? undefined : text;
}

// ---------------------------------------------------------------------------------------------
// Index pages

function rulesIndex(rules: readonly Rule[]): string {
  const out = [
    RULE_DOC_BANNER,
    '',
    '# Rules',
    '',
    `${rules.length} rules. IDs and slugs are permanent (waivers and CI settings name them); a rule ` +
      'is deprecated, never deleted. `runas-guard rules list` prints this table and ' +
      '`runas-guard rules explain ID` a page. Coverage per framework: [frameworks](../frameworks/README.md).',
    '',
    '| id | title | slug | severity | category | frameworks |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const { meta } of rules) {
    const controls = controlsOf(meta)
      .map((c) => c.label)
      .join(', ');
    const title = meta.title + (meta.deprecated === undefined ? '' : ' (deprecated)');
    out.push(
      `| [${meta.id}](${meta.id}.md) | ${title} | \`${meta.slug}\` | ${severitiesOf(meta).join(' / ')} | ${meta.category} | ${controls} |`,
    );
  }
  out.push(
    '',
    '## Preflight',
    '',
    'These compare the two sides of a change, so `runas-guard preflight` reports them, not `audit` ' +
      '([preflight.md](../preflight.md)).',
    '',
    '| id | title | slug | severity | frameworks |',
    '| --- | --- | --- | --- | --- |',
  );
  for (const info of PREFLIGHT_RULE_INFO)
    out.push(
      `| [${info.id}](${info.id}.md) | ${info.title} | \`${info.slug}\` | ${info.severity} | ${Object.values(info.frameworks).flat().join(', ')} |`,
    );
  out.push(
    '',
    '## Compare',
    '',
    'This one sets two sources side by side, so `runas-guard compare` reports it, not `audit` ' +
      '([compare.md](../compare.md)).',
    '',
    '| id | title | slug | severity | frameworks |',
    '| --- | --- | --- | --- | --- |',
  );
  for (const info of COMPARE_RULE_INFO)
    out.push(
      `| [${info.id}](${info.id}.md) | ${info.title} | \`${info.slug}\` | ${info.severity} | ${Object.values(info.frameworks).flat().join(', ')} |`,
    );
  out.push('');
  return out.join('\n');
}

/**
 * A preflight or compare finding's page: it compares two snapshots, so it has no single-snapshot
 * examples.
 */
function preflightRuleDoc(
  info: RuleInfo,
  reportedBy = '`runas-guard preflight` ([preflight.md](../preflight.md))',
): string {
  return [
    RULE_DOC_BANNER,
    '',
    `# ${info.id}: ${info.title}`,
    '',
    '| | |',
    '| --- | --- |',
    `| id | \`${info.id}\` |`,
    `| slug | \`${info.slug}\` |`,
    `| severity | ${info.severity} |`,
    `| reported by | ${reportedBy} |`,
    `| frameworks | ${Object.values(info.frameworks).flat().join(', ')} |`,
    '',
    '## Why',
    '',
    info.rationale,
    '',
    '## How to fix',
    '',
    info.remediation,
    '',
  ].join('\n');
}

function frameworkPage(framework: Framework, rules: readonly Rule[]): string {
  const byControl = rulesByControl(
    rules.map((r) => r.meta),
    framework,
  );
  const slugs = new Map(rules.map((r) => [r.meta.id, r.meta.slug]));
  const covered = [...byControl.values()].filter((ids) => ids.length > 0).length;
  const out = [
    RULE_DOC_BANNER,
    '',
    `# ${framework.name} ${framework.version}`,
    '',
    `Framework key \`${framework.id}\` (rule metadata, \`--framework\`, report \`frameworks\` and ` +
      `\`coverage\`). Official text: <${framework.url}>. Control titles from: ${framework.source}.`,
    '',
  ];
  if (framework.controls.length === 0) {
    out.push('No controls are listed for this framework yet, so no rule maps to it.', '');
    return out.join('\n');
  }
  out.push(
    `${covered} of ${framework.controls.length} controls are covered by at least one rule. ` +
      'A report covers only the controls of the rules that ran (`coverage` in the JSON report).',
    '',
    '| control | title | rules |',
    '| --- | --- | --- |',
  );
  const notes: string[] = [];
  for (const control of framework.controls) {
    const ids = byControl.get(control.id) ?? [];
    const label = displayControl(framework, control.id);
    const link = control.url === undefined ? label : `[${label}](${control.url})`;
    const ruleLinks =
      ids.length === 0
        ? '**not covered**'
        : ids.map((id) => `[${id}](../rules/${id}.md) \`${slugs.get(id) ?? ''}\``).join('<br>');
    const mark = control.unverified === undefined ? '' : ' (see note)';
    if (control.unverified !== undefined) notes.push(`- ${label}: ${control.unverified}.`);
    out.push(`| ${link} | ${control.title}${mark} | ${ruleLinks} |`);
  }
  out.push('');
  if (notes.length > 0) out.push('Notes:', '', ...notes, '');
  return out.join('\n');
}

function frameworksIndex(rules: readonly Rule[]): string {
  const out = [
    RULE_DOC_BANNER,
    '',
    '# Frameworks',
    '',
    'Rules name the controls they serve; the framework data (`src/frameworks/`) lists the controls. ' +
      'Each page below shows, control by control, which rules check it and which controls no rule covers.',
    '',
    '| framework | key | controls | covered |',
    '| --- | --- | --- | --- |',
  ];
  for (const framework of ALL_FRAMEWORKS) {
    const byControl = rulesByControl(
      rules.map((r) => r.meta),
      framework,
    );
    const covered = [...byControl.values()].filter((ids) => ids.length > 0).length;
    out.push(
      `| [${framework.name} ${framework.version}](${framework.id}.md) | \`${framework.id}\` | ${framework.controls.length} | ${covered} |`,
    );
  }
  out.push('');
  return out.join('\n');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const files = await generateRuleDocs();
  for (const dir of RULE_DOC_DIRS) {
    mkdirSync(join(ROOT, dir), { recursive: true });
    for (const name of readdirSync(join(ROOT, dir))) {
      const path = `${dir}/${name}`;
      if (!files.has(path)) {
        rmSync(join(ROOT, path), { recursive: true });
        process.stdout.write(`removed ${path}\n`);
      }
    }
  }
  for (const [path, text] of files) writeFileSync(join(ROOT, path), text);
  process.stdout.write(`wrote ${files.size} files under ${RULE_DOC_DIRS.join(' and ')}\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href)
  await main();
