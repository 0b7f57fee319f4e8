// Access tokens the emulator has minted. Tokens look like Salesforce session ids (`<orgId15>!AQ...`),
// which the Salesforce CLI requires (docs/salesforce-behaviour.md 5.5).

import { randomBytes } from 'node:crypto';

export interface Session {
  userId: string;
  /** Developer name of the app the token was minted for; undefined for the auditor's ready-line token. */
  app?: string;
  /** Token scopes as Salesforce writes them in the token response (`api`, `id`, `full`, ...). */
  scopes: string[];
  /** Required session level the login could not satisfy (`HIGH_ASSURANCE`): REST calls are refused. */
  unmetSessionLevel?: string;
  issuedAt: Date;
  expiresAt: Date;
}

export class SessionStore {
  readonly #sessions = new Map<string, Session>();

  constructor(private readonly orgId: string) {}

  mint(session: Session, token?: string): string {
    const value = token ?? `${this.orgId.slice(0, 15)}!AQ${randomBytes(40).toString('hex')}`;
    this.#sessions.set(value, session);
    return value;
  }

  /** The live session of a token at `now`, or undefined when unknown or expired. */
  find(token: string | undefined, now: Date): Session | undefined {
    if (token === undefined) return undefined;
    const session = this.#sessions.get(token);
    if (session === undefined || session.expiresAt.getTime() <= now.getTime()) return undefined;
    return session;
  }

  /** Ends every session (the `expireSessions` fault). */
  expireAll(): void {
    this.#sessions.clear();
  }

  /** Every token value, so the request log can be checked for leaks. */
  tokens(): string[] {
    return [...this.#sessions.keys()];
  }
}
