// The registered rules against the rule catalog as its maintainers wrote it
// (test/fixtures/rules-catalog.md; docs/rules/ is generated from the code). src/analyze/rules/index.test.ts already checks unique ids,
// slugs and aliases among the registered rules, folder == slug, the three files per folder, and
// that each rule's examples.fail fails and examples.pass passes (evaluating that rule alone). This
// file adds what needs the catalog: every ID in the scope of issues 3-4 is registered exactly as
// the catalog says, no registered rule is missing from it, the compare/preflight rules are not
// registered as audit rules, and no alias takes another catalog entry's ID or slug.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { findRule, RULES } from '../../src/analyze/rules/index.js';
import { SEVERITIES } from '../../src/model/finding.js';

const CATALOG_FILE = join(import.meta.dirname, '../fixtures/rules-catalog.md');

interface CatalogEntry {
  id: string;
  slug: string;
  /** Section letter of the catalog (A..E). */
  section: string;
  /** As the catalog orders them: the main severity first. */
  severities: string[];
  frameworks: Record<string, string[]>;
}

/** Which framework a control id written in the catalog belongs to. */
function frameworkOf(control: string): string {
  if (/^NHI\d+$/.test(control)) return 'owasp-nhi-2025';
  if (/^[A-Z]{2}\.[A-Z]{2}-\d{2}$/.test(control)) return 'nist-csf-2.0';
  if (/^SBS-[A-Z]+-\d{3}$/.test(control)) return 'sbs';
  throw new Error(`The rule catalog names control "${control}" of no known framework`);
}

function parseCatalog(text: string): CatalogEntry[] {
  const entries: CatalogEntry[] = [];
  let section = '';
  for (const line of text.split('\n')) {
    const heading = /^## ([A-Z])\. /.exec(line);
    if (heading?.[1] !== undefined) section = heading[1];
    if (!/^\| RG-\d{4} \|/.test(line)) continue;
    // id | slug | fails when | severity | frameworks: the prose column may hold anything.
    const cells = line
      .slice(1, line.endsWith('|') ? -1 : undefined)
      .split(' | ')
      .map((c) => c.trim());
    const [id = '', slug = ''] = cells;
    const severity = cells.at(-2) ?? '';
    const frameworks = cells.at(-1) ?? '';
    const severities = severity.split('/').map((part) => part.trim().split(/\s+/)[0] ?? '');
    const map: Record<string, string[]> = {};
    for (const control of frameworks.split(',').map((c) => c.trim())) {
      const key = frameworkOf(control);
      (map[key] ??= []).push(control);
    }
    entries.push({ id, slug, section, severities, frameworks: map });
  }
  return entries;
}

/** Section E rules that issues 3-4 implement; RG-0032..0034 belong to compare and preflight. */
const SECTION_E_IN_SCOPE = ['RG-0029', 'RG-0030', 'RG-0031', 'RG-0036', 'RG-0037'];
const NOT_AUDIT_RULES = ['RG-0032', 'RG-0033', 'RG-0034'];

const catalog = parseCatalog(readFileSync(CATALOG_FILE, 'utf8'));
const inScope = catalog.filter(
  (e) => ['A', 'B', 'C', 'D'].includes(e.section) || SECTION_E_IN_SCOPE.includes(e.id),
);

function sorted(m: Readonly<Partial<Record<string, readonly string[]>>>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const key of Object.keys(m).sort()) out[key] = [...(m[key] ?? [])].sort();
  return out;
}

describe('the rule catalog copy', () => {
  it('parses into RG-0001..RG-0039 with unique slugs and known severities', () => {
    const ids = Array.from({ length: 39 }, (_, i) => `RG-${String(i + 1).padStart(4, '0')}`);
    expect(catalog.map((e) => e.id).sort()).toEqual(ids);
    expect(new Set(catalog.map((e) => e.slug)).size).toBe(catalog.length);
    for (const entry of catalog) {
      expect(entry.slug, entry.id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      for (const s of entry.severities) expect(SEVERITIES, entry.id).toContain(s);
    }
    expect(catalog.find((e) => e.id === 'RG-0013')?.severities).toEqual(['high', 'medium']);
    expect(catalog.find((e) => e.id === 'RG-0009')?.frameworks).toEqual({
      'owasp-nhi-2025': ['NHI5'],
      'nist-csf-2.0': ['PR.AA-05'],
      sbs: ['SBS-ACS-008'],
    });
  });

  it('puts 36 rules in the scope of issues 3-4', () => {
    expect(inScope.length).toBe(36);
    for (const id of NOT_AUDIT_RULES) expect(inScope.map((e) => e.id)).not.toContain(id);
  });
});

describe('registered rules against the rule catalog', () => {
  it.each(inScope.map((e) => [`${e.id} ${e.slug}`, e] as const))(
    '%s is registered with the slug, severities and controls of the catalog',
    (_, entry) => {
      const rule = RULES.find((r) => r.meta.id === entry.id);
      expect(
        rule,
        `${entry.id} (${entry.slug}) is not in src/analyze/rules/index.ts`,
      ).toBeDefined();
      if (rule === undefined) return;
      const { meta } = rule;
      expect({
        slug: meta.slug,
        severities: [meta.severity, ...(meta.severities ?? [])],
        frameworks: sorted(meta.frameworks),
      }).toEqual({
        slug: entry.slug,
        severities: entry.severities,
        frameworks: sorted(entry.frameworks),
      });
    },
  );

  it('registers no rule that the catalog does not list under the same id and slug', () => {
    const known = new Map(catalog.map((e) => [e.id, e.slug]));
    for (const { meta } of RULES) expect(known.get(meta.id), meta.id).toBe(meta.slug);
  });

  it('does not register the compare and preflight rules (RG-0032..RG-0034) as audit rules', () => {
    for (const entry of catalog.filter((e) => NOT_AUDIT_RULES.includes(e.id))) {
      expect(findRule(entry.id), entry.id).toBeUndefined();
      expect(findRule(entry.slug), entry.slug).toBeUndefined();
    }
  });

  it('never takes the id or slug of another catalog entry as an alias', () => {
    for (const { meta } of RULES) {
      const taken = catalog
        .filter((e) => e.id !== meta.id)
        .flatMap((e) => [e.id, e.slug])
        .filter((key) => meta.aliases.includes(key));
      expect(taken, meta.id).toEqual([]);
    }
  });
});
