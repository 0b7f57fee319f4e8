// Everything one running emulator holds: the org, its clock, sessions, query cursors, API usage and
// the request log that tests read.

import type { OrgModel } from '../model/org.js';
import type { Clock } from '../util/clock.js';
import { FaultInjector, type FaultRule } from './faults.js';
import { OrgView } from './org-view.js';
import { QueryCursors } from './rest.js';
import { SessionStore } from './sessions.js';

/** One request as logged: no secrets (tokens, client secrets) ever reach the log. */
export interface RequestLogEntry {
  time: string;
  method: string;
  /** Path with repeated slashes collapsed. */
  path: string;
  /** Query string with `oauth_token` and other secrets redacted. */
  query: string;
  status: number;
  /** The calling session's username and app, when the request carried a valid token. */
  user?: string;
  app?: string;
}

export class EmulatorState {
  readonly view: OrgView;
  readonly sessions: SessionStore;
  readonly cursors = new QueryCursors();
  readonly faults: FaultInjector;
  readonly log: RequestLogEntry[] = [];
  /** API requests counted against DailyApiRequests. */
  apiRequests = 0;

  constructor(
    readonly org: OrgModel,
    readonly clock: Clock,
    faults: readonly FaultRule[] = [],
  ) {
    this.view = new OrgView(org);
    this.sessions = new SessionStore(org.info.orgId);
    this.faults = new FaultInjector(faults);
  }

  /** Mints a session for the auditor user (the ready line's token), full scopes, no app. */
  mintAuditorToken(token?: string): string {
    const user = this.view.userByUsername(this.org.info.auditorUsername);
    if (user === undefined)
      throw new Error(`auditor user ${this.org.info.auditorUsername} is not in the org`);
    const now = this.clock.now();
    return this.sessions.mint(
      {
        userId: user.row.Id,
        scopes: ['api', 'web', 'full', 'id', 'refresh_token'],
        issuedAt: now,
        // The ready-line token outlives a working day of tests and demos.
        expiresAt: new Date(now.getTime() + 24 * 3_600_000),
      },
      token,
    );
  }
}
