// `runas-guard emulator --org DIR` through the real CLI: the ready line, --token-file, errors.

import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { Connection } from '@jsforce/jsforce-node';
import { afterAll, describe, expect, it } from 'vitest';

import { firstLine, runCli, spawnCli } from '../helpers/cli.js';
import { NORTHWIND } from '../helpers/emulator.js';
import { tempDir } from '../helpers/guard.js';

describe('runas-guard emulator', () => {
  const children: ReturnType<typeof spawnCli>[] = [];
  afterAll(() => {
    for (const child of children) child.kill('SIGTERM');
  });

  it('prints one ready line whose token belongs to the auditor user', async () => {
    const child = spawnCli(['emulator', '--org', NORTHWIND, '--quiet']);
    children.push(child);
    const ready = JSON.parse(await firstLine(child)) as Record<string, string>;
    expect(Object.keys(ready).sort()).toEqual([
      'accessToken',
      'genericLoginUrl',
      'instanceUrl',
      'loginUrl',
    ]);
    expect(ready.instanceUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const conn = new Connection({
      instanceUrl: String(ready.instanceUrl),
      accessToken: String(ready.accessToken),
      version: '62.0',
    });
    const identity = await conn.identity();
    expect(identity.username).toBe('grace.okafor@northwindtraders.com');
  });

  it('keeps the token off stdout with --token-file (mode 0600)', async () => {
    const dir = tempDir('rg-');
    const tokenFile = join(dir, 'token');
    const child = spawnCli(['emulator', '--org', NORTHWIND, '--token-file', tokenFile, '--quiet']);
    children.push(child);
    const line = await firstLine(child);
    const ready = JSON.parse(line) as Record<string, string>;
    expect(ready.accessToken).toBeUndefined();
    const token = readFileSync(tokenFile, 'utf8');
    expect(token).toMatch(/^00D\w{12}!AQ/);
    expect(line).not.toContain(token);
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
  });

  it('exits 2 naming the directory when the org fixture does not exist', async () => {
    const result = await runCli(['emulator', '--org', '/nonexistent/org']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('/nonexistent/org');
  });

  it('exits 2 without --org', async () => {
    const result = await runCli(['emulator']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--org');
  });
});
