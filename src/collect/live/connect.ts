// One jsforce Connection per org, with an explicit API version (jsforce defaults to 50.0).

import { Connection } from '@jsforce/jsforce-node';

export const API_VERSION = '62.0';

export interface ClientCredentialsLogin {
  /** The org's My Domain URL: client credentials work only there (SALESFORCE-FACTS.md 1.2). */
  loginUrl: string;
  clientId: string;
  clientSecret: string;
  version?: string;
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
