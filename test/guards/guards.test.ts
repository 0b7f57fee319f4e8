// The suite-wide guards can fail: a secret planted in a recorded output, a temp file or an emulator
// log is caught and named (never printed); a write request or a Metadata API write operation reaching
// a watched emulator is caught; the shared helpers record what they produce.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { probeAuditIntegrations } from '../../src/audit/probe-audit.js';
import { runAudit } from '../../src/audit/run-audit.js';
import { resolveLiveSource } from '../../src/collect/live/connect.js';
import { startEmulator } from '../../src/emulator/server.js';
import { loadOrgFixture } from '../../src/fixture/index.js';
import { loadManifest } from '../../src/manifest/load.js';
import { runCli } from '../helpers/cli.js';
import { clientOf, DEMO_ORG, NORTHWIND, serveFixture } from '../helpers/emulator.js';
import {
  fixtureSecrets,
  guard,
  GuardRecorder,
  isReadOrToken,
  soapOperationOf,
} from '../helpers/guard.js';

const SOAP = (operation: string): string =>
  '<?xml version="1.0" encoding="UTF-8"?>' +
  '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="http://soap.sforce.com/2006/04/metadata">' +
  '<soapenv:Header><SessionHeader><sessionId>SESSION</sessionId></SessionHeader></soapenv:Header>' +
  `<soapenv:Body><${operation}><type>ConnectedApp</type></${operation}></soapenv:Body></soapenv:Envelope>`;

/** A token minted for an app of the served org by client credentials, as an integration gets it. */
async function mintToken(
  instanceUrl: string,
  clientId: string,
  clientSecret: string,
): Promise<string> {
  const response = await fetch(`${instanceUrl}/services/oauth2/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
    }),
  });
  const body = (await response.json()) as { access_token?: string };
  if (body.access_token === undefined) throw new Error(`no token: ${response.status}`);
  return body.access_token;
}

describe('the secret guard', () => {
  it('knows every client secret and private key line of the fixtures', async () => {
    const secrets = fixtureSecrets();
    const demo = await loadOrgFixture(DEMO_ORG);
    const northwind = await loadOrgFixture(NORTHWIND);
    const values = new Set(secrets.map((s) => s.value));
    for (const client of [...demo.clients, ...northwind.clients])
      expect(values.has(client.consumerSecret), client.app).toBe(true);
    expect(
      secrets.some((s) => s.origin.includes('with-secret') && s.origin.includes('consumerSecret')),
    ).toBe(true);
    expect(secrets.filter((s) => s.origin.includes('jwt_signing.key')).length).toBeGreaterThan(2);
  });

  it('catches a fixture secret planted in a recorded output, naming it without printing it', async () => {
    const recorder = new GuardRecorder();
    const { clientSecret } = clientOf(await loadOrgFixture(DEMO_ORG), 'Fleet_Telematics');
    recorder.record('the stdout of a planted run', `ok\n{"note":"${clientSecret}"}\n`);
    const violations = recorder.violations();
    expect(violations).toHaveLength(1);
    expect(violations[0]?.message).toContain('Fleet_Telematics');
    expect(violations[0]?.message).toContain('the stdout of a planted run');
    expect(JSON.stringify(violations)).not.toContain(clientSecret);
    recorder.reset();
    expect(recorder.violations()).toEqual([]);
  });

  it('catches a line of a private key, and a secret given through the environment or stdin', () => {
    const recorder = new GuardRecorder();
    const keyLine = fixtureSecrets().find((s) => s.origin.includes('jwt_signing.key'));
    if (keyLine === undefined) throw new Error('no key line');
    recorder.addSecretsOfEnv({ APP_SECRET: 'env-secret-0f9e8d7c', HOME: '/home/someone' }, 'a run');
    recorder.addSecret('stdin-secret-1a2b3c4d', 'stdin given to a run');
    recorder.record(
      'a report',
      `${keyLine.value} env-secret-0f9e8d7c stdin-secret-1a2b3c4d /home/someone`,
    );
    expect(recorder.violations().map((v) => v.message)).toEqual([
      `${keyLine.origin} appears in a report`,
      'APP_SECRET given to a run appears in a report',
      'stdin given to a run appears in a report',
    ]);
  });

  it('scans the files of its temp dirs and removes them afterwards', async () => {
    const recorder = new GuardRecorder();
    const { clientSecret } = clientOf(await loadOrgFixture(NORTHWIND), 'Ledger_Export');
    const dir = recorder.tempDir('rg-guard-');
    writeFileSync(join(dir, 'clean.json'), '{"fine":true}');
    expect(recorder.violations()).toEqual([]);
    writeFileSync(join(dir, 'snapshot.json'), `{"leak":"${clientSecret}"}`);
    // Named after the first fixture that holds it (the monitor's two days are Northwind copies).
    const messages = recorder.violations().map((v) => v.message);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(
      /^the consumerSecret of Ledger_Export in test\/fixtures\/[\w/-]+\/emulator\.json appears in the file /,
    );
    expect(messages[0]?.endsWith(` ${join(dir, 'snapshot.json')}`)).toBe(true);
    recorder.reset();
    await expect(import('node:fs/promises').then((fs) => fs.stat(dir))).rejects.toThrow(/ENOENT/);
  });

  it('knows every token a watched emulator mints, even after its sessions expire', async () => {
    const recorder = new GuardRecorder();
    const org = await loadOrgFixture(DEMO_ORG);
    const running = await startEmulator({
      org,
      faults: [{ path: '/services/data$', expireSessions: true }],
    });
    try {
      recorder.watchEmulator('a planted emulator', running);
      const { clientId, clientSecret } = clientOf(org, 'Fleet_Telematics');
      const token = await mintToken(running.instanceUrl, clientId, clientSecret);
      await fetch(`${running.instanceUrl}/services/data`);
      expect(running.emulator.state.sessions.tokens()).not.toContain(token);
      recorder.record('a planted stderr', `Bearer ${token}`);
      recorder.record('another planted stderr', `Bearer ${running.accessToken}`);
      const messages = recorder.violations().map((v) => v.message);
      expect(messages).toEqual([
        'a token minted by a planted emulator appears in a planted stderr',
        'a token minted by a planted emulator appears in another planted stderr',
      ]);
      // The emulator's own log: a token in a query string that the log failed to redact.
      running.emulator.state.log.push({
        time: '',
        method: 'GET',
        path: '/services/data',
        query: `?token=${token}`,
        status: 200,
      });
      expect(recorder.violations().map((v) => v.message)).toContain(
        'a token minted by a planted emulator appears in the request log of a planted emulator',
      );
    } finally {
      await running.close();
    }
  });
});

describe('the read-only guard', () => {
  it('accepts reads and token requests, refuses any other method', () => {
    expect(isReadOrToken('GET', '/services/data/v62.0/query')).toBe(true);
    expect(isReadOrToken('POST', '/services/oauth2/token')).toBe(true);
    expect(isReadOrToken('POST', '/services/Soap/m/62.0')).toBe(true);
    expect(isReadOrToken('POST', '/services/data/v62.0/sobjects/Account')).toBe(false);
    expect(isReadOrToken('PATCH', '/services/data/v62.0/sobjects/User/005')).toBe(false);
    expect(isReadOrToken('DELETE', '/services/data/v62.0/sobjects/User/005')).toBe(false);
    expect(isReadOrToken('POST', '/services/oauth2/revoke')).toBe(false);
  });

  it('reads the Metadata API operation of a SOAP envelope', () => {
    expect(soapOperationOf(SOAP('readMetadata'))).toBe('readMetadata');
    expect(
      soapOperationOf(
        SOAP('met:deploy').replace('<soapenv:Envelope ', '<soapenv:Envelope xmlns:met="x" '),
      ),
    ).toBe('deploy');
    expect(soapOperationOf('not xml')).toBe('(no operation)');
  });

  it('catches a REST write and a Metadata API write sent to a watched emulator', async () => {
    const recorder = new GuardRecorder();
    const running = await startEmulator({ org: await loadOrgFixture(NORTHWIND) });
    try {
      recorder.watchEmulator('a planted emulator', running);
      const auth = { Authorization: `Bearer ${running.accessToken}` };
      await fetch(`${running.instanceUrl}/services/data/v62.0/query?q=SELECT+Id+FROM+User`, {
        headers: auth,
      });
      await fetch(`${running.instanceUrl}/services/Soap/m/62.0`, {
        method: 'POST',
        headers: { 'Content-Type': 'text/xml', SOAPAction: '""' },
        body: SOAP('listMetadata'),
      });
      expect(recorder.violations()).toEqual([]);

      await fetch(`${running.instanceUrl}/services/data/v62.0/sobjects/Account`, {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: '{"Name":"Acme"}',
      });
      await fetch(`${running.instanceUrl}/services/Soap/m/62.0`, {
        method: 'POST',
        headers: { 'Content-Type': 'text/xml', SOAPAction: '""' },
        body: SOAP('deleteMetadata'),
      });
      const messages = recorder.violations().map((v) => v.message);
      expect(messages).toHaveLength(2);
      expect(messages[0]).toMatch(
        /^a planted emulator received POST \/services\/data\/v62\.0\/sobjects\/Account \(\d+\), which is not a read$/,
      );
      expect(messages[1]).toBe(
        'a planted emulator received the Metadata API operation deleteMetadata, which is not a read',
      );

      // A test that drives writes on purpose opts out by name.
      const optedOut = new GuardRecorder();
      optedOut.watchEmulator('a writing emulator', running, {
        allowWrites: 'drives jsforce create',
      });
      expect(optedOut.violations()).toEqual([]);
    } finally {
      await running.close();
    }
  });
});

describe('the shared helpers record what they produce', async () => {
  const running = await serveFixture(NORTHWIND);

  it('serveFixture watches its emulator: a planted write fails the file-wide check', async () => {
    await fetch(`${running.instanceUrl}/services/data/v62.0/sobjects/Account`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${running.accessToken}`,
        'Content-Type': 'application/json',
      },
      body: '{}',
    });
    const planted = guard.violations();
    expect(planted.map((v) => v.guard)).toEqual(['read-only']);
    // Take the planted write back out, so the setup file's check of this file passes.
    const log = running.emulator.state.log;
    log.splice(
      log.findIndex((e) => e.method === 'POST'),
      1,
    );
    expect(guard.violations()).toEqual([]);
  });

  it('runCli records stdout and stderr, and takes secret variables and stdin as known secrets', async () => {
    const before = guard.outputs.length;
    const result = await runCli(['rules', 'list'], { RG_TEST_SECRET: 'guard-env-secret-5e6f7a8b' });
    expect(result.code).toBe(0);
    const recorded = guard.outputs.slice(before);
    expect(recorded.map((o) => o.label)).toEqual([
      'the stdout of runas-guard rules list',
      'the stderr of runas-guard rules list',
    ]);
    expect(recorded[0]?.text).toBe(result.stdout);
    expect(guard.secrets().some((s) => s.value === 'guard-env-secret-5e6f7a8b')).toBe(true);
    // Planted into the recorded stdout, the secret fails the file-wide check; then taken back out.
    const stdout = recorded[0];
    if (stdout === undefined) throw new Error('not recorded');
    const text = stdout.text;
    stdout.text += 'guard-env-secret-5e6f7a8b';
    expect(guard.violations().map((v) => v.message)).toEqual([
      'RG_TEST_SECRET given to runas-guard rules list appears in the stdout of runas-guard rules list',
    ]);
    stdout.text = text;
    expect(guard.violations()).toEqual([]);
  });
});

describe('audit and probe send only reads and token requests', async () => {
  const running = await serveFixture(DEMO_ORG);

  it('an audit of the demo org, then a probe of every integration', async () => {
    const source = resolveLiveSource(
      { instanceUrl: running.instanceUrl },
      { SF_ACCESS_TOKEN: running.accessToken },
    );
    if (source === undefined) throw new Error('no live source');
    const manifest = await loadManifest(join(DEMO_ORG, 'runas-guard.yaml'));
    const outcome = await runAudit({ source: { kind: 'live', source }, manifest });
    const org = running.emulator.state.org;
    const probes = await probeAuditIntegrations(outcome, {
      manifest,
      secretOf: (app) => {
        const client = org.clients.find((c) => c.app === app);
        return { secret: client?.consumerSecret, clientId: client?.consumerKey, source: 'test' };
      },
    });
    expect(probes.filter((p) => p.outcome !== 'not-probed').length).toBeGreaterThan(5);

    const log = running.emulator.state.log;
    const methods = new Set(log.map((e) => `${e.method} ${e.path.replace(/\/[^/]*$/, '/…')}`));
    // Not vacuous: queries, token requests and Metadata API reads all happened.
    expect([...methods]).toEqual(
      expect.arrayContaining([
        'GET /services/data/v62.0/…',
        'POST /services/oauth2/…',
        'POST /services/Soap/m/…',
      ]),
    );
    const operations = new Set(guard.soapOperationsOf(running));
    expect([...operations].sort()).toEqual(['listMetadata', 'readMetadata']);
    expect(guard.violations()).toEqual([]);
  });
});
