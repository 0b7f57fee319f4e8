// What `npm pack` puts in the published runas-guard package (issue 13; the sf plugin installs it as
// its peer, docs/adr/0024-sf-plugin.md): the built code, the binary, the docs, the migrations and
// the demo's org; no tests, no test fixtures, no sources, no sf plugin.

import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');

let files: string[];

beforeAll(() => {
  // --ignore-scripts: the package as it is built now, without running `prepare` (tsc) again.
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  const [info] = JSON.parse(out) as { files: { path: string }[] }[];
  files = (info?.files ?? []).map((f) => f.path);
}, 60_000);

describe('npm pack of the root package', () => {
  it('holds the binary, the built library, the docs and the migrations', () => {
    for (const file of [
      'package.json',
      'README.md',
      'bin/runas-guard.js',
      'dist/index.js',
      'dist/index.d.ts',
      'dist/cli/main.js',
      'dist/emulator/index.js',
      'docs/schemas/report.schema.json',
      'docs/sf-plugin-commands.md',
      'demo/org/emulator.json',
    ])
      expect(files, file).toContain(file);
    expect(files.some((f) => f.startsWith('migrations/sqlite/'))).toBe(true);
    expect(files.some((f) => f.startsWith('migrations/postgres/'))).toBe(true);
  });

  it('holds no test, test support, source, benchmark or sf plugin', () => {
    const unwanted = files.filter(
      (f) =>
        /\.test\.(js|d\.ts|ts)$/.test(f) ||
        /(^|\/)testing\//.test(f) ||
        /^(src|test|bench|scripts|plugin|coverage|artifacts)\//.test(f) ||
        f.startsWith('.'),
    );
    expect(unwanted).toEqual([]);
  });

  it('holds no fixture but the org the demo serves', () => {
    expect(files.filter((f) => /fixtures?\//.test(f) && !f.startsWith('dist/fixture/'))).toEqual(
      [],
    );
    // demo/: its README and the org `runas-guard demo` serves, nothing else.
    expect(files.filter((f) => f.startsWith('demo/') && !f.startsWith('demo/org/'))).toEqual([
      'demo/README.md',
    ]);
  });
});
