// `sf sobject describe` as an integration's run-as user sees it: the pinned Salesforce CLI, logged in
// with the token of Fleet_Telematics' client-credentials grant, reads object and field flags that
// follow that user's effective access. The org is the probe-needs variant of the demo org
// (test/helpers/needs-variant.ts): Case read/edit and Case.Priority edit through a permission set
// group, whose muting permission set removes Priority's edit in the muted variant.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { NEEDS_APP, NEEDS_RUN_AS, needsVariantOrg } from '../helpers/needs-variant.js';
import {
  createSfHome,
  type EmulatorProcess,
  runSf,
  type SfHome,
  type SfRun,
  startEmulator,
} from './harness.js';

const ALIAS = 'runas';

interface Describe {
  name: string;
  createable: boolean;
  updateable: boolean;
  deletable: boolean;
  fields: { name: string; createable: boolean; updateable: boolean }[];
}

/** The app's client credentials, from the fixture's own emulator.json. */
async function clientOf(org: string): Promise<{ key: string; secret: string }> {
  const config = JSON.parse(await readFile(join(org, 'emulator.json'), 'utf8')) as {
    clients: { app: string; consumerKey: string; consumerSecret: string }[];
  };
  const client = config.clients.find((c) => c.app === NEEDS_APP);
  if (client === undefined) throw new Error(`no client for ${NEEDS_APP} in emulator.json`);
  return { key: client.consumerKey, secret: client.consumerSecret };
}

/** The run-as user's token, as the integration's callback gets it (the status only on failure). */
async function clientCredentialsToken(
  loginUrl: string,
  client: { key: string; secret: string },
): Promise<string> {
  const answer = await fetch(new URL('/services/oauth2/token', loginUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: client.key,
      client_secret: client.secret,
    }),
  });
  const body = (await answer.json()) as { access_token?: unknown; error?: unknown };
  if (answer.status !== 200 || typeof body.access_token !== 'string')
    throw new Error(`client-credentials grant answered ${answer.status} ${String(body.error)}`);
  return body.access_token;
}

/** Serves the variant, logs `sf` in with the run-as user's token, and describes through it. */
function runAsSession(muted: boolean) {
  const session = {} as {
    variant: ReturnType<typeof needsVariantOrg>;
    emu: EmulatorProcess;
    home: SfHome;
    token: string;
    secrets: string[];
    login: SfRun<{ username: string }>;
  };
  beforeAll(async () => {
    session.variant = needsVariantOrg(muted);
    session.home = await createSfHome();
    session.emu = await startEmulator(session.variant.org);
    const client = await clientOf(session.variant.org);
    const token = await clientCredentialsToken(session.emu.ready.loginUrl, client);
    session.token = token;
    session.secrets = [token, client.secret, session.emu.token];
    // The token reaches the CLI only through SF_ACCESS_TOKEN, as for the auditor in sf-cli.test.ts.
    session.login = await runSf(
      session.home,
      [
        'org',
        'login',
        'access-token',
        '--instance-url',
        session.emu.ready.instanceUrl,
        '--no-prompt',
        '--alias',
        ALIAS,
      ],
      { extraEnv: { SF_ACCESS_TOKEN: token }, secrets: session.secrets },
    );
  });
  afterAll(async () => {
    await session.emu?.stop();
    await session.home?.remove();
    session.variant?.remove();
  });
  const describeObject = async (sobject: string): Promise<Describe> => {
    const run = await runSf<Describe>(
      session.home,
      ['sobject', 'describe', '--sobject', sobject, '--target-org', ALIAS],
      { secrets: session.secrets },
    );
    expect(run.json.message).toBeUndefined();
    expect(run.exitCode).toBe(0);
    expect(run.json.result?.name).toBe(sobject);
    return run.json.result as Describe;
  };
  return { session, describeObject };
}

const flags = (described: Describe, name: string) => {
  const field = described.fields.find((f) => f.name === name);
  return field && { createable: field.createable, updateable: field.updateable };
};

describe("Priority's edit muted in the run-as user's permission set group", () => {
  const { session, describeObject } = runAsSession(true);

  it('logs sf in as the run-as user with its client-credentials token', () => {
    expect(session.login.json.message).toBeUndefined();
    expect(session.login.exitCode).toBe(0);
    expect(session.login.json.result?.username).toBe(NEEDS_RUN_AS);
    expect(JSON.stringify(session.login.json)).not.toContain(session.token);
  });

  it('describes Case as editable, Priority readable but not updateable', async () => {
    const described = await describeObject('Case');
    // Case Desk grants Read and Edit on Case, neither Create nor Delete.
    expect(described).toMatchObject({ createable: false, updateable: true, deletable: false });
    expect(flags(described, 'Priority')).toEqual({ createable: false, updateable: false });
    // Fields Salesforce sets itself are never writable; Subject is not granted at all.
    for (const name of ['Id', 'CaseNumber', 'IsClosed', 'CreatedDate', 'SystemModstamp'])
      expect(flags(described, name), name).toEqual({ createable: false, updateable: false });
    expect(flags(described, 'Subject')).toBeUndefined();
  });

  it('describes User, which every API user reads, as neither createable, updateable nor deletable', async () => {
    // The run-as user has no Manage Users; the auditor (sf-cli.test.ts) creates and edits users.
    const described = await describeObject('User');
    expect(described).toMatchObject({ createable: false, updateable: false, deletable: false });
    expect(flags(described, 'Username')).toEqual({ createable: false, updateable: false });
  });
});

describe('the same grant without the muting', () => {
  const { session, describeObject } = runAsSession(false);

  it('describes Priority as updateable (not createable: Case Desk has no Create on Case)', async () => {
    expect(session.login.exitCode).toBe(0);
    const described = await describeObject('Case');
    expect(described).toMatchObject({ createable: false, updateable: true, deletable: false });
    expect(flags(described, 'Priority')).toEqual({ createable: false, updateable: true });
  });
});
