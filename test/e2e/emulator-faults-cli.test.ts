// `runas-guard emulator --faults FILE` through the real CLI: a bad fault file stops it before it
// listens (exit 2), a stalled request does not keep it from stopping, and the request log on stderr
// is complete when it stops on SIGTERM.

import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import type { RequestLogEntry } from '../../src/emulator/state.js';
import { firstLine, runCli, spawnCli } from '../helpers/cli.js';
import { DEMO_ORG } from '../helpers/emulator.js';
import { tempDir } from '../helpers/guard.js';

const dir = tempDir('rg-faults-cli-');

function faultFile(name: string, faults: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify({ faults }));
  return file;
}

function logLines(stderr: string): RequestLogEntry[] {
  return stderr
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as RequestLogEntry);
}

describe('runas-guard emulator --faults', () => {
  const children: ReturnType<typeof spawnCli>[] = [];
  afterAll(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  });

  it('exits 2 before listening on an invalid regular expression, naming file, rule and field', async () => {
    const file = faultFile('bad-regex.json', [{ path: '/limits$' }, { path: '/query(' }]);
    const result = await runCli(['emulator', '--org', DEMO_ORG, '--faults', file]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(file);
    expect(result.stderr).toContain('faults[1].path: invalid regular expression');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 on an unknown field and on a redirect without a redirect status', async () => {
    const file = faultFile('bad-fields.json', [
      { path: '/query$', statuss: 500 },
      { path: '/query$', status: 200, location: '/elsewhere' },
    ]);
    const result = await runCli(['emulator', '--org', DEMO_ORG, '--faults', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('faults[0].statuss: unknown field');
    expect(result.stderr).toContain('faults[1].location: needs a redirect status');
  });

  it('stops on SIGTERM despite a stalled and a delayed request, with every request in the stderr log', async () => {
    const file = faultFile('stall.json', [
      { path: '/limits$', stall: true },
      { path: '/describe$', latencyMs: 120_000 },
    ]);
    const child = spawnCli(['emulator', '--org', DEMO_ORG, '--faults', file]);
    children.push(child);
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const ready = JSON.parse(await firstLine(child)) as {
      instanceUrl: string;
      accessToken: string;
    };
    const headers = { Authorization: `Bearer ${ready.accessToken}` };
    const stalled = fetch(`${ready.instanceUrl}/services/data/v62.0/limits`, { headers }).catch(
      () => 'dropped',
    );
    // A two-minute latency must not keep the process alive after SIGTERM either.
    const delayed = fetch(`${ready.instanceUrl}/services/data/v62.0/sobjects/User/describe`, {
      headers,
    }).catch(() => 'dropped');
    const count = 25;
    for (let i = 0; i < count; i++) {
      const response = await fetch(`${ready.instanceUrl}/services/data/v62.0/sobjects`, {
        headers,
      });
      expect(response.status).toBe(200);
    }
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const [code] = (await exited) as [number | null];
    expect(code).toBe(0);
    expect(await stalled).toBe('dropped');
    expect(await delayed).toBe('dropped');
    const log = logLines(stderr);
    expect(log.filter((e) => e.path === '/services/data/v62.0/sobjects')).toHaveLength(count);
    expect(
      log
        .filter((e) => e.status === 599)
        .map((e) => e.path)
        .sort(),
    ).toEqual(['/services/data/v62.0/limits', '/services/data/v62.0/sobjects/User/describe']);
    expect(stderr).not.toContain(ready.accessToken);
  });
});
