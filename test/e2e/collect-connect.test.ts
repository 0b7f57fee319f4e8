// The three live sources against the emulator over 127.0.0.1: SF_ACCESS_TOKEN, `--target-org`
// through the Salesforce CLI (a stand-in `sf` on PATH that answers as the pinned CLI does, see
// test/fidelity/README.md; the real CLI is exercised there), and the headless auditor app, whose
// token is re-minted when the org ends its session.

import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { collectLive } from '../../src/collect/live/collect-live.js';
import { resolveLiveSource } from '../../src/collect/live/connect.js';
import type { LiveSession } from '../../src/collect/live/connect.js';
import { NOT_LIVE_FACETS } from '../../src/collect/catalog.js';
import { FACETS } from '../../src/model/snapshot.js';
import { fixedClock } from '../../src/util/clock.js';
import { NORTHWIND, serveFixture } from '../helpers/emulator.js';
import { tempDir } from '../helpers/guard.js';

/** The facets a live collection feeds (the others are `unsupported` live). */
const LIVE_FACETS = FACETS.filter((f) => NOT_LIVE_FACETS[f] === undefined);

const AUDITOR_APP = {
  app: 'RunAs_Guard_Auditor',
  consumerKey: '3MVG9RunAsGuardAuditorKeyForTheEmulatorOnly',
  consumerSecret: 'auditor-secret-4b1f0c7e9d2a',
};

async function collectWith(session: LiveSession) {
  return collectLive(session.conn, { secrets: session.secrets() });
}

const tmp = tempDir('rg-connect-');

describe('live source: --instance-url with SF_ACCESS_TOKEN', async () => {
  const running = await serveFixture(NORTHWIND);

  it('collects with the token from the environment', async () => {
    const source = resolveLiveSource(
      { instanceUrl: running.instanceUrl },
      { SF_ACCESS_TOKEN: running.accessToken },
    );
    const session = await source?.connect();
    if (session === undefined) throw new Error('no session');
    const snapshot = await collectWith(session);
    expect(snapshot.org?.id).toBe('00D8d000004NwTrEAK');
    for (const facet of LIVE_FACETS) expect(snapshot.ledger[facet]?.status, facet).toBe('ok');
  });
});

describe('live source: --target-org through the Salesforce CLI', async () => {
  const running = await serveFixture(NORTHWIND);
  const bin = join(tmp, 'bin');
  // A stand-in for `sf`: the JSON shapes of CLI 2.146.3 (test/fidelity/README.md), for alias `emu` only.
  const sf = `#!/usr/bin/env node
const args = process.argv.slice(2);
const alias = args[args.indexOf('--target-org') + 1];
const out = (o, code = 0) => { process.stdout.write(JSON.stringify(o)); process.exit(code); };
if (!args.includes('--json')) out({ status: 1, name: 'NoJson', message: 'expected --json' }, 1);
if (alias !== 'emu') out({ status: 1, name: 'NamedOrgNotFoundError', message: 'No authorization information found for ' + alias + '.' }, 1);
if (args[0] === 'org' && args[1] === 'display')
  out({ status: 0, result: { instanceUrl: process.env.FAKE_SF_URL + '/', accessToken: "[REDACTED] Use 'sf org auth show-access-token' to view", username: 'grace.okafor@northwindtraders.com' } });
if (args[0] === 'org' && args[1] === 'auth' && args[2] === 'show-access-token')
  out({ status: 0, result: { accessToken: process.env.FAKE_SF_TOKEN }, warnings: ['This command exposes a sensitive Access Token'] });
out({ status: 1, name: 'UnknownCommand', message: args.join(' ') }, 1);
`;
  await mkdir(bin, { recursive: true });
  await writeFile(join(bin, 'sf'), sf);
  await chmod(join(bin, 'sf'), 0o755);
  const env = {
    ...process.env,
    PATH: `${bin}${delimiter}${process.env.PATH ?? ''}`,
    FAKE_SF_URL: running.instanceUrl,
    FAKE_SF_TOKEN: running.accessToken,
  };

  it('takes the instance URL from `sf org display` and the token from `sf org auth show-access-token`', async () => {
    const session = await resolveLiveSource({ targetOrg: 'emu' }, env)?.connect();
    if (session === undefined) throw new Error('no session');
    expect(session.conn.instanceUrl).toBe(running.instanceUrl);
    const snapshot = await collectWith(session);
    expect(snapshot.apps).toHaveLength(4);
  });

  it("reports the CLI's own error for an unknown alias (exit 3), without its output", async () => {
    const error = await resolveLiveSource({ targetOrg: 'nope' }, env)
      ?.connect()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SF_CLI_FAILED', exitCode: 3 });
    expect((error as Error).message).toMatch(/NamedOrgNotFoundError/);
  });

  it('says clearly that sf is missing from PATH (exit 3)', async () => {
    const empty = join(tmp, 'empty');
    await mkdir(empty, { recursive: true });
    const error = await resolveLiveSource({ targetOrg: 'emu' }, { PATH: empty })
      ?.connect()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SF_CLI_MISSING', exitCode: 3 });
    expect((error as Error).message).toMatch(/not on PATH/);
  });
});

describe('live source: the headless auditor app', async () => {
  const running = await serveFixture(NORTHWIND, {
    clock: fixedClock(new Date('2026-11-25T12:00:00.000Z')),
    // The auditor's own External Client App, running as the System Administrator Grace Okafor.
    variant: (org) => {
      org.apps.push({
        type: 'ExternalClientApplication',
        name: AUDITOR_APP.app,
        label: 'RunAs Guard Auditor',
        consumerKey: AUDITOR_APP.consumerKey,
        clientCredentialsEnabled: true,
        runAsUsername: 'grace.okafor@northwindtraders.com',
        adminApproved: false,
        preAuthorizedProfiles: [],
        preAuthorizedPermissionSets: [],
        scopes: ['Api'],
        enabled: true,
        location: { file: 'externalClientApps/RunAs_Guard_Auditor.eca' },
      });
      org.clients.push(AUDITOR_APP);
    },
    // The org ends every session twice: on the plain GET for its clock (re-minted by the collector)
    // and on a query in the middle of the collection (re-minted through jsforce's refreshFn).
    faults: [
      { path: String.raw`^/services/data/v\d+\.\d$`, expireSessions: true, times: 1 },
      { path: '/query$', query: 'FROM PermissionSetAssignment', expireSessions: true, times: 1 },
    ],
  });
  const flags = {
    instanceUrl: running.instanceUrl,
    auditorClientId: AUDITOR_APP.consumerKey,
    auditorClientSecretEnv: 'RG_AUDITOR_SECRET',
  };

  it('mints its token with client credentials, re-mints it when the session ends, and collects everything', async () => {
    const before = running.emulator.state.log.length;
    const session = await resolveLiveSource(flags, {
      RG_AUDITOR_SECRET: AUDITOR_APP.consumerSecret,
    })?.connect();
    if (session === undefined) throw new Error('no session');
    const snapshot = await collectWith(session);
    const log = running.emulator.state.log.slice(before);
    const tokens = log.filter((e) => e.method === 'POST' && e.path === '/services/oauth2/token');
    expect(tokens.map((e) => e.status)).toEqual([200, 200, 200]);
    expect(snapshot.collectedAt).toBe('2026-11-25T12:00:00.000Z');
    expect(log.some((e) => e.status === 401)).toBe(true);
    for (const facet of LIVE_FACETS) expect(snapshot.ledger[facet]?.status, facet).toBe('ok');
    expect(snapshot.assignments.length).toBeGreaterThan(0);
    expect(JSON.stringify(snapshot)).not.toContain(AUDITOR_APP.consumerSecret);
    // Read-only: besides the token requests, only SOAP reads are POSTs.
    for (const e of log.filter((x) => x.method !== 'GET'))
      expect(e.path).toMatch(/^\/services\/(oauth2\/token|Soap\/m\/\d+\.\d)$/);
  });

  it('fails with AUTH_FAILED (exit 3) on a wrong secret, without printing it', async () => {
    const error = await resolveLiveSource(flags, { RG_AUDITOR_SECRET: 'wrong-secret-value' })
      ?.connect()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'AUTH_FAILED', exitCode: 3 });
    expect((error as Error).message).toMatch(/invalid_client/);
    expect((error as Error).message).not.toContain('wrong-secret-value');
  });
});
