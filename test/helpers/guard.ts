// Suite-wide guards (issue 8): no secret from a fixture or minted by an emulator appears in anything
// the suite produces, and the emulator sees only reads and token requests. The shared helpers
// (runCli, spawnCli, serveFixture, tempDir) record what they produce into `guard`; the setup file
// (test/helpers/setup-guards.ts) checks the records of each test file after its last test.

import { lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

import type { RunningEmulator } from '../../src/emulator/server.js';

const ROOT = join(import.meta.dirname, '../..');
/** Where fixtures live: every client secret and private key under these is a known secret. */
const FIXTURE_ROOTS = ['demo', 'test/fixtures'];
/** Shorter values would match by chance; no real secret is this short. */
const MIN_SECRET_LENGTH = 8;
/** Files larger than this in a temp dir are read only up to it (a report or snapshot is far smaller). */
const MAX_SCANNED_BYTES = 64 * 1024 * 1024;

/** Metadata API operations that only read (docs/permissions.md lists what the collector sends). */
export const SOAP_READ_OPERATIONS = new Set(['listMetadata', 'readMetadata', 'describeMetadata']);

export interface Secret {
  value: string;
  /** Where it comes from, for the failure message (never the value itself). */
  origin: string;
}

export interface Output {
  label: string;
  text: string;
}

interface WatchedEmulator {
  label: string;
  running: RunningEmulator;
  /** The Metadata API operation of each SOAP POST, in order (the request log keeps only the path). */
  soapOperations: string[];
  /** Set when the test drives writes on purpose: the read-only check is skipped for this emulator. */
  allowWrites?: string;
}

export interface Violation {
  guard: 'secret' | 'read-only';
  message: string;
}

function walk(dir: string, visit: (file: string) => void): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, visit);
    else if (entry.isFile()) visit(path);
  }
}

function readCapped(file: string): string {
  const buffer = readFileSync(file);
  // latin1 keeps every byte: an ASCII secret is found even in a file that is not UTF-8.
  return buffer.subarray(0, MAX_SCANNED_BYTES).toString('latin1');
}

/** Client secrets of org fixtures (emulator.json, `<consumerSecret>` in metadata) and private key bodies. */
export function fixtureSecrets(roots: readonly string[] = FIXTURE_ROOTS): Secret[] {
  const secrets: Secret[] = [];
  for (const root of roots) {
    walk(join(ROOT, root), (file) => {
      const where = relative(ROOT, file);
      if (file.endsWith('emulator.json')) {
        const json = JSON.parse(readFileSync(file, 'utf8')) as {
          clients?: { app?: string; consumerSecret?: string }[];
        };
        for (const client of json.clients ?? []) {
          if (typeof client.consumerSecret === 'string')
            secrets.push({
              value: client.consumerSecret,
              origin: `the consumerSecret of ${client.app ?? '?'} in ${where}`,
            });
        }
        return;
      }
      if (lstatSync(file).size > 1024 * 1024) return;
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/<consumerSecret>([^<]+)<\/consumerSecret>/g)) {
        secrets.push({ value: match[1]?.trim() ?? '', origin: `a <consumerSecret> in ${where}` });
      }
      for (const block of text.matchAll(
        /-----BEGIN [A-Z ]*PRIVATE KEY-----([\s\S]*?)-----END [A-Z ]*PRIVATE KEY-----/g,
      )) {
        // Each line of the key body on its own: printing one line already leaks part of the key.
        for (const line of (block[1] ?? '').split(/\s+/)) {
          secrets.push({ value: line, origin: `a line of the private key in ${where}` });
        }
      }
    });
  }
  return secrets.filter((s) => s.value.length >= MIN_SECRET_LENGTH);
}

let cachedFixtureSecrets: Secret[] | undefined;

/** The emulator's access tokens (`<orgId15>!AQ<hex>`, src/emulator/sessions.ts), whole and in a text. */
const TOKEN_SHAPE = /^00D\w{12}!AQ[0-9a-f]+$/;
const TOKEN_IN_TEXT = /00D\w{12}!AQ[0-9a-f]+/g;

/** Environment variable names whose values the CLI must never print. */
const SECRET_ENV_NAME = /TOKEN|SECRET|PASSWORD|PRIVATE|CREDENTIAL/i;

/** Records what one test file produces, and checks it. One instance per test file (`guard`). */
export class GuardRecorder {
  readonly outputs: Output[] = [];
  readonly #secrets: Secret[] = [];
  readonly #emulators: WatchedEmulator[] = [];
  readonly #tempDirs: string[] = [];

  /** A value that must never appear in anything recorded. */
  addSecret(value: string | undefined, origin: string): void {
    if (value === undefined || value.trim().length < MIN_SECRET_LENGTH) return;
    this.#secrets.push({ value: value.trim(), origin });
  }

  /** The values of secret-looking variables of an environment given to the CLI. */
  addSecretsOfEnv(env: NodeJS.ProcessEnv, label: string): void {
    for (const [name, value] of Object.entries(env)) {
      if (SECRET_ENV_NAME.test(name)) this.addSecret(value, `${name} given to ${label}`);
    }
  }

  record(label: string, text: string): void {
    this.outputs.push({ label, text });
  }

  /**
   * Watches a running emulator: every token it mints and every client secret of its org become
   * known secrets; its request log is checked for them and for anything but reads.
   */
  watchEmulator(
    label: string,
    running: RunningEmulator,
    options: { allowWrites?: string } = {},
  ): void {
    const { state } = running.emulator;
    const watched: WatchedEmulator = {
      label,
      running,
      soapOperations: [],
      ...(options.allowWrites !== undefined ? { allowWrites: options.allowWrites } : {}),
    };
    this.#emulators.push(watched);
    for (const client of state.org.clients)
      this.addSecret(
        client.consumerSecret,
        `the consumerSecret of ${client.app} served by ${label}`,
      );
    for (const token of state.sessions.tokens())
      this.addSecret(token, `a token minted by ${label}`);
    // The session store forgets tokens when sessions expire: remember each one as it is minted.
    const sessions = state.sessions;
    const mint = sessions.mint.bind(sessions);
    sessions.mint = (...args: Parameters<typeof mint>): string => {
      const token = mint(...args);
      this.addSecret(token, `a token minted by ${label}`);
      return token;
    };
    // The request log has no SOAP operation name: read it from the request body on its way in.
    const app = running.emulator.app;
    const fetch = app.fetch.bind(app);
    app.fetch = async (request: Request, ...rest: unknown[]): Promise<Response> => {
      if (request.method === 'POST' && new URL(request.url).pathname.includes('/Soap/')) {
        // A SOAP read is a few KB; the emulator refuses bodies over 1 MB unread, and so does this.
        const length = Number(request.headers.get('content-length') ?? 0);
        const body =
          length > 1024 * 1024
            ? ''
            : await request
                .clone()
                .text()
                .catch(() => '');
        watched.soapOperations.push(soapOperationOf(body));
      }
      return fetch(request, ...(rest as []));
    };
  }

  /** The Metadata API operations a watched emulator received, in order. */
  soapOperationsOf(running: RunningEmulator): readonly string[] {
    return this.#emulators.find((w) => w.running === running)?.soapOperations ?? [];
  }

  /** A fresh directory under the OS temp dir, scanned for secrets and removed after the test file. */
  tempDir(prefix = 'rg-test-'): string {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    this.#tempDirs.push(dir);
    return dir;
  }

  secrets(): Secret[] {
    cachedFixtureSecrets ??= fixtureSecrets();
    // One entry per value (a served fixture's secrets are also fixture secrets): the first origin.
    const byValue = new Map<string, Secret>();
    for (const secret of [...cachedFixtureSecrets, ...this.#secrets])
      if (!byValue.has(secret.value)) byValue.set(secret.value, secret);
    return [...byValue.values()];
  }

  /** The known secrets that appear in a text. */
  secretsIn(text: string): Secret[] {
    return this.#matcher()(text);
  }

  /** Emulator tokens (thousands under a token storm) are looked up by shape, the rest by substring. */
  #matcher(): (text: string) => Secret[] {
    const tokens = new Map<string, Secret>();
    const others: Secret[] = [];
    for (const secret of this.secrets()) {
      if (TOKEN_SHAPE.test(secret.value)) tokens.set(secret.value, secret);
      else others.push(secret);
    }
    return (text) => {
      const hits = new Set<Secret>();
      for (const secret of others) if (text.includes(secret.value)) hits.add(secret);
      for (const match of text.matchAll(TOKEN_IN_TEXT)) {
        const secret = tokens.get(match[0]);
        if (secret !== undefined) hits.add(secret);
      }
      return [...hits];
    };
  }

  /** Everything recorded that breaks a guard; empty when all is well. */
  violations(): Violation[] {
    // Most unit test files record nothing: no need to read the fixtures for them.
    if (this.outputs.length + this.#tempDirs.length + this.#emulators.length === 0) return [];
    const secretsIn = this.#matcher();
    const found: Violation[] = [];
    const scan = (label: string, text: string): void => {
      for (const secret of secretsIn(text))
        found.push({ guard: 'secret', message: `${secret.origin} appears in ${label}` });
    };
    for (const output of this.outputs) scan(output.label, output.text);
    for (const dir of this.#tempDirs) {
      try {
        walk(dir, (file) => {
          scan(`the file ${file}`, readCapped(file));
        });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    for (const watched of this.#emulators) {
      const log = watched.running.emulator.state.log;
      scan(`the request log of ${watched.label}`, JSON.stringify(log));
      if (watched.allowWrites !== undefined) continue;
      for (const entry of log) {
        if (!isReadOrToken(entry.method, entry.path)) {
          found.push({
            guard: 'read-only',
            message: `${watched.label} received ${entry.method} ${entry.path} (${entry.status}), which is not a read`,
          });
        }
      }
      for (const operation of watched.soapOperations) {
        if (!SOAP_READ_OPERATIONS.has(operation)) {
          found.push({
            guard: 'read-only',
            message: `${watched.label} received the Metadata API operation ${operation}, which is not a read`,
          });
        }
      }
    }
    return found;
  }

  /** Removes the temp dirs and forgets everything (after the check). */
  reset(): void {
    for (const dir of this.#tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    this.outputs.splice(0);
    this.#secrets.splice(0);
    this.#emulators.splice(0);
  }
}

/** GET and HEAD, client-credentials token requests, and SOAP calls (whose operation is checked apart). */
export function isReadOrToken(method: string, path: string): boolean {
  const m = method.toUpperCase();
  if (m === 'GET' || m === 'HEAD') return true;
  if (m !== 'POST') return false;
  return path === '/services/oauth2/token' || /^\/services\/Soap\/m\/\d+\.\d+\/?$/.test(path);
}

/** The first element in the SOAP Body: the operation (`readMetadata`), without its prefix. */
export function soapOperationOf(envelope: string): string {
  const body = /<(?:[\w-]+:)?Body\b[^>]*>\s*<(?:[\w-]+:)?([\w-]+)/.exec(envelope);
  return body?.[1] ?? '(no operation)';
}

/** The recorder of the current test file (Vitest isolates modules per test file). */
export const guard = new GuardRecorder();

/** A temp dir the guard scans for secrets and removes after the test file. */
export function tempDir(prefix?: string): string {
  return guard.tempDir(prefix);
}
