// probeClientCredentials on answers no healthy org gives: cut-short, redirected, oversized, hostile.
// Salesforce's own behaviour is the emulator's (test/e2e/probe-*.test.ts); here the emulator's fault
// injection and, for a hostile host, a bare server on 127.0.0.1 play the broken network.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, describe, expect, it } from 'vitest';

import { clientOf, DEMO_ORG, serveFixture } from '../../test/helpers/emulator.js';
import { fixedClock } from '../util/clock.js';
import { ProbeInputError } from './actions.js';
import { probeClientCredentials } from './run-probe.js';
import type { ProbeInput } from './types.js';

const clock = fixedClock(new Date('2026-11-25T12:00:00Z'));
const APP = 'Fleet_Telematics';
const actions = {
  describe: ['Shipment__c'],
  fields: ['Shipment__c.Tracking_Number__c'],
  soql: ['SELECT Id FROM Shipment__c'],
};

async function hostile(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('probeClientCredentials on broken answers', async () => {
  const truncated = await serveFixture(DEMO_ORG, {
    faults: [{ method: 'POST', path: '/services/oauth2/token$', truncate: true, times: 1 }],
  });
  const faulty = await serveFixture(DEMO_ORG, {
    faults: [
      { path: '/sobjects/Shipment__c/describe$', status: 200, body: '{"fields": 12' },
      { path: '^/services/data/v62\\.0$', status: 503, body: 'Service Unavailable', after: 1 },
    ],
  });
  const org = truncated.emulator.state.org;
  const input = (loginUrl: string, patch: Partial<ProbeInput> = {}): ProbeInput => ({
    app: APP,
    loginUrl,
    ...clientOf(org, APP),
    apiVersion: '62.0',
    actions,
    ...patch,
  });

  it('reports a cut-short token answer without leaking the part of the token it holds', async () => {
    const result = await probeClientCredentials(input(truncated.loginUrl), { clock });
    expect(result).toMatchObject({
      ok: false,
      outcome: 'failed',
      failure: { step: 'token', error: { kind: 'oauth', code: 'MALFORMED_RESPONSE' } },
      diagnosis: { entry: 'unexpected-response' },
    });
    const json = JSON.stringify(result);
    expect(json).not.toMatch(/00D\w{12,15}!/);
    expect(json).not.toContain(clientOf(org, APP).clientSecret);
  });

  it('keeps going after an unreadable describe, and calls an org that answers 503 unreachable', async () => {
    const first = await probeClientCredentials(input(faulty.loginUrl), { clock });
    expect(first.steps.map((s) => [s.name, s.ok, s.error?.code])).toEqual([
      ['token', true, undefined],
      ['identity', true, undefined],
      ['api', true, undefined],
      ['describe Shipment__c', false, 'MALFORMED_RESPONSE'],
      ['soql 1', true, undefined],
    ]);
    expect(first.outcome).toBe('failed');
    const second = await probeClientCredentials(input(faulty.loginUrl), { clock });
    expect(second.failure).toMatchObject({ step: 'api', error: { status: 503 } });
    expect(second.outcome).toBe('unreachable');
    expect(second.diagnosis?.causes[0]?.id).toBe('salesforce-unavailable');
  });

  it('never returns the secret, even when a hostile host echoes it', async () => {
    const echo = await hostile((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'invalid_client', error_description: `you sent ${body}` }));
      });
    });
    const { clientSecret } = clientOf(org, APP);
    const result = await probeClientCredentials(input(echo), { clock });
    expect(result.failure?.error.code).toBe('invalid_client');
    expect(JSON.stringify(result)).not.toContain(clientSecret);
    expect(result.failure?.error.message).toContain('client_secret=***');
  });

  it('does not follow a redirect of the token request', async () => {
    const seen: string[] = [];
    const redirecting = await hostile((req, res) => {
      seen.push(req.url ?? '');
      res.writeHead(307, { location: '/captured' });
      res.end();
    });
    const result = await probeClientCredentials(input(redirecting), { clock });
    expect(seen).toEqual(['/services/oauth2/token']);
    expect(result.failure?.error).toMatchObject({ kind: 'oauth', code: 'ERROR_HTTP_307' });
    expect(result.diagnosis?.entry).toBe('unexpected-response');
  });

  it('refuses invalid input before sending anything', async () => {
    const before = faulty.emulator.state.log.length;
    await expect(
      probeClientCredentials(
        input(faulty.loginUrl, {
          actions: { ...actions, soql: ['SELECT Id FROM Account FOR UPDATE'] },
        }),
        { clock },
      ),
    ).rejects.toBeInstanceOf(ProbeInputError);
    expect(faulty.emulator.state.log.length).toBe(before);
  });
});
