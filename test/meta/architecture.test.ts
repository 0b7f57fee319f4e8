// The dependency direction of docs/architecture.md 2, checked from the import statements of every file.

import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

import { describe, expect, it } from 'vitest';

import { RULES } from '../../src/analyze/rules/index.js';

const SRC = join(import.meta.dirname, '../../src');

/** Our folders each folder may import, and outside packages (prefixes) it may import. */
const ALLOWED: Record<string, { ours: string[]; packages: string[] }> = {
  util: { ours: [], packages: [] },
  // The transport policy of every request to an org (ADR 0007).
  transport: { ours: [], packages: [] },
  // Safe reads and atomic writes of the files the user names (ADR 0008).
  files: { ours: ['util'], packages: [] },
  // model/policy (the one owner of each Salesforce rule of behaviour) is part of model: IO-free.
  model: { ours: ['util'], packages: ['zod'] },
  frameworks: { ours: ['model'], packages: [] },
  // collect/offline reads SFDX projects with the metadata reader (ADR 0004) and the run-as access the
  // manifest declares; what it cannot reconcile there is a ManifestError.
  collect: {
    ours: ['model', 'util', 'manifest', 'metadata', 'files', 'transport'],
    packages: ['fast-xml-parser', 'zod'],
  },
  probe: { ours: ['model', 'util', 'transport'], packages: [] },
  // manifest/schema.ts and schedule.ts are pure; rules read the parsed manifest and schedules.
  analyze: { ours: ['model', 'frameworks', 'util', 'manifest'], packages: ['zod'] },
  // report/html also lays out drift reports (monitor diff, compare): it reads their types.
  report: { ours: ['model', 'frameworks', 'util', 'drift'], packages: [] },
  // drift: one integration's state, flattened, and the comparison of two (monitor diff, compare).
  drift: { ours: ['model', 'analyze', 'manifest', 'util'], packages: [] },
  // monitor: the history store (SQLite or PostgreSQL, docs/adr/0017-history-store.md), record,
  // diff, history, watch and its alerts.
  monitor: {
    ours: [
      'model',
      'util',
      'drift',
      'audit',
      'analyze',
      'collect',
      'manifest',
      'report',
      'transport',
      'files',
      'version',
    ],
    packages: ['better-sqlite3', 'pg'],
  },
  // compare: two sources audited and set side by side per integration (RG-0032).
  compare: {
    ours: ['audit', 'drift', 'model', 'analyze', 'collect', 'manifest', 'report', 'util'],
    packages: [],
  },
  // The org fixture loader builds on the SFDX metadata reader (ADR 0004) and turns its errors into
  // FixtureErrors.
  fixture: { ours: ['model', 'util', 'files', 'metadata'], packages: ['fast-xml-parser', 'zod'] },
  // The SFDX metadata reader: its errors are ProjectErrors; located errors and JSON helpers live in
  // files/, the group calculation in model/. It never reads the fixture loader.
  metadata: { ours: ['model', 'util', 'files'], packages: ['fast-xml-parser', 'zod'] },
  emulator: {
    ours: ['model', 'fixture', 'metadata', 'util', 'files'],
    packages: [
      'hono',
      '@hono/node-server',
      '@jetstreamapp/soql-parser-js',
      'fast-xml-parser',
      'zod',
    ],
  },
  manifest: { ours: ['model', 'util', 'files'], packages: ['yaml', 'zod'] },
  // The audit pipeline: collect (or replay), evaluate, waive, assemble.
  audit: {
    ours: [
      'analyze',
      'collect',
      'manifest',
      'model',
      'probe',
      'report',
      'util',
      'frameworks',
      'version',
      'transport',
      // The auditor's own permissions decide whether a silently narrowed answer is complete.
      'doctor',
    ],
    packages: [],
  },
  // Reading a project from git objects (preflight): the git binary, no folder of ours but its own.
  git: { ours: [], packages: [] },
  // preflight: two sides of a change read from git, each audited, compared (docs/adr/0015-preflight.md).
  preflight: {
    ours: ['analyze', 'audit', 'collect', 'git', 'manifest', 'metadata', 'model', 'report'],
    packages: [],
  },
  // doctor: the connected user's own access against the request catalog and the rules' facets.
  doctor: { ours: ['analyze', 'collect', 'model', 'transport'], packages: [] },
  // suggest: a permission set from the declared needs (analyze's needs and RG-0011's excess), the
  // app's policy file found with the metadata reader and read through files/, text laid out as
  // report/ lays it out.
  suggest: {
    ours: ['analyze', 'manifest', 'model', 'util', 'metadata', 'files', 'report'],
    packages: ['fast-xml-parser'],
  },
  cli: { ours: ['*'], packages: ['commander', 'yaml', 'zod'] },
};
const IO_FREE = new Set(['util', 'model', 'frameworks', 'analyze', 'report', 'drift']);

function sourceFiles(dir: string, tests = false): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path, tests);
    return entry.name.endsWith('.ts') && (tests || !entry.name.endsWith('.test.ts')) ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [
    ...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/g),
  ];
  const dynamic = [...text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)];
  return [...specifiers, ...dynamic].map((m) => m[1] ?? '');
}

const files = sourceFiles(SRC).map((file) => relative(SRC, file));

const RULES_DIR = join('analyze', 'rules');

/** The rule folder a path under src/ is in (`analyze/rules/<slug>/...`), or undefined. */
function ruleFolderOf(path: string): string | undefined {
  const parts = path.split(sep);
  const [a, b, slug] = parts;
  return a === 'analyze' && b === 'rules' && slug !== undefined && parts.length > 3
    ? slug
    : undefined;
}

/**
 * Imports of one file (path relative to src/) that reach into another rule's folder: a flat catalog
 * shares facts through src/analyze/facts/ or the model, never one rule through another.
 */
function crossRuleImports(file: string, specifiers: readonly string[]): string[] {
  const own = ruleFolderOf(file);
  if (own === undefined) return [];
  return specifiers.flatMap((specifier) => {
    if (!specifier.startsWith('.')) return [];
    const target = relative(SRC, join(SRC, file, '..', specifier));
    const other = ruleFolderOf(target);
    return other !== undefined && other !== own ? [target] : [];
  });
}

describe('architecture', () => {
  it('finds the source files', () => {
    expect(files.length).toBeGreaterThan(5);
  });

  for (const file of files) {
    const folder = file.includes(sep) ? (file.split(sep)[0] ?? '') : '';
    if (folder === '') continue; // src/index.ts and src/version.ts: the package surface
    it(`${file} imports only what ${folder}/ may`, () => {
      const rule = ALLOWED[folder];
      expect(rule, `folder src/${folder} is not in the architecture table`).toBeDefined();
      if (rule === undefined) return;
      for (const specifier of importsOf(join(SRC, file))) {
        if (specifier.startsWith('.')) {
          const target = relative(SRC, join(SRC, file, '..', specifier));
          const targetFolder = target.includes(sep)
            ? (target.split(sep)[0] ?? '')
            : target.replace(/\.js$/, '');
          if (targetFolder === folder) continue;
          const ok =
            rule.ours.includes('*') ||
            rule.ours.includes(targetFolder) ||
            (targetFolder === 'version' && folder === 'cli');
          expect(ok, `${file} imports src/${target}`).toBe(true);
        } else if (specifier.startsWith('node:')) {
          if (IO_FREE.has(folder)) {
            const pure =
              ['node:crypto'].includes(specifier) || (folder === 'util' && specifier !== 'node:fs');
            expect(pure, `${file} imports ${specifier} (no I/O in ${folder}/)`).toBe(true);
          }
        } else {
          const ok = rule.packages.some((p) => specifier === p || specifier.startsWith(`${p}/`));
          expect(ok, `${file} imports package ${specifier}`).toBe(true);
        }
      }
    });
  }
});

describe('a flat rule catalog: no rule folder imports another', () => {
  // Tests included: a rule's test that borrows another rule's examples couples them just the same.
  const ruleFiles = sourceFiles(join(SRC, RULES_DIR), true)
    .map((file) => relative(SRC, file))
    .filter((f) => ruleFolderOf(f) !== undefined);

  it('finds the rule folders', () => {
    expect(new Set(ruleFiles.map(ruleFolderOf)).size).toBeGreaterThan(30);
  });

  // The check itself, on synthetic imports: it must be able to fail.
  it('flags an import of another rule folder, and only that', () => {
    const file = join(RULES_DIR, 'dormant-integration', 'rule.ts');
    expect(crossRuleImports(file, ['../run-as-user-shared/rule.js'])).toEqual([
      join(RULES_DIR, 'run-as-user-shared', 'rule.js'),
    ]);
    expect(
      crossRuleImports(file, [
        './examples.js',
        '../references.js',
        '../../facts/login-history.js',
        '../../define-rule.js',
        '../../../model/snapshot.js',
        'zod',
      ]),
    ).toEqual([]);
    // Files outside a rule folder (the catalog's index) may import every rule.
    expect(
      crossRuleImports(join(RULES_DIR, 'index.ts'), ['./dormant-integration/rule.js']),
    ).toEqual([]);
  });

  for (const file of ruleFiles)
    it(`${file} imports no other rule folder`, () => {
      expect(
        crossRuleImports(file, importsOf(join(SRC, file))),
        'share facts through src/analyze/facts/ or src/model/ (docs/architecture.md 6)',
      ).toEqual([]);
    });
});

describe('nothing outside src/analyze/rules/ reaches into a rule folder', () => {
  // The engine runs rules through the catalog (src/analyze/rules/index.ts); a calculation another
  // module needs (suggest reads RG-0011's excess) lives in src/analyze/facts/, so a rule folder
  // stays the rule's own. Tests and scripts may load a rule's examples (the rule docs do).
  const ROOT = join(SRC, '..');

  /** Source files of a tree, without node_modules (test/fidelity has its own). */
  function walk(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) return [];
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return walk(path);
      return /\.[cm]?[jt]s$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
    });
  }

  /** Imports of one file (path relative to the repository) that land inside a rule folder. */
  function ruleFolderImports(file: string, specifiers: readonly string[]): string[] {
    if (file.startsWith(join('src', RULES_DIR) + sep)) return []; // the flat-catalog check's
    const mayLoadExamples = file.startsWith(`test${sep}`) || file.startsWith(`scripts${sep}`);
    return specifiers.flatMap((specifier) => {
      if (!specifier.startsWith('.')) return [];
      const target = relative(ROOT, join(ROOT, file, '..', specifier));
      if (!target.startsWith(`src${sep}`)) return [];
      if (ruleFolderOf(relative('src', target)) === undefined) return [];
      const examples = /^examples\.[jt]s$/.test(target.split(sep).at(-1) ?? '');
      return mayLoadExamples && examples ? [] : [target];
    });
  }

  // The check itself, on synthetic imports: it must be able to fail.
  it('flags an import of a file inside a rule folder, and only that', () => {
    const excess = '../analyze/rules/integration-excess-access/excess.js';
    expect(ruleFolderImports(join('src', 'suggest', 'plan.ts'), [excess])).toEqual([
      join('src', RULES_DIR, 'integration-excess-access', 'excess.js'),
    ]);
    expect(
      ruleFolderImports(join('src', 'suggest', 'plan.ts'), [
        '../analyze/rules/index.js',
        '../analyze/facts/excess-access.js',
        '../analyze/declared.js',
        'fast-xml-parser',
      ]),
    ).toEqual([]);
    // Tests and scripts may load examples, and nothing else of a rule.
    const script = join('scripts', 'gen-rule-docs.ts');
    expect(
      ruleFolderImports(script, ['../src/analyze/rules/dormant-integration/examples.js']),
    ).toEqual([]);
    expect(ruleFolderImports(script, ['../src/analyze/rules/dormant-integration/rule.js'])).toEqual(
      [join('src', RULES_DIR, 'dormant-integration', 'rule.js')],
    );
    expect(
      ruleFolderImports(join('src', 'report', 'x.ts'), [
        '../analyze/rules/dormant-integration/examples.js',
      ]),
    ).toEqual([join('src', RULES_DIR, 'dormant-integration', 'examples.js')]);
    // Inside src/analyze/rules/ the flat-catalog check applies instead.
    expect(
      ruleFolderImports(join('src', RULES_DIR, 'index.ts'), ['./dormant-integration/rule.js']),
    ).toEqual([]);
  });

  const outside = ['src', 'test', 'scripts']
    .flatMap((dir) => walk(join(ROOT, dir)))
    .map((file) => relative(ROOT, file))
    .filter((file) => !file.startsWith(join('src', RULES_DIR) + sep));

  it('finds the files it checks', () => {
    expect(outside).toContain(join('src', 'suggest', 'plan.ts'));
    expect(outside).toContain(join('scripts', 'gen-rule-docs.ts'));
    expect(outside).toContain(join('test', 'meta', 'architecture.test.ts'));
  });

  for (const file of outside)
    it(`${file} imports nothing from inside a rule folder`, () => {
      expect(
        ruleFolderImports(file, importsOf(join(ROOT, file))),
        'share it through src/analyze/facts/ (docs/architecture.md 6)',
      ).toEqual([]);
    });
});

describe('a rule reads only the facets it declares (docs/adr/0012-rule-facets.md)', () => {
  // Statically, on top of the engine's throw: a facet read on a path no test takes is still caught.
  const calls = (text: string, method: string) =>
    [...text.matchAll(new RegExp(`\\.${method}\\(\\s*'([A-Za-z]+)'`, 'g'))].map((m) => m[1] ?? '');

  it('finds the facet calls it checks', () => {
    expect(calls("ctx.facet('access'); ctx.optionalFacet('loginHistory')", 'facet')).toEqual([
      'access',
    ]);
  });

  for (const { meta } of RULES) {
    const folder = join(SRC, RULES_DIR, meta.slug);
    it(`${meta.id} ${meta.slug} declares every facet it reads`, () => {
      const text = readdirSync(folder)
        .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'examples.ts')
        .map((f) => readFileSync(join(folder, f), 'utf8'))
        .join('\n');
      for (const facet of calls(text, 'facet'))
        expect(meta.requires, `${meta.id} reads ${facet}`).toContain(facet);
      for (const facet of calls(text, 'optionalFacet'))
        expect(meta.optional ?? [], `${meta.id} reads ${facet} when collected`).toContain(facet);
      expect(text, `${meta.id} reads the snapshot`).not.toMatch(/\bctx\.snapshot\b/);
    });
  }
});

describe('one owner for each Salesforce rule of behaviour (src/model/policy)', () => {
  const policyFiles = files.filter((f) => f.startsWith(join('model', 'policy') + sep));

  it('exists', () => {
    expect(policyFiles.length).toBeGreaterThan(5);
  });

  it('imports nothing but the model and util, and no package or node module', () => {
    for (const file of policyFiles)
      for (const specifier of importsOf(join(SRC, file))) {
        expect(specifier.startsWith('.'), `${file} imports ${specifier}`).toBe(true);
        const target = relative(SRC, join(SRC, file, '..', specifier));
        const folder = target.split(sep)[0];
        expect(['model', 'util'], `${file} imports src/${target}`).toContain(folder);
      }
  });

  // The copies the policy module replaced, by the shape they had: none may come back elsewhere.
  const COPIES: [RegExp, string][] = [
    [/Date\.parse\([\w.]*expirationDate\)\s*[<>]/i, 'an assignment expiry comparison'],
    [/startsWith\(\s*'BYPASS'|includes\(\s*'RELAX'/, 'an IP relaxation test'],
    [/\bNUMBER_WORDS\b/, 'the session timeout words'],
    [/const \w+: readonly Weekday\[\] = \[/, 'a list of weekdays'],
    [/function profileOf\(/, 'a profile lookup'],
    [/function (?:ipInRange|ipv4Number|ipv4ToNumber)\(/, 'an IP range test'],
  ];
  for (const file of files.filter((f) => !policyFiles.includes(f))) {
    it(`${file} does not re-decide a policy`, () => {
      const text = readFileSync(join(SRC, file), 'utf8');
      for (const [pattern, what] of COPIES)
        expect(pattern.test(text), `${file} has ${what}: call src/model/policy`).toBe(false);
    });
  }
});

describe('no cycle between folders: fixture builds on metadata, never the reverse', () => {
  /** The folders each folder of src/ imports (tests left out). */
  function folderGraph(): Map<string, Set<string>> {
    const graph = new Map<string, Set<string>>();
    for (const file of files) {
      if (!file.includes(sep)) continue;
      const from = file.split(sep)[0] ?? '';
      for (const specifier of importsOf(join(SRC, file))) {
        if (!specifier.startsWith('.')) continue;
        const target = relative(SRC, join(SRC, file, '..', specifier));
        const to = target.includes(sep) ? (target.split(sep)[0] ?? '') : '';
        if (to === '' || to === from) continue;
        graph.set(from, (graph.get(from) ?? new Set()).add(to));
      }
    }
    return graph;
  }

  /** One cycle of the graph as a path (`a -> b -> a`), or undefined. */
  function cycleOf(graph: ReadonlyMap<string, ReadonlySet<string>>): string | undefined {
    const done = new Set<string>();
    const visit = (node: string, path: string[]): string | undefined => {
      if (path.includes(node)) return [...path.slice(path.indexOf(node)), node].join(' -> ');
      if (done.has(node)) return undefined;
      for (const next of graph.get(node) ?? []) {
        const found = visit(next, [...path, node]);
        if (found !== undefined) return found;
      }
      done.add(node);
      return undefined;
    };
    for (const node of graph.keys()) {
      const found = visit(node, []);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  it('finds a cycle when there is one (the check can fail)', () => {
    const graph = new Map([
      ['fixture', new Set(['metadata', 'model'])],
      ['metadata', new Set(['fixture'])],
    ]);
    expect(cycleOf(graph)).toBe('fixture -> metadata -> fixture');
    expect(cycleOf(new Map([['fixture', new Set(['metadata'])]]))).toBeUndefined();
  });

  it('metadata/ imports nothing of fixture/, and no folder imports itself back', () => {
    const graph = folderGraph();
    expect(graph.get('fixture')?.has('metadata')).toBe(true);
    expect([...(graph.get('metadata') ?? [])]).not.toContain('fixture');
    expect(cycleOf(graph)).toBeUndefined();
  });
});
