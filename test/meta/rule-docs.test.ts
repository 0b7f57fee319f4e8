// Rule pages and framework coverage pages are generated (docs/architecture.md 4.7): regenerate them in
// memory and compare with what is committed, file by file and folder listing by folder listing.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { generateRuleDocs, RULE_DOC_DIRS, RULE_DOCS_COMMAND } from '../../scripts/gen-rule-docs.js';
import { RULES } from '../../src/analyze/rules/index.js';
import { RULE_DOC_BANNER } from '../../src/analyze/rule-doc.js';
import { FRAMEWORK_IDS, FRAMEWORKS } from '../../src/frameworks/index.js';
import { displayControl, rulesByControl } from '../../src/report/frameworks.js';

const ROOT = join(import.meta.dirname, '../..');
const STALE = `run \`${RULE_DOCS_COMMAND}\` and commit the result`;

const generated = await generateRuleDocs();

describe('docs/rules and docs/frameworks', () => {
  for (const [path, text] of generated) {
    it(`${path} is up to date`, () => {
      const file = join(ROOT, path);
      expect(existsSync(file), `${path} is missing: ${STALE}`).toBe(true);
      expect(readFileSync(file, 'utf8'), `${path} is stale: ${STALE}`).toBe(text);
    });
  }

  it('hold only generated files', () => {
    const committed = RULE_DOC_DIRS.flatMap((dir) =>
      existsSync(join(ROOT, dir))
        ? readdirSync(join(ROOT, dir)).map((name) => `${dir}/${name}`)
        : [],
    );
    expect(committed.sort(), `extra or missing files: ${STALE}`).toEqual(
      [...generated.keys()].sort(),
    );
  });

  it('have a page per rule and per framework, each starting with the banner', () => {
    for (const { meta } of RULES)
      expect(generated.has(`docs/rules/${meta.id}.md`), meta.id).toBe(true);
    for (const id of FRAMEWORK_IDS)
      expect(generated.has(`docs/frameworks/${id}.md`), id).toBe(true);
    for (const [path, text] of generated)
      expect(text.startsWith(`${RULE_DOC_BANNER}\n`), path).toBe(true);
  });

  it("show each rule's failing example failing and its passing example passing", () => {
    for (const { meta } of RULES) {
      const page = generated.get(`docs/rules/${meta.id}.md`) ?? '';
      const failing = page.slice(page.indexOf('### Failing example'));
      const passing = page.slice(page.indexOf('### Passing example'), page.indexOf('### Failing'));
      expect(failing, meta.id).toMatch(/^\| fail \((critical|high|medium|low|info)\) /m);
      expect(passing, meta.id).toMatch(/^\| pass /m);
      expect(passing, meta.id).not.toMatch(/^\| (fail|error|not-evaluated) /m);
    }
  });

  it('list every rule in the index and every control on its framework page', () => {
    const index = generated.get('docs/rules/README.md') ?? '';
    for (const { meta } of RULES) expect(index, meta.id).toContain(`[${meta.id}](${meta.id}.md)`);
    for (const id of FRAMEWORK_IDS) {
      const framework = FRAMEWORKS[id];
      const page = generated.get(`docs/frameworks/${id}.md`) ?? '';
      const byControl = rulesByControl(
        RULES.map((r) => r.meta),
        framework,
      );
      for (const [control, ids] of byControl) {
        const row = page
          .split('\n')
          .find(
            (l) =>
              l.startsWith(`| [${displayControl(framework, control)}]`) ||
              l.startsWith(`| ${displayControl(framework, control)} `),
          );
        expect(row, `${id} ${control}`).toBeDefined();
        if (ids.length === 0) expect(row, `${id} ${control}`).toContain('**not covered**');
        for (const rule of ids)
          expect(row, `${id} ${control}`).toContain(`[${rule}](../rules/${rule}.md)`);
      }
    }
  });

  it('generate the same text twice', async () => {
    expect([...(await generateRuleDocs())]).toEqual([...generated]);
  });
});
