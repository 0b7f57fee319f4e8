// Serves an emulator on loopback: the org's My Domain listener and a second listener that plays
// login.salesforce.com. Binds to 127.0.0.1 unless told otherwise.

import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { getRequestListener } from '@hono/node-server';
import type { Hono } from 'hono';

import { createEmulator, type Emulator, type EmulatorOptions } from './app.js';
import { DROP_HEADER } from './fault-answers.js';

export interface RunningEmulator {
  emulator: Emulator;
  /** The org's My Domain base URL (token host and instance URL). */
  instanceUrl: string;
  loginUrl: string;
  /** The login.salesforce.com stand-in. */
  genericLoginUrl: string;
  /** The auditor user's token (the ready line's `accessToken`). */
  accessToken: string;
  close(): Promise<void>;
}

export interface ServeOptions extends EmulatorOptions {
  port?: number;
  host?: string;
  /** Reuse this token value for the auditor's session (a CLI login then survives a restart). */
  accessToken?: string;
}

function listen(app: Hono, port: number, host: string): Promise<Server> {
  const listener = getRequestListener(async (request, env): Promise<Response> => {
    const response = await app.fetch(request, env);
    // The `drop` and `stall` faults: close the connection without an answer.
    if (response.headers.get(DROP_HEADER) !== null)
      (env.incoming as IncomingMessage).socket.destroy();
    return response;
  });
  // Node refuses request heads over 16 KiB with 431 before the app sees them; Salesforce's own
  // 414 for long URIs is decided in app.ts, so let longer heads through.
  const server = createServer({ maxHeaderSize: 256 * 1024 }, (req, res) => {
    void listener(req, res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      resolve(server);
    });
  });
}

function urlOf(server: Server, host: string): string {
  const { port } = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return `http://${shownHost}:${port}`;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => {
      resolve();
    });
  });
}

export async function startEmulator(options: ServeOptions): Promise<RunningEmulator> {
  const host = options.host ?? '127.0.0.1';
  const emulator = createEmulator(options);
  const main = await listen(emulator.app, options.port ?? 0, host);
  const generic = await listen(emulator.genericLoginApp, 0, host);
  const instanceUrl = urlOf(main, host);
  return {
    emulator,
    instanceUrl,
    loginUrl: instanceUrl,
    genericLoginUrl: urlOf(generic, host),
    accessToken: emulator.state.mintAuditorToken(options.accessToken),
    close: async () => {
      // Ends stalled, delayed and dripping answers first, so no open answer holds the close up.
      emulator.state.faults.close();
      await Promise.all([closeServer(main), closeServer(generic)]);
    },
  };
}
