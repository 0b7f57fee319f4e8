// The probe's HTTP plumbing against a real server on 127.0.0.1: size cap, no redirects, network
// failures as data, and Salesforce's error shapes.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { isProbeError, oauthError, restError, send } from './http.js';

let server: Server;
let base = '';
const hits: string[] = [];

function handle(req: IncomingMessage, res: ServerResponse): void {
  hits.push(req.url ?? '');
  switch (req.url) {
    case '/big':
      res.end('x'.repeat(2048));
      return;
    case '/redirect':
      res.writeHead(307, { location: `${base}/elsewhere` });
      res.end();
      return;
    case '/slow':
      setTimeout(() => res.end('late'), 2_000);
      return;
    case '/drop':
      res.writeHead(200, { 'content-length': '1000' });
      res.write('partial');
      setTimeout(() => req.socket.destroy(), 20);
      return;
    default:
      res.end('ok');
  }
}

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const options = { fetch: globalThis.fetch, timeoutMs: 500 };

describe('send', () => {
  it('reads an answer', async () => {
    expect(await send(`${base}/`, { method: 'GET' }, options)).toEqual({ status: 200, text: 'ok' });
  });

  it('refuses answers over the size cap', async () => {
    const answer = await send(`${base}/big`, { method: 'GET' }, { ...options, maxBytes: 1024 });
    expect(answer).toMatchObject({ kind: 'rest', code: 'RESPONSE_TOO_LARGE' });
  });

  it('does not follow redirects (a token request body carries the secret)', async () => {
    const answer = await send(
      `${base}/redirect`,
      { method: 'POST', body: 'client_secret=s3cr3t' },
      options,
    );
    expect(answer).toMatchObject({ status: 307 });
    expect(hits).not.toContain('/elsewhere');
  });

  it('turns a refused connection, a timeout and a dropped answer into network errors', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const refused = await send(`http://127.0.0.1:${port}/`, { method: 'GET' }, options);
    expect(refused).toMatchObject({ kind: 'network', status: 0, code: 'ECONNREFUSED' });
    expect(await send(`${base}/slow`, { method: 'GET' }, options)).toMatchObject({
      kind: 'network',
      code: 'TIMEOUT',
    });
    const dropped = await send(`${base}/drop`, { method: 'GET' }, options);
    expect(isProbeError(dropped) && dropped.kind).toBe('network');
  });
});

describe('error shapes', () => {
  it('reads OAuth errors, and names non-JSON ones ERROR_HTTP_<status> like jsforce', () => {
    expect(
      oauthError({
        status: 400,
        text: '{"error":"invalid_grant","error_description":"inactive user"}',
      }),
    ).toEqual({
      kind: 'oauth',
      status: 400,
      code: 'invalid_grant',
      message: 'inactive user',
    });
    expect(
      oauthError({ status: 502, text: '<html><body><h1>Bad gateway</h1></body></html>' }),
    ).toEqual({
      kind: 'oauth',
      status: 502,
      code: 'ERROR_HTTP_502',
      message: 'Bad gateway',
    });
  });

  it('reads REST error arrays, identity plain-text errors and anything else', () => {
    expect(
      restError({
        status: 403,
        text: '[{"message":"API is disabled for this User","errorCode":"API_CURRENTLY_DISABLED"}]',
      }),
    ).toMatchObject({
      code: 'API_CURRENTLY_DISABLED',
      message: 'API is disabled for this User',
    });
    expect(restError({ status: 403, text: 'Bad_OAuth_Token' })).toMatchObject({
      code: 'Bad_OAuth_Token',
    });
    expect(
      restError({ status: 414, text: '<h1>Bad Message 414</h1><pre>reason: URI Too Long</pre>' }),
    ).toMatchObject({
      code: 'ERROR_HTTP_414',
      message: 'Bad Message 414 reason: URI Too Long',
    });
    expect(restError({ status: 500, text: '[]' }).code).toBe('ERROR_HTTP_500');
  });
});
