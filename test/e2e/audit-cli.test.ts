// The audit command's contract around the run: snapshots replay offline with the collection's clock,
// configuration errors exit 2 naming file and line, and no token reaches a file.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import type { AuditReport } from '../../src/model/finding.js';
import { runCli } from '../helpers/cli.js';
import { NORTHWIND, serveFixture } from '../helpers/emulator.js';
import { tempDir } from '../helpers/guard.js';

describe('audit --save-snapshot, then --snapshot', async () => {
  const running = await serveFixture(NORTHWIND);
  const dir = tempDir('rg-snap-');
  const file = join(dir, 'northwind.json');
  const manifest = join(NORTHWIND, 'runas-guard.yaml');

  it('replays the same findings offline, with the clock of the collection, and stores no token', async () => {
    const live = await runCli(
      [
        'audit',
        '--instance-url',
        running.instanceUrl,
        '--manifest',
        manifest,
        '--format',
        'json',
        '--save-snapshot',
        file,
      ],
      { SF_ACCESS_TOKEN: running.accessToken },
    );
    expect(live.code).toBe(1);
    const saved = readFileSync(file, 'utf8');
    for (const token of running.emulator.state.sessions.tokens())
      expect(saved).not.toContain(token);
    const replay = await runCli([
      'audit',
      '--snapshot',
      file,
      '--manifest',
      manifest,
      '--format',
      'json',
    ]);
    expect(replay.code).toBe(1);
    const [a, b] = [JSON.parse(live.stdout), JSON.parse(replay.stdout)] as AuditReport[];
    expect(b?.collectedAt).toBe(a?.collectedAt);
    expect(b?.findings).toEqual(a?.findings);
  });

  it('refuses a snapshot combined with a live source (exit 2)', async () => {
    const result = await runCli(
      ['audit', '--snapshot', file, '--instance-url', running.instanceUrl],
      {
        SF_ACCESS_TOKEN: running.accessToken,
      },
    );
    expect(result.code).toBe(2);
  });
});

describe('audit configuration errors', () => {
  it('exits 2 naming the manifest file, line and key', async () => {
    const dir = tempDir('rg-man-');
    const file = join(dir, 'runas-guard.yaml');
    writeFileSync(
      file,
      'integrations:\n  - name: a\n    app: A\n    needs:\n      objects:\n        Account: [reed]\n',
    );
    const result = await runCli([
      'audit',
      '--snapshot',
      join(dir, 'missing.json'),
      '--manifest',
      file,
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /runas-guard\.yaml:6: integrations\[0\]\.needs\.objects\.Account/,
    );
  });

  it('exits 2 for an unknown format, severity or framework', async () => {
    for (const args of [
      ['--format', 'pdf'],
      ['--fail-on', 'severe'],
      ['--framework', 'iso-27001'],
    ]) {
      const result = await runCli(['audit', '--snapshot', 'x.json', ...args]);
      expect(result.code, args.join(' ')).toBe(2);
    }
  });

  it('exits 2 with no source, and says which flags give one', async () => {
    const result = await runCli(['audit'], { SF_ACCESS_TOKEN: '' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--target-org');
  });

  it('exits 3 when the org cannot be reached', async () => {
    const result = await runCli(['audit', '--instance-url', 'http://127.0.0.1:9'], {
      SF_ACCESS_TOKEN: '00D000000000001!AQbogus',
    });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('could not be reached');
  });
});
