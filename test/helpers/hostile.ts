// A victim for hostile-server tests: a loopback HTTP "catcher" that records every request it gets, so a
// test can show that a redirect to another origin (another port) never carries the auditor's token.
// The emulator plays the hostile server through fault rules (`status` 302 + `location: catcher.url`).
// Only whether an Authorization header came is recorded, never its value.

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CaughtRequest {
  method: string;
  /** Path as received; the query string is not kept, since it may carry a token. */
  path: string;
  /** Whether an `Authorization` header came (its value is not kept). */
  authorization: boolean;
  /** Whether the query string carried an `oauth_token` or `access_token` parameter. */
  tokenInQuery: boolean;
}

export interface Catcher {
  /** `http://127.0.0.1:PORT`: another origin than the emulator's. */
  url: string;
  requests: CaughtRequest[];
  close(): Promise<void>;
}

export interface CatcherOptions {
  status?: number;
  /** Answered to every request; by default an empty query page, the data a false pass is made of. */
  body?: string;
}

const EMPTY_PAGE = JSON.stringify({ totalSize: 0, done: true, records: [] });

export function startCatcher(options: CatcherOptions = {}): Promise<Catcher> {
  const requests: CaughtRequest[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://catcher');
    requests.push({
      method: req.method ?? '',
      path: url.pathname,
      authorization: req.headers.authorization !== undefined,
      tokenInQuery: url.searchParams.has('oauth_token') || url.searchParams.has('access_token'),
    });
    // Drain the request body, then answer.
    req.resume();
    req.on('end', () => {
      res.writeHead(options.status ?? 200, { 'Content-Type': 'application/json;charset=UTF-8' });
      res.end(options.body ?? EMPTY_PAGE);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        requests,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => {
              done();
            });
          }),
      });
    });
  });
}
