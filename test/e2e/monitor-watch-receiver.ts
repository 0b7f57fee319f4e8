// A webhook receiver for the watch tests: an HTTP server on 127.0.0.1 that records every POST
// (path and JSON body) and answers what the test tells it to. It can be closed mid-run and started
// again on the same port, as a webhook that goes down and comes back.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  path: string;
  contentType: string | undefined;
  body: unknown;
}

export type Answer = (request: IncomingMessage, response: ServerResponse) => void;

/** 200 `ok`, as Slack answers. */
export const OK: Answer = (_request, response) => {
  response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
};

export class Receiver {
  readonly received: Received[] = [];
  answer: Answer = OK;
  #server: Server | undefined;
  #port = 0;
  #crash = false;
  #closing: Promise<void> | undefined;

  get port(): number {
    return this.#port;
  }

  /** The base URL (`http://127.0.0.1:PORT`). */
  get origin(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  /** Starts listening: on a free port the first time, on the same port after `close`. */
  /** The next request finds the receiver dying: its connection is cut unanswered and unrecorded. */
  crashOnNextRequest(): void {
    this.#crash = true;
  }

  async start(): Promise<this> {
    // A close still under way (a crash) frees the port first.
    await this.#closing;
    const server = createServer((request, response) => {
      if (this.#crash) {
        this.#crash = false;
        request.socket.destroy();
        void this.close();
        return;
      }
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // Not JSON: the test sees the text.
        }
        this.received.push({
          path: request.url ?? '',
          contentType: request.headers['content-type'],
          body,
        });
        this.answer(request, response);
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.#port, '127.0.0.1', () => {
        resolve();
      });
    });
    this.#port = (server.address() as AddressInfo).port;
    this.#server = server;
    return this;
  }

  /** Stops listening and drops open connections: the webhook is down. */
  close(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    if (server !== undefined) {
      server.closeAllConnections();
      this.#closing = new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
    }
    return this.#closing ?? Promise.resolve();
  }
}
