// The probe command in-process against the demo org in the emulator on 127.0.0.1: the real probe,
// the real live audit for the facts, and `audit --probe`. The CLI end to end is test/e2e/probe-cli.test.ts.

import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { runAudit } from '../../audit/run-audit.js';
import { resolveLiveSource } from '../../collect/live/connect.js';
import { loadManifest } from '../../manifest/load.js';
import { ProbeReportSchema } from '../../model/probe-report.js';
import { clientOf, DEMO_ORG, serveFixture } from '../../../test/helpers/emulator.js';
import { assertValidReport } from '../../../test/helpers/validate-report.js';
import { CliError } from '../errors.js';
import { auditWithProbes } from '../../audit/probe-audit.js';
import {
  type ProbeFlags,
  type ProbeIo,
  runProbeCommand,
  type SecretInput,
  secretEnvVarOf,
  secretsFromEnv,
} from './probe.js';

const MANIFEST = join(DEMO_ORG, 'runas-guard.yaml');

function stdinOf(text: string | undefined, options: { tty?: boolean } = {}): SecretInput {
  return {
    ...(options.tty === true ? { isTTY: true } : {}),
    async *[Symbol.asyncIterator]() {
      if (text !== undefined) yield Buffer.from(text);
      await Promise.resolve();
    },
  };
}

/** A pipe that never delivers anything and never ends. */
function silentStdin(): SecretInput & { destroyed: boolean } {
  const input = {
    destroyed: false,
    destroy() {
      input.destroyed = true;
    },
    [Symbol.asyncIterator]: () => ({
      next: () => new Promise<IteratorResult<Buffer>>(() => undefined),
    }),
  };
  return input;
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

describe('runProbeCommand', async () => {
  const running = await serveFixture(DEMO_ORG);
  const org = running.emulator.state.org;
  const env = { SF_ACCESS_TOKEN: running.accessToken };

  async function run(
    flags: ProbeFlags,
    extraEnv: Record<string, string> = {},
    stdin: SecretInput = stdinOf(undefined, { tty: true }),
    more: Partial<ProbeIo> = {},
  ): Promise<Run> {
    let stdout = '';
    let stderr = '';
    const code = await runProbeCommand(
      flags,
      { ...env, ...extraEnv },
      {
        stdout: (s) => (stdout += s),
        stderr: (s) => (stderr += s),
        stdin,
        ...more,
      },
    );
    return { code, stdout, stderr };
  }

  /** Flags of a live probe of `app`; an override set to undefined removes that flag. */
  function live(
    app: string,
    overrides: { [K in keyof ProbeFlags]?: ProbeFlags[K] | undefined } = {},
  ): ProbeFlags {
    const flags: Record<string, unknown> = {
      app,
      instanceUrl: running.instanceUrl,
      manifest: MANIFEST,
      clientId: clientOf(org, app).clientId,
      clientSecretEnv: 'APP_SECRET',
      ...overrides,
    };
    return Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined));
  }
  const secret = (app: string): Record<string, string> => ({
    APP_SECRET: clientOf(org, app).clientSecret,
  });

  describe('usage errors (exit 2, nothing sent)', () => {
    async function usage(
      flags: ProbeFlags,
      extraEnv: Record<string, string> = {},
      stdin?: SecretInput,
    ): Promise<CliError> {
      const before = running.emulator.state.log.length;
      const error = await run(flags, extraEnv, stdin).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(CliError);
      expect((error as CliError).exitCode).toBe(2);
      expect(running.emulator.state.log.length).toBe(before);
      return error as CliError;
    }

    it('refuses --client-secret without quoting it', async () => {
      const error = await usage(live('Fleet_Telematics', { clientSecret: 'hunter2-secret-value' }));
      expect(error.message).toContain('--client-secret-env');
      expect(error.message).not.toContain('hunter2-secret-value');
    });

    it('needs --app, a known format, and a source or --login-url', async () => {
      await usage({ instanceUrl: running.instanceUrl });
      await usage({ ...live('Fleet_Telematics'), app: 'Not a name!' });
      await usage(live('Fleet_Telematics', { format: 'sarif' }));
      const none = await usage({ app: 'Fleet_Telematics', clientId: 'x' });
      expect(none.message).toContain('--login-url');
    });

    it('needs the secret: the named variable set, or stdin that is not a terminal', async () => {
      const unset = await usage(live('Fleet_Telematics', { clientSecretEnv: 'NOT_SET_ANYWHERE' }));
      expect(unset.message).toContain('NOT_SET_ANYWHERE');
      const tty = await usage(live('Fleet_Telematics', { clientSecretEnv: undefined }));
      expect(tty.message).toContain('stdin');
      await usage(live('Fleet_Telematics', { clientSecretEnv: undefined }), {}, stdinOf(''));
      await usage(
        live('Fleet_Telematics', { clientSecretEnv: undefined }),
        {},
        stdinOf('x'.repeat(5000)),
      );
    });

    it('gives up on a stdin that never delivers, and releases it', async () => {
      const stdin = silentStdin();
      const error = await run(live('Fleet_Telematics', { clientSecretEnv: undefined }), {}, stdin, {
        stdinTimeoutMs: 50,
      }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(CliError);
      expect((error as Error).message).toContain('--client-secret-env');
      expect(stdin.destroyed).toBe(true);
    });

    it('needs a client id when neither the flag, the manifest nor the org gives one', async () => {
      // Fleet_Telematics is an External Client App: the org does not expose its consumer key.
      const error = await run(
        live('Fleet_Telematics', { clientId: undefined }),
        secret('Fleet_Telematics'),
      ).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(CliError);
      expect((error as Error).message).toContain('--client-id');
    });
  });

  it('healthy app with the secret on stdin: exit 0, the run-as user and every step', async () => {
    const app = 'Fleet_Telematics';
    const result = await run(
      live(app, { clientSecretEnv: undefined }),
      {},
      stdinOf(`${clientOf(org, app).clientSecret}\n`),
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Run-as user    telematics.integration@acme-logistics.example');
    for (const step of ['token', 'identity', 'api', 'describe Shipment__c', 'soql 1'])
      expect(result.stdout).toMatch(new RegExp(`OK {4}${step}\\s+\\d+ ms`));
    expect(result.stdout.trimEnd().endsWith('Result: PASSED')).toBe(true);
    expect(result.stderr).toBe('');
  });

  it('takes the client id from the manifest, else from the app metadata', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rg-probe-'));
    const manifest = join(dir, 'runas-guard.yaml');
    writeFileSync(
      manifest,
      readFileSync(MANIFEST, 'utf8').replace(
        '    app: Dock_Scheduling\n',
        `    app: Dock_Scheduling\n    clientId: ${clientOf(org, 'Dock_Scheduling').clientId}\n`,
      ),
    );
    const fromManifest = await run(
      live('Dock_Scheduling', { clientId: undefined, manifest }),
      secret('Dock_Scheduling'),
    );
    // The key was accepted: the failure is the run-as user's, not invalid_client_id.
    expect(fromManifest.code).toBe(1);
    expect(fromManifest.stdout).toContain('invalid_grant: inactive user');
    const fromOrg = await run(
      live('Warehouse_Scanner', { clientId: undefined }),
      secret('Warehouse_Scanner'),
    );
    expect(fromOrg.code).toBe(1);
    expect(fromOrg.stdout).toMatch(/FAIL {2}api\s+\d+ ms {2}API_CURRENTLY_DISABLED/);
  });

  it('--format json --output FILE: the report validates, with the audit facts it used', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rg-probe-'));
    const output = join(dir, 'probe.json');
    // An org of its own: the refused grants of earlier tests are in the shared org's Login History
    // (RG-0031), and whether the audit counts them depends on the second they fell in.
    const fresh = await serveFixture(DEMO_ORG);
    const result = await run(
      live('Dock_Scheduling', { format: 'json', output, instanceUrl: fresh.instanceUrl }),
      { ...secret('Dock_Scheduling'), SF_ACCESS_TOKEN: fresh.accessToken },
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(statSync(output).mode & 0o777).toBe(0o600);
    const report = ProbeReportSchema.parse(JSON.parse(readFileSync(output, 'utf8')));
    expect(report.facts).toMatchObject({ source: 'live', failingRules: ['RG-0003', 'RG-0030'] });
    expect(report.probe.diagnosis?.causes[0]?.id).toBe('run-as-user-inactive');
  });

  it('ranks with a saved snapshot (--snapshot) and still probes the org', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rg-probe-'));
    const file = join(dir, 'snapshot.json');
    const source = resolveLiveSource({ instanceUrl: running.instanceUrl }, env);
    if (source === undefined) throw new Error('live source');
    await runAudit({ source: { kind: 'live', source }, saveSnapshot: file });
    const result = await run(
      {
        app: 'Dock_Scheduling',
        snapshot: file,
        manifest: MANIFEST,
        clientId: clientOf(org, 'Dock_Scheduling').clientId,
        clientSecretEnv: 'APP_SECRET',
        format: 'json',
      },
      secret('Dock_Scheduling'),
    );
    expect(result.code).toBe(1);
    const report = ProbeReportSchema.parse(JSON.parse(result.stdout));
    expect(report.facts.source).toBe('snapshot');
    expect(report.probe.diagnosis?.causes[0]).toMatchObject({
      id: 'run-as-user-inactive',
      verdict: 'found',
    });
  });
});

describe('auditWithProbes (audit --probe)', async () => {
  const running = await serveFixture(DEMO_ORG);
  const org = running.emulator.state.org;

  it('probes the apps with a client id and a secret, confirms the findings, lists the others', async () => {
    const source = resolveLiveSource(
      { instanceUrl: running.instanceUrl },
      { SF_ACCESS_TOKEN: running.accessToken },
    );
    if (source === undefined) throw new Error('live source');
    const manifest = await loadManifest(MANIFEST);
    const outcome = await runAudit({ source: { kind: 'live', source }, manifest });
    const env: Record<string, string> = {};
    for (const app of [
      'Dock_Scheduling',
      'Warehouse_Scanner',
      'Freight_Billing',
      'Fleet_Telematics',
    ])
      env[secretEnvVarOf(app)] = clientOf(org, app).clientSecret;
    expect(secretEnvVarOf('Dock_Scheduling')).toBe('RUNAS_GUARD_SECRET_DOCK_SCHEDULING');

    const { report, probes, exitCode } = await auditWithProbes(outcome, {
      secretOf: secretsFromEnv(env),
      manifest,
    });
    expect(exitCode).toBe(1);
    const outcomes = Object.fromEntries(probes.map((p) => [p.app, p.outcome]));
    expect(outcomes).toMatchObject({
      Dock_Scheduling: 'failed',
      Warehouse_Scanner: 'failed',
      Freight_Billing: 'passed',
      // An External Client App: no consumer key from the org and none in the manifest.
      Fleet_Telematics: 'not-probed',
      Customs_Broker: 'not-probed',
      Legacy_EDI_Gateway: 'not-probed',
    });
    expect(probes.find((p) => p.app === 'Fleet_Telematics')?.reason).toContain('client id');
    expect(probes.find((p) => p.app === 'Partner_Portal_Sync')?.reason).toBe(
      'no secret: set the environment variable RUNAS_GUARD_SECRET_PARTNER_PORTAL_SYNC',
    );

    const confirmed = report.findings
      .filter((f) => f.evidence?.confirmedByProbe !== undefined)
      .map((f) => `${f.ruleId} ${f.app}`)
      .sort();
    expect(confirmed).toContain('RG-0003 Dock_Scheduling');
    expect(confirmed).toContain('RG-0007 Warehouse_Scanner');
    expect(confirmed.some((c) => c.endsWith('Freight_Billing'))).toBe(false);
    const inactive = report.findings.find(
      (f) => f.ruleId === 'RG-0003' && f.app === 'Dock_Scheduling',
    );
    expect(inactive?.message).toMatch(
      /\. Confirmed by a failing probe: token invalid_grant: inactive user\.$/,
    );

    const json = JSON.stringify(report);
    expect(() => assertValidReport(JSON.parse(json))).not.toThrow();
    for (const value of [...Object.values(env), ...running.emulator.state.sessions.tokens()])
      expect(json).not.toContain(value);
  });
});
