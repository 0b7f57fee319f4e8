// One jsforce Connection per org, with an explicit API version (jsforce defaults to 50.0), and the
// three live sources of SPEC.md section 2: `--instance-url` + SF_ACCESS_TOKEN, `--target-org` through
// the Salesforce CLI, and the headless auditor app (client credentials, re-minted on expiry).

import { Connection } from '@jsforce/jsforce-node';
import type { TokenResponse } from '@jsforce/jsforce-node';

import { classifyError } from '../tracker.js';
import { CollectError } from '../errors.js';
import { sfOrgAuth } from './sf-cli.js';

export const API_VERSION = '62.0';

export interface ClientCredentialsLogin {
  /** The org's My Domain URL: client credentials work only there (SALESFORCE-FACTS.md 1.2). */
  loginUrl: string;
  clientId: string;
  clientSecret: string;
  version?: string;
}

/**
 * jsforce's default refresh for a Connection with an oauth2 clientId needs a refresh token, which
 * client credentials never issue ("No refresh token found"): re-mint the token instead.
 */
function clientCredentialsRefresh(
  conn: Connection,
  callback: (err: Error | null | undefined, token?: string, res?: TokenResponse) => void,
): void {
  conn.oauth2.requestToken({ grant_type: 'client_credentials' }).then(
    (res) => {
      callback(undefined, res.access_token, res);
    },
    (error: unknown) => {
      callback(error instanceof Error ? error : new Error(String(error)));
    },
  );
}

/** Mints a client-credentials token (form body, as jsforce sends it) and returns the connection. */
export async function connectWithClientCredentials(
  login: ClientCredentialsLogin,
): Promise<Connection> {
  const conn = new Connection({
    oauth2: {
      loginUrl: login.loginUrl,
      clientId: login.clientId,
      clientSecret: login.clientSecret,
    },
    version: login.version ?? API_VERSION,
    refreshFn: clientCredentialsRefresh,
  });
  await conn.authorize({ grant_type: 'client_credentials' });
  return conn;
}

export function connectWithAccessToken(
  instanceUrl: string,
  accessToken: string,
  version = API_VERSION,
): Connection {
  return new Connection({ instanceUrl, accessToken, version });
}

/** A connected live source, ready for collectLive. */
export interface LiveSession {
  conn: Connection;
  kind: LiveSource['kind'];
  /** Values to redact from any output: the current token and the auditor app's secret. */
  secrets(): string[];
  /** Re-mints the token (auditor app); jsforce's own calls re-mint through the connection's refreshFn. */
  reauthenticate?: () => Promise<void>;
}

export interface LiveSource {
  kind: 'access-token' | 'sf-cli' | 'auditor-app';
  /** For messages; never holds a secret. */
  description: string;
  connect(): Promise<LiveSession>;
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
        return { conn, kind: 'sf-cli', secrets: () => [auth.accessToken, conn.accessToken ?? ''] };
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
      connect: () => connectAuditorApp({ loginUrl: instanceUrl, clientId, clientSecret, version }),
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

/** The headless auditor app: client credentials against the org's My Domain, re-minted on expiry. */
export async function connectAuditorApp(login: ClientCredentialsLogin): Promise<LiveSession> {
  const conn = new Connection({
    oauth2: {
      loginUrl: login.loginUrl,
      clientId: login.clientId,
      clientSecret: login.clientSecret,
    },
    version: login.version ?? API_VERSION,
    refreshFn: clientCredentialsRefresh,
  });
  try {
    await conn.authorize({ grant_type: 'client_credentials' });
  } catch (error) {
    const { errorCode, message } = classifyError(error, [login.clientSecret]);
    throw new CollectError(
      'AUTH_FAILED',
      `The auditor app could not get a token at ${login.loginUrl} (${errorCode}: ${message})`,
      {
        hints: [
          'Check the consumer key and secret, that the client credentials flow is enabled and that its run-as user is set and active.',
        ],
      },
    );
  }
  return {
    conn,
    kind: 'auditor-app',
    secrets: () => [login.clientSecret, conn.accessToken ?? ''],
    reauthenticate: async () => {
      const res = await conn.oauth2.requestToken({ grant_type: 'client_credentials' });
      conn.accessToken = res.access_token;
    },
  };
}
