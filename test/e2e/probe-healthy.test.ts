// The probe against the emulator on 127.0.0.1, the healthy path: the integration's own token request
// and read-only follow-on actions succeed end to end and report the run-as user; the request log
// holds only the token POST and GETs; no secret or token reaches the result.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

import type { RunningEmulator } from '../../src/emulator/server.js';
import { probeActionsOf, probeClientCredentials, type ProbeResult } from '../../src/probe/index.js';
import { fixedClock } from '../../src/util/clock.js';
import { clientOf, DEMO_ORG, NORTHWIND, serveFixture } from '../helpers/emulator.js';

interface Manifest {
  integrations: (Parameters<typeof probeActionsOf>[0] & { app: string })[];
}

function manifestOf(dir: string): Manifest {
  return parse(readFileSync(join(dir, 'runas-guard.yaml'), 'utf8')) as Manifest;
}

const clock = fixedClock(new Date('2026-11-25T12:00:00Z'));

async function probe(running: RunningEmulator, dir: string, app: string): Promise<ProbeResult> {
  const integration = manifestOf(dir).integrations.find((i) => i.app === app);
  if (integration === undefined) throw new Error(`no manifest entry for ${app}`);
  return probeClientCredentials(
    {
      app,
      loginUrl: running.loginUrl,
      ...clientOf(running.emulator.state.org, app),
      apiVersion: '62.0',
      actions: probeActionsOf(integration),
    },
    { clock },
  );
}

/** Everything in the result that could hold a secret, as one string to grep. */
function leaks(running: RunningEmulator, result: ProbeResult): string[] {
  const json = JSON.stringify(result);
  const secrets = [
    ...running.emulator.state.sessions.tokens(),
    ...running.emulator.state.org.clients.map((c) => c.consumerSecret),
  ];
  const found = secrets.filter((s) => json.includes(s));
  if (/00D\w{12,15}![\w.]{10,}/.test(json)) found.push('a session id');
  if (json.includes('AQ') && /!AQ[0-9a-f]{20,}/.test(json)) found.push('a token body');
  return found;
}

describe('probe, healthy path', async () => {
  const demo = await serveFixture(DEMO_ORG);
  const northwind = await serveFixture(NORTHWIND);

  it('demo Fleet_Telematics: token, identity, REST API, describe, declared writes, fields and query all succeed', async () => {
    const result = await probe(demo, DEMO_ORG, 'Fleet_Telematics');
    expect(result).toMatchObject({
      app: 'Fleet_Telematics',
      ok: true,
      outcome: 'passed',
      loginUrl: demo.loginUrl,
      instanceUrl: demo.instanceUrl,
      orgId: '00D5e00000AcmLGEAZ',
      runAsUser: {
        id: '0055e00000AcmU3AAJ',
        username: 'telematics.integration@acme-logistics.example',
      },
      scopes: ['api'],
      notes: [],
    });
    expect(result.failure).toBeUndefined();
    expect(result.diagnosis).toBeUndefined();
    expect(result.steps.map((s) => s.name)).toEqual([
      'token',
      'identity',
      'api',
      'describe Shipment__c',
      'object Shipment__c: create',
      'object Shipment__c: edit',
      'field Shipment__c.Carrier_Status__c',
      'field Shipment__c.Carrier_Status__c: edit',
      'field Shipment__c.Tracking_Number__c',
      'field Shipment__c.Tracking_Number__c: edit',
      'soql 1',
    ]);
    expect(result.steps.every((s) => s.ok && s.durationMs >= 0 && s.detail !== '')).toBe(true);
    expect(result.steps.at(-1)?.target).toBe(
      'SELECT Id, Name, Tracking_Number__c, Carrier_Status__c FROM Shipment__c LIMIT 1',
    );
    expect(leaks(demo, result)).toEqual([]);
  });

  it('Northwind Storefront_Orders succeeds end to end and reports its run-as user', async () => {
    const result = await probe(northwind, NORTHWIND, 'Storefront_Orders');
    expect(result.ok).toBe(true);
    expect(result.runAsUser?.username).toBe('storefront.integration@northwindtraders.com');
    expect(result.steps.filter((s) => s.kind === 'describe').map((s) => s.target)).toEqual([
      'Account',
      'Order',
    ]);
    expect(leaks(northwind, result)).toEqual([]);
  });

  it('sends nothing that changes data: only the token POST, everything else GET', async () => {
    // Every app of both orgs, failing or not, exercises every request the probe can send.
    const results: ProbeResult[] = [];
    for (const [running, dir] of [
      [demo, DEMO_ORG],
      [northwind, NORTHWIND],
    ] as const) {
      for (const { app } of manifestOf(dir).integrations)
        results.push(await probe(running, dir, app));
    }
    expect(results.some((r) => !r.ok)).toBe(true);
    const log = [...demo.emulator.state.log, ...northwind.emulator.state.log];
    const writes = log.filter(
      (e) => !(e.method === 'GET' || (e.method === 'POST' && e.path === '/services/oauth2/token')),
    );
    expect(writes).toEqual([]);
    expect(log.filter((e) => e.method === 'POST').length).toBeGreaterThanOrEqual(results.length);
    for (const result of results)
      expect(leaks(demo, result).concat(leaks(northwind, result))).toEqual([]);
  });

  describe('when identity refuses the token scopes', async () => {
    const strict = await serveFixture(DEMO_ORG, {
      variant: (org) => {
        org.behaviour.identityRequiresIdScopes = true;
      },
    });

    it('takes the ids from the token id URL and sobjects/User, and it is not a failure', async () => {
      const result = await probe(strict, DEMO_ORG, 'Fleet_Telematics');
      expect(result.ok).toBe(true);
      expect(result.runAsUser).toEqual({
        id: '0055e00000AcmU3AAJ',
        username: 'telematics.integration@acme-logistics.example',
      });
      expect(result.orgId).toBe('00D5e00000AcmLGEAZ');
      const identity = result.steps.find((s) => s.kind === 'identity');
      expect(identity).toMatchObject({
        ok: true,
        request: 'GET /services/data/v62.0/sobjects/User/0055e00000AcmU3AAJ',
      });
      expect(identity?.detail).toContain(
        'the identity URL refused the token (Insufficient_Scope), not a failure',
      );
    });
  });
});
