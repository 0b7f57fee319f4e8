// The org connection of live collection and the three live sources of docs/permissions.md:
// `--instance-url` + SF_ACCESS_TOKEN, `--target-org` through the Salesforce CLI, and the headless
// auditor app (client credentials at the org's My Domain, re-minted once per expiry). Every request,
// the token requests included, goes through one Transport (src/transport/http.ts, ADR 0007).

import { Transport } from '../../transport/http.js';
import { HttpFailure } from '../../transport/http.js';
import { parseTokenAnswer } from './answers.js';
import { CollectError } from '../errors.js';
import { sfOrgAuth } from './sf-cli.js';

export const API_VERSION = '62.0';

export interface ClientCredentialsLogin {
  /** The org's My Domain URL: the client credentials flow works only there (login.salesforce.com answers `request not supported on this domain`). */
  loginUrl: string;
  clientId: string;
  clientSecret: string;
  version?: string;
}

/**
 * The auditor's session with one org: where it is, which API version, the current token, and how
 * to get a new one when the org ends the session (only the auditor app can).
 *
 * Re-mint policy: at most one re-mint per expiry. A re-mint is allowed when the refused token is
 * the current one and an answer was accepted since the last re-mint; a fresh token that is refused
 * at once is an authentication failure, never a loop of token requests.
 */
export class OrgConnection {
  #token: string;
  #remint: (() => Promise<string>) | undefined;
  #pending: Promise<void> | undefined;
  #acceptedSinceRemint = true;

  constructor(
    readonly instanceUrl: string,
    token: string,
    readonly version: string = API_VERSION,
    remint?: () => Promise<string>,
  ) {
    this.#token = token;
    this.#remint = remint;
  }

  get accessToken(): string {
    return this.#token;
  }

  /** Whether this connection can get a new token (the auditor app). */
  get canRemint(): boolean {
    return this.#remint !== undefined;
  }

  /** An answer was accepted with the current token. */
  accepted(): void {
    this.#acceptedSinceRemint = true;
  }

  /**
   * The org refused `refused`: true when a newer token is (now) available to try once more, false
   * when the refusal stands.
   */
  async renew(refused: string): Promise<boolean> {
    if (refused !== this.#token) return true;
    if (this.#pending !== undefined) {
      await this.#pending;
      return refused !== this.#token;
    }
    const remint = this.#remint;
    if (remint === undefined || !this.#acceptedSinceRemint) return false;
    this.#acceptedSinceRemint = false;
    this.#pending = remint().then((token) => {
      this.#token = token;
    });
    try {
      await this.#pending;
    } finally {
      this.#pending = undefined;
    }
    return true;
  }
}

/**
 * Mints a client-credentials token at the org's My Domain (form body, as Salesforce documents
 * it). Any answer without an access token is CollectError AUTH_FAILED with Salesforce's own
 * `error: error_description`; no answer at all is UNREACHABLE.
 */
export async function mintClientCredentialsToken(
  transport: Transport,
  login: ClientCredentialsLogin,
): Promise<string> {
  const url = `${login.loginUrl}/services/oauth2/token`;
  let status: number;
  let body: string;
  try {
    const answer = await transport.send({
      method: 'POST',
      url,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: login.clientId,
        client_secret: login.clientSecret,
      }).toString(),
      idempotent: false,
    });
    status = answer.status;
    body = answer.text;
  } catch (error) {
    if (!(error instanceof HttpFailure)) throw error;
    throw new CollectError(
      error.code === 'REDIRECT_REFUSED' ? 'AUTH_FAILED' : 'UNREACHABLE',
      `The auditor app could not get a token at ${login.loginUrl} (${error.code}: ${error.message})`,
      { hints: ["Check the instance URL (the org's My Domain) and the network path to it."] },
    );
  }
  const answer = parseTokenAnswer(status, body);
  if (answer.ok) return answer.accessToken;
  throw new CollectError(
    'AUTH_FAILED',
    `The auditor app could not get a token at ${login.loginUrl} (${answer.errorCode}: ${answer.message})`,
    {
      hints: [
        'Check the consumer key and secret, that the client credentials flow is enabled and that its run-as user is set and active.',
      ],
    },
  );
}

export function connectWithAccessToken(
  instanceUrl: string,
  accessToken: string,
  version = API_VERSION,
): OrgConnection {
  return new OrgConnection(instanceUrl, accessToken, version);
}

/** A connected live source, ready for collectLive. */
export interface LiveSession {
  conn: OrgConnection;
  kind: LiveSource['kind'];
  /** Values to redact from any output: the current token and the auditor app's secret. */
  secrets(): string[];
}

export interface LiveSource {
  kind: 'access-token' | 'sf-cli' | 'auditor-app';
  /** For messages; never holds a secret. */
  description: string;
  /** Connects through `transport` (its deadline bounds the token request too). */
  connect(transport?: Transport): Promise<LiveSession>;
}

export interface LiveSourceFlags {
  targetOrg?: string;
  instanceUrl?: string;
  auditorClientId?: string;
  auditorClientSecretEnv?: string;
  /** API version (default 62.0). */
  apiVersion?: string;
}

export type Env = Readonly<Record<string, string | undefined>>;

export interface LiveSourceOptions {
  /** The Salesforce CLI command (default `sf`, from the PATH of `env`). */
  sfCommand?: string;
  sfTimeoutMs?: number;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

function invalid(message: string, hints: readonly string[] = []): CollectError {
  return new CollectError('SOURCE_INVALID', message, { hints });
}

/** An https instance URL (http only on loopback, for the emulator), as its origin. */
export function parseInstanceUrl(value: string, what = '--instance-url'): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid(`${what} is not a URL: ${value.slice(0, 200)}`);
  }
  if (url.username !== '' || url.password !== '')
    throw invalid(`${what} must not carry credentials`);
  const loopback = LOOPBACK.has(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw invalid(
      `${what} must use https (plain http only on 127.0.0.1 or localhost): ${url.origin}`,
    );
  }
  return url.origin;
}

/**
 * The live source the flags name, checked without I/O (usage errors are exit 2); undefined when
 * no live flag is given. `connect()` does the I/O (failures are exit 3).
 */
export function resolveLiveSource(
  flags: LiveSourceFlags,
  env: Env,
  options: LiveSourceOptions = {},
): LiveSource | undefined {
  const version = flags.apiVersion ?? API_VERSION;
  if (!/^\d{2,3}\.0$/.test(version))
    throw invalid(`API version ${version} is not of the form 62.0`);
  const hasAuditor =
    flags.auditorClientId !== undefined || flags.auditorClientSecretEnv !== undefined;

  if (flags.targetOrg !== undefined) {
    if (flags.instanceUrl !== undefined || hasAuditor) {
      throw invalid('--target-org cannot be combined with --instance-url or the auditor app flags');
    }
    const alias = flags.targetOrg;
    // Passed as one argument without a shell; a leading dash would read as a flag of sf.
    if (!/^[\w.@+:-]{1,255}$/.test(alias) || alias.startsWith('-'))
      throw invalid(
        `--target-org ${JSON.stringify(alias.slice(0, 100))} is not an org alias or username`,
      );
    return {
      kind: 'sf-cli',
      description: `the org the Salesforce CLI knows as ${alias}`,
      connect: async () => {
        const auth = await sfOrgAuth(alias, {
          env,
          ...(options.sfCommand === undefined ? {} : { command: options.sfCommand }),
          ...(options.sfTimeoutMs === undefined ? {} : { timeoutMs: options.sfTimeoutMs }),
        });
        const instanceUrl = parseInstanceUrl(auth.instanceUrl, `the instance URL of ${alias}`);
        const conn = connectWithAccessToken(instanceUrl, auth.accessToken, version);
        return { conn, kind: 'sf-cli', secrets: () => [auth.accessToken] };
      },
    };
  }

  if (flags.instanceUrl === undefined) {
    if (hasAuditor)
      throw invalid("the auditor app flags need --instance-url (the org's My Domain URL)");
    return undefined;
  }
  const instanceUrl = parseInstanceUrl(flags.instanceUrl);

  if (hasAuditor) {
    const clientId = flags.auditorClientId;
    const secretVar = flags.auditorClientSecretEnv;
    if (clientId === undefined || clientId.trim() === '')
      throw invalid('--auditor-client-secret-env needs --auditor-client-id');
    if (secretVar === undefined || secretVar.trim() === '') {
      throw invalid(
        '--auditor-client-id needs --auditor-client-secret-env VAR (the secret is read from that variable, never from a flag)',
      );
    }
    const clientSecret = env[secretVar];
    if (clientSecret === undefined || clientSecret === '')
      throw invalid(
        `the environment variable ${secretVar} (--auditor-client-secret-env) is not set`,
      );
    return {
      kind: 'auditor-app',
      description: `the auditor app ${clientId.slice(0, 12)}… at ${instanceUrl}`,
      connect: (transport) =>
        connectAuditorApp({ loginUrl: instanceUrl, clientId, clientSecret, version }, transport),
    };
  }

  const accessToken = env.SF_ACCESS_TOKEN;
  if (accessToken === undefined || accessToken.trim() === '') {
    throw invalid(
      '--instance-url needs the access token in the environment variable SF_ACCESS_TOKEN',
      ['Or use --target-org ALIAS, or the auditor app flags.'],
    );
  }
  const token = accessToken.trim();
  return {
    kind: 'access-token',
    description: `${instanceUrl} with the token in SF_ACCESS_TOKEN`,
    connect: () => {
      const conn = connectWithAccessToken(instanceUrl, token, version);
      return Promise.resolve({ conn, kind: 'access-token', secrets: () => [token] });
    },
  };
}

/**
 * The headless auditor app: client credentials against the org's My Domain, re-minted when the org
 * ends the session. The collection stays on the given My Domain whatever `instance_url` the token
 * answer names.
 */
export async function connectAuditorApp(
  login: ClientCredentialsLogin,
  transport: Transport = new Transport(),
): Promise<LiveSession> {
  const mint = (): Promise<string> => mintClientCredentialsToken(transport, login);
  const conn = new OrgConnection(login.loginUrl, await mint(), login.version ?? API_VERSION, mint);
  return {
    conn,
    kind: 'auditor-app',
    secrets: () => [login.clientSecret, conn.accessToken],
  };
}
