// The package ships the product only: the build leaves out test support (snapshot builders, the
// RuleTester, rule examples), so `dist/` holds none of it.

import { execFileSync } from 'node:child_process';
import { join, relative } from 'node:path';

import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');

/** The source files the published build compiles, relative to the repository. */
function builtSources(): string[] {
  const out = execFileSync(
    process.execPath,
    [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--listFilesOnly'],
    { cwd: ROOT, encoding: 'utf8' },
  );
  return out
    .split('\n')
    .filter((f) => f.startsWith(join(ROOT, 'src')))
    .map((f) => relative(ROOT, f));
}

describe('the published build', () => {
  const files = builtSources();

  it('compiles the product', () => {
    expect(files).toContain('src/cli/main.ts');
    expect(files).toContain('src/index.ts');
  });

  it('leaves out test support and test-only examples', () => {
    const testSupport = files.filter(
      (f) =>
        f.includes('/testing/') ||
        f.endsWith('.test.ts') ||
        f.endsWith('/examples.ts') ||
        f.endsWith('rule-tester.ts'),
    );
    expect(testSupport).toEqual([]);
  });
});
