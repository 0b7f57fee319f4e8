// `runas-guard probe` and `audit --probe` through the real CLI (a child process, from source) against
// the demo org in the emulator on 127.0.0.1: exit codes, the diagnosis, the secret from stdin, the
// published JSON schema, and no secret or token in stdout, stderr, the JSON or the emulator log.

import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { AuditReportSchema } from '../../src/model/finding.js';
import { ProbeReportSchema } from '../../src/model/probe-report.js';
import { runCli as runSharedCli } from '../helpers/cli.js';
import type { CliResult } from '../helpers/cli.js';
import { clientOf, DEMO_ORG, serveFixture } from '../helpers/emulator.js';
import { assertValidReport, validateJsonSchema } from '../helpers/validate-report.js';
import type { JsonSchema } from '../helpers/validate-report.js';

const ROOT = join(import.meta.dirname, '../..');
const MANIFEST = join(DEMO_ORG, 'runas-guard.yaml');
const PROBE_SCHEMA = JSON.parse(
  readFileSync(join(ROOT, 'docs/schemas/probe.schema.json'), 'utf8'),
) as JsonSchema;

/** Runs the CLI with `stdin` piped in (an empty pipe by default); the shared helper records it for the guard. */
function runCli(args: string[], env: NodeJS.ProcessEnv, stdin = ''): Promise<CliResult> {
  return runSharedCli(args, env, { stdin });
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('runas-guard probe (CLI)', async () => {
  const running = await serveFixture(DEMO_ORG);
  const org = running.emulator.state.org;
  const outputs: string[] = [];

  /** `probe --app APP` against the emulator's My Domain, the secret in APP_SECRET. */
  async function probe(app: string, more: string[] = [], stdin?: string): Promise<CliResult> {
    const client = clientOf(org, app);
    const args = [
      'probe',
      '--app',
      app,
      '--instance-url',
      running.instanceUrl,
      '--manifest',
      MANIFEST,
      '--client-id',
      client.clientId,
      ...(stdin === undefined ? ['--client-secret-env', 'APP_SECRET'] : []),
      ...more,
    ];
    const result = await runCli(
      args,
      { SF_ACCESS_TOKEN: running.accessToken, APP_SECRET: client.clientSecret },
      stdin,
    );
    outputs.push(result.stdout, result.stderr);
    return result;
  }

  function json(result: CliResult) {
    const doc = JSON.parse(result.stdout) as unknown;
    expect(validateJsonSchema(PROBE_SCHEMA, doc)).toEqual([]);
    return ProbeReportSchema.parse(doc);
  }

  it('healthy app: exit 0, each step timed, the run-as user', async () => {
    const result = await probe('Fleet_Telematics');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    for (const step of ['token', 'identity', 'api', 'describe Shipment__c', 'soql 1'])
      expect(result.stdout).toMatch(new RegExp(`OK {4}${step}\\s+\\d+ ms`));
    expect(result.stdout).toContain(
      'Run-as user    telematics.integration@acme-logistics.example (0055e00000AcmU3AAJ)',
    );
    expect(result.stdout.trimEnd().endsWith('Result: PASSED')).toBe(true);
  });

  it('token failure (Dock_Scheduling, inactive run-as user): exit 1, the cause first', async () => {
    const text = await probe('Dock_Scheduling');
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/FAIL {2}token\s+\d+ ms {2}invalid_grant: inactive user/);
    const flat = text.stdout.replace(/\s+/g, ' ');
    expect(flat).toContain('Likely cause The run-as user is deactivated (RG-0003');
    expect(flat).toContain('deactivated on 2026-11-20 by dana.whitfield');
    expect(flat).toContain('Fix Reactivate the user');
    const result = await probe('Dock_Scheduling', ['--format', 'json']);
    expect(result.code).toBe(1);
    const report = json(result);
    // The first probe's refused grant is in Login History now (docs/emulator.md): RG-0031 fails too.
    expect(report.facts).toMatchObject({
      source: 'live',
      failingRules: ['RG-0003', 'RG-0030', 'RG-0031'],
    });
    expect(report.probe.failure).toMatchObject({ step: 'token', error: { code: 'invalid_grant' } });
    expect(report.probe.diagnosis?.causes[0]?.id).toBe('run-as-user-inactive');
  });

  it('follow-on failure (Warehouse_Scanner, API_CURRENTLY_DISABLED): exit 1', async () => {
    const result = await probe('Warehouse_Scanner', ['--format', 'json']);
    expect(result.code).toBe(1);
    const report = json(result);
    expect(report.probe.steps.map((s) => `${s.name} ${String(s.ok)}`)).toEqual([
      'token true',
      'identity true',
      'api false',
    ]);
    expect(report.probe.failure).toMatchObject({
      step: 'api',
      error: { status: 403, code: 'API_CURRENTLY_DISABLED' },
    });
    expect(report.probe.diagnosis?.causes[0]?.id).toBe('run-as-user-api-disabled');
  });

  it('wrong token host (--login-url the generic login host): diagnosed', async () => {
    const result = await probe('Fleet_Telematics', [
      '--login-url',
      running.genericLoginUrl,
      '--format',
      'json',
    ]);
    expect(result.code).toBe(1);
    const report = json(result);
    expect(report.probe.loginUrl).toBe(running.genericLoginUrl);
    expect(report.probe.failure?.error.message).toBe('request not supported on this domain');
    expect(report.probe.diagnosis?.causes[0]).toMatchObject({
      id: 'wrong-token-host',
      verdict: 'found',
    });
  });

  it('the secret from stdin works', async () => {
    const client = clientOf(org, 'Fleet_Telematics');
    const result = await probe('Fleet_Telematics', [], `${client.clientSecret}\n`);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Result: PASSED');
  });

  it('--client-secret as a flag does not exist: exit 2, the value never echoed', async () => {
    const value = clientOf(org, 'Fleet_Telematics').clientSecret;
    for (const form of [['--client-secret', value], [`--client-secret=${value}`]]) {
      const result = await probe('Fleet_Telematics', form);
      expect(result.code).toBe(2);
      expect(result.stdout + result.stderr).not.toContain(value);
    }
  });

  it('the org down (connection refused): exit 3', async () => {
    const down = `http://127.0.0.1:${String(await closedPort())}`;
    // The audit reaches the org; its token host does not answer.
    const tokenHostDown = await probe('Fleet_Telematics', ['--login-url', down]);
    expect(tokenHostDown.code).toBe(3);
    expect(tokenHostDown.stdout).toMatch(/FAIL {2}token\s+\d+ ms {2}ECONNREFUSED/);
    expect(tokenHostDown.stdout).toContain('Result: UNREACHABLE');
    // No source at all, only the token host (a live source that is down gives 3 as well, after
    // jsforce's retries of the audit's requests: too slow for this test).
    const loginOnly = await runCli(
      ['probe', '--app', 'Fleet_Telematics', '--login-url', down, '--client-id', 'key'],
      {},
      'a-secret-value\n',
    );
    outputs.push(loginOnly.stdout, loginOnly.stderr);
    expect(loginOnly.code).toBe(3);
    expect(loginOnly.stderr).toContain('no source given');
    expect(loginOnly.stdout + loginOnly.stderr).not.toContain('a-secret-value');
  });

  it('audit --probe marks the finding a failing probe confirms', async () => {
    const result = await runCli(
      ['audit', '--instance-url', running.instanceUrl, '--manifest', MANIFEST, '--probe'].concat([
        '--format',
        'json',
      ]),
      {
        SF_ACCESS_TOKEN: running.accessToken,
        RUNAS_GUARD_SECRET_DOCK_SCHEDULING: clientOf(org, 'Dock_Scheduling').clientSecret,
      },
    );
    outputs.push(result.stdout, result.stderr);
    expect(result.code).toBe(1);
    const report = AuditReportSchema.parse(assertValidReport(JSON.parse(result.stdout)));
    const inactive = report.findings.find(
      (f) => f.ruleId === 'RG-0003' && f.app === 'Dock_Scheduling',
    );
    expect(inactive?.evidence?.confirmedByProbe).toEqual({
      step: 'token',
      error: 'invalid_grant: inactive user',
    });
    expect(inactive?.message).toContain('Confirmed by a failing probe: token invalid_grant');
    expect(report.probes?.find((p) => p.app === 'Dock_Scheduling')?.outcome).toBe('failed');
    expect(report.probes?.find((p) => p.app === 'Freight_Billing')?.outcome).toBe('not-probed');
  });

  it('no secret and no token in stdout, stderr, the JSON or the emulator log', () => {
    const secrets = [
      ...org.clients.map((c) => c.consumerSecret),
      ...running.emulator.state.sessions.tokens(),
    ];
    expect(secrets.length).toBeGreaterThan(org.clients.length);
    const everything = [...outputs, JSON.stringify(running.emulator.state.log)].join('\n');
    expect(outputs.length).toBeGreaterThan(10);
    for (const secret of secrets) expect(everything).not.toContain(secret);
    expect(everything).not.toMatch(/00D\w{12,15}![\w.]{10,}/);
  });
});
