// Secrets in source (RG-0026) in preflight (docs/preflight.md): a change that adds a consumer
// secret, a private key or an access token fails with the file and the line, the value never printed in any format;
// a secret already at the base is existing, never the change's failure.

import { beforeAll, describe, expect, it } from 'vitest';

import type { PreflightReport } from '../../src/preflight/index.js';
import { runCli } from '../helpers/cli.js';
import { NORTHWIND } from '../helpers/emulator.js';
import { gitProject, type GitProject, NORTHWIND_FILES } from '../helpers/git-project.js';

const { LEDGER, UNHELD } = NORTHWIND_FILES;
// A dot-directory: the disk scan reads it, so the git one must too.
const KEY = 'force-app/main/default/.certs/jwt-signing.key';
const SECRET = 'Xq7Secr3tValue0f9Ledger4Export';
const KEY_BODY = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQDpreflightkey';
const SCRIPT = 'force-app/scripts/smoke-test.sh';
const TOKEN = `00D5g000004SaMp!AQ4AQFpreflight${'Tk'.repeat(40)}.x`;

let repo: GitProject;
let project = '';
const git = (...args: string[]): string => repo.git(args);

const preflight = (...args: string[]) =>
  runCli(['preflight', '--project', project, '--now', '2026-11-25T12:00:00Z', ...args], repo.env);

async function preflightJson(...args: string[]) {
  const result = await preflight('--format', 'json', ...args);
  return { ...result, report: JSON.parse(result.stdout) as PreflightReport };
}

beforeAll(() => {
  repo = gitProject(
    NORTHWIND,
    ['force-app', 'sfdx-project.json', 'runas-guard.yaml'],
    'preflight-secrets',
  );
  project = repo.project;
  const branch = (name: string, from: string, file: string, edit: (t: string) => string) => {
    repo.branch(name, file, edit, from);
  };
  branch('add-secret', 'main', LEDGER, (t) =>
    t.replace(
      /(<consumerKey>[^<]*<\/consumerKey>\n)/,
      `$1        <consumerSecret>${SECRET}</consumerSecret>\n`,
    ),
  );
  branch(
    'add-key',
    'main',
    KEY,
    () =>
      `# signing key of the ledger export\n\n-----BEGIN PRIVATE KEY-----\n${KEY_BODY}\n-----END PRIVATE KEY-----\n`,
  );
  branch(
    'add-token',
    'main',
    SCRIPT,
    () =>
      `#!/bin/sh\n# smoke test of the ledger export\ncurl -H "Authorization: Bearer ${TOKEN}" "$URL"\n`,
  );
  // The secret is already there at this change's base.
  branch('secret-then-relabel', 'add-secret', UNHELD, (t) =>
    t.replace('<label>Price Book Override</label>', '<label>Price Book Override (EMEA)</label>'),
  );
}, 60_000);

/** The 1-based line of the first line of `file` at `ref` that contains `needle`. */
function lineAt(ref: string, file: string, needle: string): number {
  return (
    git('show', `${ref}:northwind/${file}`)
      .split('\n')
      .findIndex((l) => l.includes(needle)) + 1
  );
}

describe('preflight: secrets in source (RG-0026)', () => {
  it('a change that adds a consumer secret: exit 1, RG-0026 introduced with the file and line', async () => {
    const { code, report } = await preflightJson('--base', 'main', '--head', 'add-secret');
    expect(code).toBe(1);
    const secrets = report.findings.filter((f) => f.ruleId === 'RG-0026' && f.status === 'fail');
    expect(secrets).toHaveLength(1);
    expect(secrets[0]).toMatchObject({ change: 'introduced', severity: 'critical' });
    const line = lineAt('add-secret', LEDGER, '<consumerSecret>');
    expect(line).toBeGreaterThan(1);
    expect(secrets[0]?.message).toContain(LEDGER);
    expect(secrets[0]?.message).toContain(`line ${line}`);
    // SARIF points at the file and the line.
    const sarif = JSON.parse(
      (await preflight('--base', 'main', '--head', 'add-secret', '--format', 'sarif')).stdout,
    ) as {
      runs: {
        results: {
          ruleId: string;
          locations: {
            physicalLocation?: {
              artifactLocation: { uri: string };
              region?: { startLine: number };
            };
          }[];
        }[];
      }[];
    };
    const result = sarif.runs[0]?.results.find((r) => r.ruleId === 'RG-0026');
    expect(result?.locations[0]?.physicalLocation?.artifactLocation.uri).toContain(LEDGER);
    expect(result?.locations[0]?.physicalLocation?.region?.startLine).toBe(line);
  });

  it('a change that adds a private key file (in a dot-directory): exit 1 naming the file and line', async () => {
    const { code, report } = await preflightJson('--base', 'main', '--head', 'add-key');
    expect(code).toBe(1);
    const secrets = report.findings.filter((f) => f.ruleId === 'RG-0026' && f.status === 'fail');
    expect(secrets.map((f) => f.change)).toEqual(['introduced']);
    expect(secrets[0]?.message).toContain(KEY);
    expect(secrets[0]?.message).toContain(`line ${lineAt('add-key', KEY, 'BEGIN PRIVATE KEY')}`);
  });

  it('a change that adds an access token to a script: exit 1 naming the file and line', async () => {
    const { code, report } = await preflightJson('--base', 'main', '--head', 'add-token');
    expect(code).toBe(1);
    const secrets = report.findings.filter((f) => f.ruleId === 'RG-0026' && f.status === 'fail');
    expect(secrets.map((f) => f.change)).toEqual(['introduced']);
    expect(secrets[0]?.message).toContain(SCRIPT);
    expect(secrets[0]?.message).toContain('an access token');
    expect(secrets[0]?.message).toContain(`line ${lineAt('add-token', SCRIPT, 'Bearer')}`);
  });

  it.each(['text', 'json', 'sarif', 'junit', 'markdown'])(
    'the value is never printed (%s)',
    async (format) => {
      for (const head of ['add-secret', 'add-key', 'add-token']) {
        const { code, stdout, stderr } = await preflight(
          '--base',
          'main',
          '--head',
          head,
          '--format',
          format,
        );
        expect(code).toBe(1);
        const named = { 'add-key': 'jwt-signing.key', 'add-token': 'smoke-test.sh' }[head];
        expect(stdout).toContain(named ?? 'Ledger_Export');
        // Neither the whole value nor the part after the org id.
        for (const value of [SECRET, KEY_BODY, TOKEN, TOKEN.slice(16)]) {
          expect(stdout).not.toContain(value);
          expect(stderr).not.toContain(value);
        }
      }
    },
  );

  it('a secret already at the base is existing: the change fails on nothing, exit 0', async () => {
    const { code, report } = await preflightJson(
      '--base',
      'add-secret',
      '--head',
      'secret-then-relabel',
    );
    expect(code).toBe(0);
    const secrets = report.findings.filter((f) => f.ruleId === 'RG-0026' && f.status === 'fail');
    expect(secrets.map((f) => f.change)).toEqual(['existing']);
    expect(report.summary.introduced).toBe(0);
  });

  it('a change that removes the secret introduces nothing', async () => {
    const { code, report } = await preflightJson('--base', 'add-secret', '--head', 'main');
    expect(code).toBe(0);
    expect(report.findings.filter((f) => f.ruleId === 'RG-0026')).toEqual([]);
  });
});
