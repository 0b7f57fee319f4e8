// The demo org's planted faults, as jsforce's client-credentials login and first query meet them.
// Expected answers come from demo/org/expected.json (the fixture author's reading of docs/salesforce-behaviour.md).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { Connection } from '@jsforce/jsforce-node';
import { describe, expect, it } from 'vitest';

import { clientOf, DEMO_ORG, serveFixture } from '../helpers/emulator.js';

interface Expected {
  tokenErrors: Record<string, { error: string; error_description: string } | null>;
  followOnErrors: Record<string, { status: number; errorCode: string; message: string }>;
}

const expected = JSON.parse(readFileSync(join(DEMO_ORG, 'expected.json'), 'utf8')) as Expected;

describe('demo org: token endpoint and first follow-on call per app', async () => {
  const running = await serveFixture(DEMO_ORG);
  const org = running.emulator.state.org;

  it('has a token expectation for every client-credentials app of both kinds', () => {
    expect(Object.keys(expected.tokenErrors).sort()).toEqual(org.clients.map((c) => c.app).sort());
    expect(new Set(org.apps.map((a) => a.type))).toEqual(
      new Set(['ConnectedApp', 'ExternalClientApplication']),
    );
    expect(org.apps.length).toBeGreaterThanOrEqual(6);
  });

  for (const [app, tokenError] of Object.entries(expected.tokenErrors)) {
    it(`${app}: ${tokenError === null ? 'token issued' : tokenError.error_description}`, async () => {
      const conn = new Connection({
        oauth2: { loginUrl: running.loginUrl, ...clientOf(org, app) },
        version: '62.0',
      });
      const login = conn.authorize({ grant_type: 'client_credentials' });
      if (tokenError !== null) {
        await expect(login).rejects.toMatchObject({
          name: tokenError.error,
          message: tokenError.error_description,
        });
        return;
      }
      await login;
      const followOn = expected.followOnErrors[app];
      const query = conn.query('SELECT Id, Username FROM User LIMIT 1');
      if (followOn === undefined) {
        await expect(query).resolves.toMatchObject({ totalSize: 1 });
      } else {
        await expect(query).rejects.toMatchObject({
          errorCode: followOn.errorCode,
          message: followOn.message,
        });
      }
    });
  }
});
