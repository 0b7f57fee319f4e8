// The transport policy against a hostile server on 127.0.0.1: redirects, stalls, drips, huge and
// endless bodies, transient failures. Counts (requests, retries) are asserted, never timings.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, describe, expect, it } from 'vitest';

import { Deadline, HttpFailure, parseDuration, parseLimitInfo, Transport } from './http.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

interface Seen {
  method: string;
  path: string;
  authorization: string | undefined;
}

/** A loopback server whose behaviour each test sets; it records every request it receives. */
async function hostileServer(): Promise<{
  url: string;
  seen: Seen[];
  handle(handler: Handler): void;
}> {
  let handler: Handler = (_req, res) => res.end('{}');
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    seen.push({
      method: req.method ?? '',
      path: req.url ?? '',
      authorization: req.headers.authorization,
    });
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  afterAll(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  );
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    handle: (h) => {
      handler = h;
      seen.length = 0;
    },
  };
}

const fast = { idleTimeoutMs: 200, requestTimeoutMs: 2_000, backoffMs: 1, retries: 2 };

async function failure(promise: Promise<unknown>): Promise<HttpFailure> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HttpFailure) return error;
    throw error;
  }
  throw new Error('expected an HttpFailure');
}

const get = (url: string) =>
  ({
    method: 'GET',
    url,
    headers: { Authorization: 'Bearer 00Dsecret!token' },
    idempotent: true,
  }) as const;

describe('Transport', async () => {
  const org = await hostileServer();
  const other = await hostileServer();

  it('never follows a redirect: the other host never receives the token', async () => {
    for (const status of [301, 302, 303, 307, 308]) {
      org.handle((_req, res) => {
        res.writeHead(status, { Location: `${other.url}/services/data/v62.0/query` }).end();
      });
      other.handle((_req, res) => res.end('{"records":[]}'));
      const error = await failure(new Transport({ limits: fast }).send(get(`${org.url}/q`)));
      expect(error.code).toBe('REDIRECT_REFUSED');
      expect(error.message).toContain(other.url);
      expect(error.message).not.toContain('secret');
      expect(other.seen).toEqual([]);
      expect(org.seen).toHaveLength(1); // a redirect is not retried
    }
  });

  it('ends a request whose server never answers (idle timeout), without retrying it', async () => {
    org.handle(() => undefined); // accept, never answer
    const error = await failure(new Transport({ limits: fast }).send(get(`${org.url}/stall`)));
    expect(error.code).toBe('IDLE_TIMEOUT');
    expect(org.seen).toHaveLength(1);
  });

  it('ends an answer that drips one byte at a time (whole-request timeout)', async () => {
    org.handle((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const timer = setInterval(() => res.write(' '), 50);
      res.on('close', () => {
        clearInterval(timer);
      });
    });
    const transport = new Transport({ limits: { ...fast, requestTimeoutMs: 500 } });
    const error = await failure(transport.send(get(`${org.url}/drip`)));
    expect(error.code).toBe('REQUEST_TIMEOUT');
  });

  it('refuses a body over the cap, declared or streamed, without reading it all', async () => {
    org.handle((_req, res) => {
      res.writeHead(200, { 'Content-Length': String(600 * 1024 * 1024) });
      res.write('{"records":[');
    });
    const limits = { ...fast, maxBodyBytes: 1024 };
    expect((await failure(new Transport({ limits }).send(get(`${org.url}/big`)))).code).toBe(
      'RESPONSE_TOO_LARGE',
    );
    let sent = 0;
    org.handle((_req, res) => {
      res.writeHead(200); // chunked, no length: an endless answer
      const timer = setInterval(() => {
        sent += 1;
        res.write('x'.repeat(512));
      }, 1);
      res.on('close', () => {
        clearInterval(timer);
      });
    });
    expect((await failure(new Transport({ limits }).send(get(`${org.url}/endless`)))).code).toBe(
      'RESPONSE_TOO_LARGE',
    );
    expect(sent).toBeLessThan(100);
  });

  it('stops reading once the run has read its whole byte budget', async () => {
    org.handle((_req, res) => res.end('x'.repeat(600)));
    const transport = new Transport({ limits: { ...fast, maxTotalBytes: 1_000 } });
    expect((await transport.send(get(`${org.url}/page/1`))).text).toHaveLength(600);
    const error = await failure(transport.send(get(`${org.url}/page/2`)));
    expect(error.code).toBe('RESPONSE_TOO_LARGE');
    expect(error.message).toMatch(/a run reads in all/);
  });

  it('retries an idempotent read on 503 and on a reset connection, a bounded number of times', async () => {
    let calls = 0;
    org.handle((req, res) => {
      calls += 1;
      if (calls === 1) req.socket.destroy();
      else if (calls === 2) res.writeHead(503).end('[{"errorCode":"SERVER_UNAVAILABLE"}]');
      else res.end('{"ok":true}');
    });
    const transport = new Transport({ limits: fast });
    const answer = await transport.send(get(`${org.url}/flaky`));
    expect(answer).toMatchObject({ status: 200, text: '{"ok":true}' });
    expect(transport.retries).toBe(2);

    org.handle((_req, res) => res.writeHead(503).end());
    const bounded = new Transport({ limits: fast });
    expect((await bounded.send(get(`${org.url}/down`))).status).toBe(503);
    expect(org.seen).toHaveLength(3); // 1 + 2 retries
  });

  it('sends no retry the request budget does not admit (--max-requests): the request fails as it was', async () => {
    org.handle((_req, res) => res.writeHead(503).end());
    const before = org.seen.length;
    const transport = new Transport({ limits: fast });
    let admitted = 1; // room for one retry
    transport.limitRetries(() => admitted-- > 0);
    expect((await transport.send(get(`${org.url}/down`))).status).toBe(503);
    expect(org.seen.length - before).toBe(2); // the request and the one retry admitted
    expect(transport.retries).toBe(1);
  });

  it('never retries a token request or a client error', async () => {
    org.handle((_req, res) => res.writeHead(503).end());
    const transport = new Transport({ limits: fast });
    const answer = await transport.send({
      method: 'POST',
      url: `${org.url}/services/oauth2/token`,
      headers: {},
      body: 'grant_type=client_credentials',
      idempotent: false,
    });
    expect(answer.status).toBe(503);
    expect(org.seen).toHaveLength(1);
    org.handle((_req, res) => res.writeHead(403).end('[{"errorCode":"REQUEST_LIMIT_EXCEEDED"}]'));
    expect((await transport.send(get(`${org.url}/limit`))).status).toBe(403);
    expect(org.seen).toHaveLength(1);
    expect(transport.retries).toBe(0);
  });

  it('stops every request, and the retries between them, when the overall deadline passes', async () => {
    org.handle(() => undefined);
    const deadline = new Deadline(300);
    const transport = new Transport({
      deadline,
      limits: { ...fast, idleTimeoutMs: 60_000, requestTimeoutMs: 60_000 },
    });
    expect((await failure(transport.send(get(`${org.url}/stall`)))).code).toBe('DEADLINE_EXCEEDED');
    // Later requests fail at once, without reaching the server.
    const before = org.seen.length;
    expect((await failure(transport.send(get(`${org.url}/next`)))).code).toBe('DEADLINE_EXCEEDED');
    expect(org.seen.length).toBe(before);
    deadline.dispose();
  });

  it('names a refused connection', async () => {
    // A port that was just free: nothing listens there.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) =>
      probe.close(() => {
        resolve();
      }),
    );
    const error = await failure(
      new Transport({ limits: { ...fast, retries: 0 } }).send(get(`http://127.0.0.1:${port}/x`)),
    );
    expect(error).toMatchObject({ code: 'CONNECTION_FAILED', systemCode: 'ECONNREFUSED' });
  });
});

describe('parseDuration', () => {
  it('reads --timeout values', () => {
    expect(parseDuration('30m')).toBe(1_800_000);
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('90')).toBe(90_000);
    expect(parseDuration('1h')).toBe(3_600_000);
    expect(parseDuration('500ms')).toBe(500);
    for (const bad of ['0', '-1m', '1.5m', 'soon', '', '10d'])
      expect(parseDuration(bad)).toBe(undefined);
  });
});

describe('parseLimitInfo', () => {
  it("reads api-usage=USED/MAX of Salesforce's forms and nothing else", () => {
    expect(parseLimitInfo('api-usage=18/5000')).toEqual({ used: 18, max: 5000 });
    expect(parseLimitInfo('api-usage=10018/100000; api-bursts=1/750')).toEqual({
      used: 10018,
      max: 100000,
    });
    expect(
      parseLimitInfo('api-usage=25/5000; per-app-api-usage=17/250(appName=sample-connected-app)'),
    ).toEqual({ used: 25, max: 5000 });
    expect(parseLimitInfo('per-app-api-usage=17/250')).toBeUndefined();
    expect(parseLimitInfo('api-usage=x/5000')).toBeUndefined();
    expect(parseLimitInfo(null)).toBeUndefined();
  });
});
