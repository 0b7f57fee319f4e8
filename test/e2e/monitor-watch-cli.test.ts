// `monitor watch`'s bad input in process (main()): each an exit 2 with one message, before the
// store is opened (no file written) or the org is asked; the webhook URL never repeated.

import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { afterEach, describe, expect, it, vi } from 'vitest';

import { main } from '../../src/cli/main.js';
import { tempDir } from '../helpers/guard.js';

const SECRET = 'T0BAD/B0BAD/b4dS3cr3tT0k3nXYZ';
const HOOK_VAR = 'RUNAS_GUARD_TEST_BAD_WEBHOOK';

afterEach(() => {
  process.exitCode = undefined;
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
    stdout += String(s);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
    stderr += String(s);
    return true;
  });
  try {
    return { code: await main(argv), stdout, stderr };
  } finally {
    vi.restoreAllMocks();
    process.exitCode = undefined;
  }
}

describe('monitor watch bad input', () => {
  const dir = tempDir('watch-cli-');

  it.each([
    [
      ['--webhook', `ftp://127.0.0.1/hooks/${SECRET}`],
      '--webhook: expected an http or https URL, not "ftp:" scheme',
    ],
    [
      ['--webhook', `file:///${SECRET}`],
      '--webhook: expected an http or https URL, not "file:" scheme',
    ],
    [['--webhook', `not a url ${SECRET}`], '--webhook: not a URL (expected https://… or http://…)'],
    [
      ['--webhook-env', 'RUNAS_GUARD_TEST_UNSET_HOOK'],
      '--webhook-env RUNAS_GUARD_TEST_UNSET_HOOK: the environment variable is not set',
    ],
    [
      ['--webhook', 'https://example.com/x', '--webhook-env', HOOK_VAR],
      '--webhook and --webhook-env cannot be combined: give one',
    ],
    [['--webhook-format', 'teams'], '--webhook-format needs --webhook URL or --webhook-env VAR'],
    [
      ['--webhook', 'https://example.com/x', '--webhook-format', 'xml'],
      '--webhook-format: expected one of json, slack, teams, got "xml"',
    ],
    [['--interval', 'soon'], '--interval: expected a duration such as 15m, 30s or 1h, got "soon"'],
    [['--interval', '0s'], '--interval: expected a duration such as 15m, 30s or 1h, got "0s"'],
    [['--max-runs', '0'], '--max-runs: expected a positive whole number, got "0"'],
    [['--max-runs', '-3'], '--max-runs: expected a positive whole number, got "-3"'],
  ])('%j', async (flags, message) => {
    vi.stubEnv(HOOK_VAR, `https://hooks.example.com/${SECRET}`);
    const db = join(dir, `bad-${Math.random().toString(36).slice(2)}.db`);
    const result = await cli([
      'monitor',
      'watch',
      '--db',
      db,
      '--instance-url',
      'http://127.0.0.1:9',
      '--interval',
      '1s',
      '--max-runs',
      '1',
      // A later --interval / --max-runs of a case wins (the last value counts).
      ...flags,
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`runas-guard: ${message}\n`);
    expect(result.stdout).toBe('');
    expect(existsSync(db)).toBe(false);
  });

  it('--interval is required', async () => {
    const db = join(dir, 'no-interval.db');
    const result = await cli(['monitor', 'watch', '--db', db, '--snapshot', 'x.json']);
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: 'runas-guard: --interval DURATION is required (e.g. 15m, 30s, 1h)\n',
    });
    expect(existsSync(db)).toBe(false);
  });
});

describe('monitor watch when the org cannot be reached', () => {
  it('each run is reported on stderr, the loop goes on, and the last one decides exit 3', async () => {
    vi.stubEnv('SF_ACCESS_TOKEN', '00Dxx0000000001!AQbadbadbadbad');
    const db = join(tempDir('watch-cli-down-'), 'history.db');
    const result = await cli([
      'monitor',
      'watch',
      '--db',
      db,
      '--instance-url',
      'http://127.0.0.1:9',
      '--interval',
      '10ms',
      '--max-runs',
      '2',
    ]);
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    for (const line of lines)
      expect(line).toMatch(
        /^watch: this iteration could not collect: The org at http:\/\/127\.0\.0\.1:9 could not be reached/,
      );
  });
});
