import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { RULES } from '../../analyze/rules/index.js';
import { renderRuleDoc, RULE_DOC_BANNER } from '../../analyze/rule-doc.js';
import { runRulesCommand } from './rules.js';
import type { RulesCommandArgs } from './rules.js';

const ROOT = join(import.meta.dirname, '../../..');

function run(args: RulesCommandArgs): { code: number; out: string } {
  let out = '';
  const code = runRulesCommand(args, (s) => {
    out += s;
  });
  return { code, out };
}

function committed(id: string): string {
  const text = readFileSync(join(ROOT, 'docs/rules', `${id}.md`), 'utf8');
  return text.slice(RULE_DOC_BANNER.length).trimStart();
}

describe('rules list', () => {
  it('prints one row per rule: id, upper-case severity, slug, title, frameworks', () => {
    const { code, out } = run({});
    expect(code).toBe(0);
    const lines = out.split('\n');
    expect(lines[0]).toMatch(/^ID +SEVERITY +SLUG +TITLE +FRAMEWORKS$/);
    for (const { meta } of RULES) {
      const line = lines.find((l) => l.startsWith(`${meta.id} `));
      expect(line, meta.id).toBeDefined();
      expect(line).toContain(meta.severity.toUpperCase());
      expect(line).toContain(` ${meta.slug} `);
      expect(line).toContain(meta.title);
    }
    expect(out).toContain(`${RULES.length} rules.`);
  });

  it('shows both severities and the framework controls as written', () => {
    const line = run({ action: 'list' })
      .out.split('\n')
      .find((l) => l.startsWith('RG-0009 '));
    expect(line).toMatch(/CRITICAL\/HIGH/);
    expect(line).toMatch(/NHI5:2025 PR\.AA-05 SBS-ACS-008$/);
  });

  it('prints the catalog as JSON with --format json', () => {
    const { code, out } = run({ action: 'list', format: 'json' });
    expect(code).toBe(0);
    const parsed = JSON.parse(out) as { rules: { id: string; frameworks: object }[] };
    expect(parsed.rules.map((r) => r.id)).toEqual(RULES.map((r) => r.meta.id));
    const rg9 = parsed.rules.find((r) => r.id === 'RG-0009');
    expect(rg9).toMatchObject({
      slug: 'run-as-user-high-risk-permission',
      severities: ['critical', 'high'],
      frameworks: { 'owasp-nhi-2025': ['NHI5'], sbs: ['SBS-ACS-008'] },
    });
  });
});

describe('the preflight findings RG-0033 and RG-0034', () => {
  it('are named under the list and in its JSON, apart from the audit catalog', () => {
    const text = run({}).out;
    expect(text).toContain(
      'runas-guard preflight also reports RG-0033 preflight-breaks-integration, RG-0034 preflight-overgrants-integration.',
    );
    const parsed = JSON.parse(run({ format: 'json' }).out) as {
      rules: { id: string }[];
      preflight: { id: string; severity: string }[];
    };
    expect(parsed.rules.map((r) => r.id)).not.toContain('RG-0033');
    expect(parsed.preflight).toMatchObject([
      { id: 'RG-0033', severity: 'critical' },
      { id: 'RG-0034', severity: 'high' },
    ]);
  });

  it('explain prints their generated page, by id or slug, text or JSON', () => {
    const byId = run({ action: 'explain', id: 'rg-0033' });
    expect(byId.code).toBe(0);
    expect(byId.out).toBe(committed('RG-0033'));
    expect(run({ action: 'explain', id: 'preflight-overgrants-integration' }).out).toBe(
      committed('RG-0034'),
    );
    const asJson = JSON.parse(run({ action: 'explain', id: 'RG-0034', format: 'json' }).out) as {
      rule: { slug: string };
      doc: string;
    };
    expect(asJson.rule.slug).toBe('preflight-overgrants-integration');
    expect(asJson.doc).toBe(committed('RG-0034'));
  });
});

describe('the compare finding RG-0032', () => {
  it('is named under the list and in its JSON; explain prints its generated page', () => {
    expect(run({}).out).toContain(
      'runas-guard compare also reports RG-0032 environment-parity-drift.',
    );
    const parsed = JSON.parse(run({ format: 'json' }).out) as {
      rules: { id: string }[];
      compare: { id: string; severity: string }[];
    };
    expect(parsed.rules.map((r) => r.id)).not.toContain('RG-0032');
    expect(parsed.compare).toMatchObject([{ id: 'RG-0032', severity: 'medium' }]);
    const explained = run({ action: 'explain', id: 'environment-parity-drift' });
    expect(explained.code).toBe(0);
    expect(explained.out).toBe(committed('RG-0032'));
  });
});

describe('rules explain', () => {
  it('prints the generated page of the rule, found by id, slug or lower-case id', () => {
    const byId = run({ action: 'explain', id: 'RG-0003' });
    expect(byId.code).toBe(0);
    expect(byId.out).toBe(committed('RG-0003'));
    expect(run({ action: 'explain', id: 'run-as-user-inactive' }).out).toBe(byId.out);
    expect(run({ action: 'explain', id: ' rg-0003 ' }).out).toBe(byId.out);
  });

  it('covers title, why, how to fix, needs, frameworks and the examples', () => {
    const rule = RULES.find((r) => r.meta.id === 'RG-0009');
    const { out } = run({ action: 'explain', id: 'RG-0009' });
    expect(out).toMatch(/^# RG-0009: Run-as user holds a high-risk system permission$/m);
    for (const heading of ['## Why', '## How to fix', '## Frameworks', '### Failing example'])
      expect(out).toContain(heading);
    expect(out).toContain(rule?.meta.rationale);
    expect(out).toContain(rule?.meta.remediation);
    expect(out).toMatch(/^\| needs +\| `apps` /m);
    expect(out).toContain('Overprivileged NHI');
    expect(out).toMatch(/^\| fail \(critical\) /m);
    expect(out).not.toContain(RULE_DOC_BANNER);
  });

  it('prints the rule and its page as JSON with --format json', () => {
    const { code, out } = run({ action: 'explain', id: 'RG-0006', format: 'json' });
    expect(code).toBe(0);
    const parsed = JSON.parse(out) as {
      rule: { id: string; needs: { facet: string }[]; controls: { label: string }[] };
      doc: string;
    };
    expect(parsed.rule.id).toBe('RG-0006');
    expect(parsed.rule.controls.map((c) => c.label)).toEqual(['NHI10:2025', 'PR.AA-01']);
    expect(parsed.rule.needs.map((n) => n.facet)).toContain('access');
    expect(parsed.doc).toBe(committed('RG-0006'));
  });

  it('exits 2 on an unknown rule, with suggestions', () => {
    const { code, out } = run({ action: 'explain', id: 'inactive' });
    expect(code).toBe(2);
    expect(out).toMatch(/^unknown rule "inactive"$/m);
    expect(out).toContain('did you mean RG-0003 (run-as-user-inactive)?');
  });

  it('exits 2 with an error object in JSON, and without an id', () => {
    const unknown = run({ action: 'explain', id: 'RG-9999', format: 'json' });
    expect(unknown.code).toBe(2);
    expect(JSON.parse(unknown.out)).toMatchObject({ status: 'error', code: 'RULE_NOT_FOUND' });
    const missing = run({ action: 'explain' });
    expect(missing.code).toBe(2);
    expect(missing.out).toMatch(/needs a rule id or slug/);
  });

  it('echoes an unknown id without control characters and bounded', () => {
    const { out } = run({ action: 'explain', id: `x\u001b[2J${'y'.repeat(500)}` });
    expect(out).not.toContain('\u001b');
    expect(out.split('\n')[0]?.length).toBeLessThan(100);
  });
});

describe('renderRuleDoc', () => {
  it('points at the examples module when it has no evaluated examples', () => {
    const rule = RULES.find((r) => r.meta.id === 'RG-0001');
    if (rule === undefined) throw new Error('RG-0001 is not registered');
    const doc = renderRuleDoc(rule.meta);
    expect(doc.startsWith(RULE_DOC_BANNER)).toBe(true);
    expect(doc).toContain('src/analyze/rules/client-credentials-user-not-set/examples.ts');
    expect(doc).not.toContain('### Failing example');
  });

  it('escapes table cells and renders each example finding with its status', () => {
    const rule = RULES.find((r) => r.meta.id === 'RG-0001');
    if (rule === undefined) throw new Error('RG-0001 is not registered');
    const finding = {
      status: 'fail' as const,
      severity: 'critical' as const,
      app: 'A|pp',
      resource: { type: 'ConnectedApp' as const, name: 'A`pp' },
      message: 'one | two\nthree',
    };
    const doc = renderRuleDoc(rule.meta, {
      source: 'x/examples.ts',
      pass: { findings: [] },
      fail: { description: 'Broken.', findings: [finding] },
    });
    expect(doc).toContain(
      "| fail (critical) | `A\\|pp` | ConnectedApp `A'pp` | one \\| two three |",
    );
    expect(doc).toMatch(/### Passing example\n\nNo findings\./);
    expect(doc).toMatch(/### Failing example\n\nBroken\./);
  });
});
