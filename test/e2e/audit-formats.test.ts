// `runas-guard audit --format sarif,junit,markdown --output-dir DIR` through the real CLI
// (docs/formats.md): every format from the one report, written atomically, the exit code unchanged;
// bad format flags are exit 2 with nothing written. The output directories are scanned by the
// suite's secret guard: the project's consumer secret and private key appear in none of them.

import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { runAudit } from '../../src/audit/run-audit.js';
import { ruleCatalog } from '../../src/cli/commands/audit.js';
import { loadManifest } from '../../src/manifest/load.js';
import { renderJunit, renderMarkdown, renderSarif } from '../../src/report/index.js';
import { fixedClock } from '../../src/util/clock.js';
import { runCli } from '../helpers/cli.js';
import { DEMO_ORG, liveSource, serveFixture } from '../helpers/emulator.js';
import { tempDir } from '../helpers/guard.js';
import { validateSarif } from '../helpers/validate-sarif.js';

const WITH_SECRET = join(import.meta.dirname, '../fixtures/projects/with-secret');
const NOW = '2026-11-25T12:00:00.000Z';
const DEMO = ['audit', '--project', DEMO_ORG, '--manifest', join(DEMO_ORG, 'runas-guard.yaml')];

describe('audit --format with several formats', () => {
  it('writes each format to DIR/runas-guard.<ext> from one audit, with the exit code of --format json', async () => {
    const dir = join(tempDir(), 'reports'); // created by the command
    const [several, json] = await Promise.all([
      runCli([...DEMO, '--now', NOW, '--format', 'sarif,junit,markdown,json', '--output-dir', dir]),
      runCli([...DEMO, '--now', NOW, '--format', 'json']),
    ]);
    expect(several.stderr).toBe('');
    expect(several.stdout).toBe('');
    expect(several.code).toBe(json.code);
    expect(several.code).toBe(1);
    expect(readdirSync(dir).sort()).toEqual([
      'runas-guard.json',
      'runas-guard.junit.xml',
      'runas-guard.md',
      'runas-guard.sarif',
    ]);
    // The same report: JSON byte for byte (generatedAt aside), and the SARIF results its failures.
    const written = JSON.parse(readFileSync(join(dir, 'runas-guard.json'), 'utf8')) as {
      generatedAt: string;
      findings: { status: string; waivedStatus?: string }[];
    };
    const printed = JSON.parse(json.stdout) as typeof written;
    expect({ ...written, generatedAt: '' }).toEqual({ ...printed, generatedAt: '' });
    const sarif = JSON.parse(readFileSync(join(dir, 'runas-guard.sarif'), 'utf8')) as {
      runs: { results: unknown[]; tool: { driver: { rules: { shortDescription: unknown }[] } } }[];
    };
    expect(validateSarif(sarif)).toEqual([]);
    const failing = written.findings.filter(
      (f) => f.status === 'fail' || f.waivedStatus === 'fail',
    );
    expect(sarif.runs[0]?.results).toHaveLength(failing.length);
    const junit = readFileSync(join(dir, 'runas-guard.junit.xml'), 'utf8');
    expect(junit.match(/<testcase /g)).toHaveLength(written.findings.length);
    expect(readFileSync(join(dir, 'runas-guard.md'), 'utf8')).toMatch(
      /^## ❌ runas-guard audit: FAIL/,
    );
  });

  it('writes one format to --output, and to stdout without it', async () => {
    const file = join(tempDir(), 'audit.sarif');
    const result = await runCli([
      'audit',
      '--project',
      WITH_SECRET,
      '--now',
      NOW,
      '--format',
      'sarif',
      '--output',
      file,
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    const sarif = JSON.parse(readFileSync(file, 'utf8')) as {
      runs: { results: { ruleId: string; locations: unknown[] }[] }[];
    };
    expect(validateSarif(sarif)).toEqual([]);
    expect(sarif.runs[0]?.results.map((r) => r.ruleId)).toEqual(['RG-0026', 'RG-0026']);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toMatch(/FAKE5EC|BEGIN PRIVATE KEY|VGhpcyBm/);
  });
});

describe.concurrent('audit --format: bad flags are exit 2 and write nothing', () => {
  const cases: [string, (dir: string) => string[], RegExp][] = [
    [
      'several formats without --output-dir',
      (dir) => ['--format', 'sarif,markdown', '--output', join(dir, 'x')],
      /several formats need --output-dir DIR/,
    ],
    ['an unknown format in the list', () => ['--format', 'sarif,pdf'], /--format: expected one of/],
    [
      '--output with --output-dir',
      (dir) => ['--format', 'sarif', '--output', join(dir, 'x'), '--output-dir', dir],
      /--output and --output-dir cannot be combined/,
    ],
    [
      '--output-dir naming a file',
      (dir) => {
        writeFileSync(join(dir, 'file'), 'keep');
        return ['--format', 'sarif,junit', '--output-dir', join(dir, 'file')];
      },
      /--output-dir: .*file is not a directory/,
    ],
  ];

  for (const [name, flags, message] of cases)
    // Concurrent: each test asserts with its own expect.
    it(name, async ({ expect }) => {
      const dir = tempDir();
      const args = flags(dir);
      const before = readdirSync(dir).sort();
      const result = await runCli(['audit', '--project', WITH_SECRET, ...args]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stdout).toBe('');
      expect(readdirSync(dir).sort()).toEqual(before);
      if (before.includes('file')) expect(readFileSync(join(dir, 'file'), 'utf8')).toBe('keep');
      expect(existsSync(join(dir, 'runas-guard.sarif'))).toBe(false);
    });
});

describe('the CI formats of a live audit of the demo org (the emulator over HTTP)', async () => {
  const running = await serveFixture(DEMO_ORG, { clock: fixedClock(new Date(NOW)) });
  const { report } = await runAudit({
    source: { kind: 'live', source: liveSource(running.instanceUrl, running.accessToken) },
    manifest: await loadManifest(join(DEMO_ORG, 'runas-guard.yaml')),
  });
  const failing = report.findings.filter((f) => f.status === 'fail' || f.waivedStatus === 'fail');
  const orgId = report.org?.id ?? '?';

  it('SARIF: valid, one result per failure, located in the org logically and in no file', () => {
    const log = JSON.parse(renderSarif(report, { rules: ruleCatalog() })) as {
      runs: {
        results: {
          partialFingerprints: Record<string, string>;
          locations: {
            physicalLocation?: unknown;
            logicalLocations: { fullyQualifiedName: string }[];
          }[];
          properties: { app: string };
        }[];
      }[];
    };
    expect(validateSarif(log)).toEqual([]);
    const results = log.runs[0]?.results ?? [];
    expect(failing.length).toBeGreaterThan(3);
    expect(results.map((r) => r.partialFingerprints['runasGuardFingerprint/v1'])).toEqual(
      failing.map((f) => f.fingerprint),
    );
    for (const result of results) {
      const [location] = result.locations;
      expect(location?.physicalLocation).toBeUndefined();
      expect(location?.logicalLocations[0]?.fullyQualifiedName).toMatch(
        new RegExp(`^${orgId}/${result.properties.app}(/|$)`),
      );
    }
  });

  it('JUnit: one test case per finding, a failure per failing finding', () => {
    const xml = renderJunit(report);
    expect(xml.match(/<testcase /g)).toHaveLength(report.findings.length);
    expect(xml.match(/<failure /g)).toHaveLength(report.summary.fail);
  });

  it('Markdown: a table for every integration with a failure, worst first, under the limit', () => {
    const text = renderMarkdown(report);
    expect(text.length).toBeLessThan(65_536);
    const shown = text
      .split('\n')
      .filter((l) => l.startsWith('### ❌ FAIL'))
      .map((l) => /`([^`]+)`/.exec(l)?.[1]);
    const apps = new Set(report.findings.filter((f) => f.status === 'fail').map((f) => f.app));
    expect(new Set(shown)).toEqual(apps);
    expect(text).not.toContain('Truncated');
  });
});
