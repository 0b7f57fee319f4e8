// Some queries are not refused when the auditing user lacks their permission: Salesforce answers
// them with the user's own rows only, and no error (LoginHistory without Manage Users, OauthToken
// without Customize Application; the catalog marks them `partialWithout`). Such an answer looks
// complete and would pass rules on data never read. So the audit reads the auditor's own
// permissions (as `doctor` does) and fails those facets when the permission is missing, or when
// the auditor's permissions could not be read at all.

import { CATALOG } from '../collect/catalog.js';
import { CollectError } from '../collect/errors.js';
import type { LiveSession } from '../collect/live/connect.js';
import { connectedUserAccess, holds } from '../doctor/doctor.js';
import { OwnAccessError } from '../doctor/own-access.js';
import type { OwnAccess } from '../doctor/own-access.js';
import { sessionWire } from '../doctor/wire.js';
import type { FailedRequestEntry, OrgSnapshot } from '../model/snapshot.js';
import type { Transport } from '../transport/http.js';

const SILENT = CATALOG.filter((e) => e.partialWithout === true);

/** The snapshot with each silently partial facet failed, and the requests the check sent. */
export async function markSilentlyPartial(
  snapshot: OrgSnapshot,
  session: LiveSession,
  transport: Transport,
  maxRequests?: number,
): Promise<OrgSnapshot> {
  const pending = SILENT.filter(
    (e) => snapshot.ledger[e.facet as keyof OrgSnapshot['ledger']]?.status === 'ok',
  );
  if (pending.length === 0) return withUsage(snapshot, transport);

  const wire = sessionWire(
    session,
    transport,
    maxRequests === undefined
      ? {}
      : { budget: { max: maxRequests, left: Math.max(0, maxRequests - snapshot.apiRequests) } },
  );
  let own: OwnAccess | undefined;
  let unread: { request: string; errorCode: string; message: string } | undefined;
  try {
    own = await connectedUserAccess(wire, snapshot.collectedAt);
  } catch (error) {
    if (error instanceof OwnAccessError) {
      const c = wire.classify(error.cause);
      unread = { request: error.request, errorCode: c.errorCode, message: c.message };
    } else if (error instanceof CollectError && error.code === 'UNREACHABLE') {
      unread = {
        request: 'rest.query.User.byId',
        errorCode: 'UNIDENTIFIED',
        message: error.message,
      };
    } else throw error;
  }

  const ledger = { ...snapshot.ledger };
  const failed: FailedRequestEntry[] = [...(snapshot.failedRequests ?? [])];
  for (const entry of pending) {
    const facet = entry.facet as keyof OrgSnapshot['ledger'];
    const missing = own === undefined ? [] : entry.userPermissions.filter((p) => !holds(own, p));
    if (own !== undefined && missing.length === 0) continue;
    const failure: FailedRequestEntry = {
      request: entry.id,
      facet,
      errorCode: own === undefined ? 'OWN_ACCESS_UNREAD' : 'PARTIAL_ANSWER',
      message:
        own === undefined
          ? `the auditing user's own permissions could not be read (${unread?.request ?? ''} failed with ${unread?.errorCode ?? ''}), so whether Salesforce narrowed this answer to the auditor's own rows is unknown`
          : `the auditing user lacks ${missing.join(', ')}: Salesforce answers this query with the auditor's own rows only, without an error`,
      permission: entry.permission,
    };
    failed.push(failure);
    ledger[facet] = {
      status: 'failed',
      request: failure.request,
      errorCode: failure.errorCode,
      message: failure.message,
      permission: entry.permission,
    };
  }
  return withUsage(
    {
      ...snapshot,
      ledger,
      failedRequests: failed,
      apiRequests: snapshot.apiRequests + wire.requests,
    },
    transport,
  );
}

/** The org's daily usage from the last `Sforce-Limit-Info` seen, this check's answers included. */
function withUsage(snapshot: OrgSnapshot, transport: Transport): OrgSnapshot {
  const usage = transport.apiUsage;
  return usage === undefined ? snapshot : { ...snapshot, apiUsage: { ...usage } };
}
