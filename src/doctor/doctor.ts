// `runas-guard doctor`: would an audit with this user's access be complete? Two independent checks
// per request of the catalog (src/collect/catalog.ts, docs/permissions.md): the permission table
// against the user's own effective system permissions, and the request's harmless sample sent to
// the org, so that what the org really refuses is reported even where the table is wrong. Every
// rule whose facets a refused request feeds would be `not-evaluated`; one whose request answers but
// whose permission is missing may be silently incomplete (Salesforce answers some queries with the
// caller's own rows only). Read-only: identity, catalog samples, the user's own permissions.

import { CATALOG, type CatalogEntry, type CatalogFacet } from '../collect/catalog.js';
import { CollectError } from '../collect/errors.js';
import { isBudgetReached } from '../collect/tracker.js';
import type { LiveSource } from '../collect/live/connect.js';
import { isRecord, text } from '../collect/normalize/values.js';
import { RULES } from '../analyze/rules/index.js';
import type { Rule } from '../analyze/define-rule.js';
import type { Facet } from '../model/snapshot.js';
import { OwnAccessError, readOwnAccess, type OwnAccess } from './own-access.js';
import type { TransportLimits } from '../transport/http.js';
import { connectWire, type DoctorWire } from './wire.js';

/** Other permissions that grant a catalog permission, as the catalog's `permission` text says. */
const GRANTED_ALSO_BY: Readonly<Record<string, readonly string[]>> = {
  ModifyMetadata: ['ModifyAllData'],
};

export interface DoctorUser {
  id: string;
  username?: string;
  profile?: string;
  orgId?: string;
}

export type OwnPermissions =
  | {
      status: 'read';
      /** The catalog's permissions the user holds, with where each comes from. */
      held: { permission: string; via: string[] }[];
    }
  | { status: 'unread'; request: string; errorCode: string; message: string };

export interface DoctorRequest {
  id: string;
  facet: CatalogFacet;
  /** What to grant, in Setup terms (from the catalog). */
  permission: string;
  userPermissions: readonly string[];
  /** The table's answer: undefined when the user's own permissions could not be read. */
  held?: boolean;
  /** What the org answered to the request's sample; `not-sent` when `--max-requests` was reached first. */
  sample: 'ok' | 'refused' | 'not-sent';
  errorCode?: string;
  message?: string;
  /**
   * ok; refused by the org; answered without the permission the table names (maybe partial); or
   * not tried because `--max-requests` was reached (unknown, never ok).
   */
  verdict: 'ok' | 'refused' | 'partial' | 'not-sent';
}

export interface DoctorRule {
  id: string;
  slug: string;
  title: string;
  /**
   * not-evaluated: a request it needs is refused; incomplete: one may answer partially; reduced:
   * only facets it reads when collected (`optional`) fail, so it runs without them
   * (docs/adr/0012-rule-facets.md).
   */
  verdict: 'not-evaluated' | 'incomplete' | 'reduced';
  /** Its `optional` facets that a failing request feeds: the part it does without. */
  without?: Facet[];
  requests: string[];
  /** The permissions to grant, in Setup terms. */
  grant: string[];
}

export interface DoctorReport {
  instanceUrl: string;
  user: DoctorUser;
  ownPermissions: OwnPermissions;
  requests: DoctorRequest[];
  rules: DoctorRule[];
  /** Every permission to grant for a complete audit, in Setup terms. */
  grant: string[];
  complete: boolean;
  /** Requests doctor sent (token requests aside). */
  apiRequests: number;
  /** `--max-requests` when given: the requests whose verdict is `not-sent` were not tried. */
  maxRequests?: number;
}

export interface DoctorOptions {
  /** Evaluation time for assignment expiry, ISO-8601; default the org's clock. */
  now?: string;
  rules?: readonly Rule[];
}

export interface RunDoctorOptions extends DoctorOptions {
  /** `--max-requests`: doctor sends at most this many requests; the samples left are not tried. */
  maxRequests?: number;
  /** `--timeout`: the overall deadline, in ms (default 30 minutes, as the audit's). */
  timeoutMs?: number;
  /** Transport limits (idle timeout, retries); tests shorten them. */
  limits?: Partial<TransportLimits>;
}

/** `--timeout`'s default: doctor sends a few dozen requests, but nothing may run forever. */
export const DEFAULT_DOCTOR_TIMEOUT_MS = 30 * 60_000;

/** Connects the live source and runs the checks. Throws CollectError when the org refuses the token or cannot be reached. */
export async function runDoctor(
  source: LiveSource,
  options: RunDoctorOptions = {},
): Promise<DoctorReport> {
  const wire = await connectWire(source, {
    timeoutMs: options.timeoutMs ?? DEFAULT_DOCTOR_TIMEOUT_MS,
    ...(options.limits === undefined ? {} : { limits: options.limits }),
    ...(options.maxRequests === undefined ? {} : { maxRequests: options.maxRequests }),
  });
  try {
    const report = await doctorWith(wire, options);
    return options.maxRequests === undefined
      ? report
      : { ...report, maxRequests: options.maxRequests };
  } finally {
    wire.close();
  }
}

export async function doctorWith(
  wire: DoctorWire,
  options: DoctorOptions = {},
): Promise<DoctorReport> {
  const user = await whoAmI(wire);
  let own: OwnAccess | undefined;
  let ownPermissions: OwnPermissions;
  try {
    own = await readOwnAccess(
      wire,
      { id: user.id, ...(user.profile === undefined ? {} : { profileName: user.profile }) },
      // Assignments expire on the org's clock, as in the audit.
      options.now ?? wire.clock() ?? new Date().toISOString(),
    );
    const relevant = [...new Set(CATALOG.flatMap((e) => e.userPermissions))];
    ownPermissions = {
      status: 'read',
      held: relevant
        .flatMap((p) => [p, ...(GRANTED_ALSO_BY[p] ?? [])])
        .filter((p) => own?.systemPermissions.has(p))
        .map((permission) => ({ permission, via: own?.via.get(permission) ?? [] })),
    };
  } catch (error) {
    if (!(error instanceof OwnAccessError)) throw error;
    const c = checked(wire, error.cause);
    ownPermissions = {
      status: 'unread',
      request: error.request,
      errorCode: c.errorCode,
      message: c.message,
    };
  }

  const requests: DoctorRequest[] = [];
  for (const entry of CATALOG) requests.push(await check(wire, entry, own));
  const rules = affectedRules(requests, options.rules ?? RULES);
  // A request not tried says nothing about the permission: nothing to grant for it, but not complete.
  const failing = requests.filter((r) => r.verdict === 'refused' || r.verdict === 'partial');
  return {
    instanceUrl: wire.instanceUrl,
    user,
    ownPermissions,
    requests,
    rules,
    grant: [...new Set(failing.map((r) => r.permission))],
    complete: requests.every((r) => r.verdict === 'ok'),
    apiRequests: wire.requests,
  };
}

/** A failure's code and message; the auditor's own session refused stops doctor (exit 3). */
function checked(wire: DoctorWire, error: unknown): { errorCode: string; message: string } {
  // The transport's own verdicts (session refused, deadline, unreachable) stop the run as they are.
  if (error instanceof CollectError) throw error;
  const c = wire.classify(error);
  if (c.auth)
    throw new CollectError(
      'AUTH_FAILED',
      `The org refused the session of the connected user (${c.errorCode}: ${c.message})`,
      { hints: ['Log in again (sf org login ...), or check the auditor app credentials.'] },
    );
  return { errorCode: c.errorCode, message: c.message };
}

async function check(
  wire: DoctorWire,
  entry: CatalogEntry,
  own: OwnAccess | undefined,
): Promise<DoctorRequest> {
  const held = own === undefined ? undefined : entry.userPermissions.every((p) => holds(own, p));
  const base = {
    id: entry.id,
    facet: entry.facet,
    permission: entry.permission,
    userPermissions: entry.userPermissions,
    ...(held === undefined ? {} : { held }),
  };
  try {
    await wire.trySample(entry);
  } catch (error) {
    if (isBudgetReached(error))
      return { ...base, sample: 'not-sent', ...checked(wire, error), verdict: 'not-sent' };
    return { ...base, sample: 'refused', ...checked(wire, error), verdict: 'refused' };
  }
  return { ...base, sample: 'ok', verdict: held === false ? 'partial' : 'ok' };
}

/**
 * The rules whose facets a failing request feeds; the org facet feeds every one. A facet in
 * `requires` makes the rule not-evaluated (or incomplete); one only in `optional` leaves it
 * evaluated without that part (RG-0022 without Login History), which is said, not hidden.
 */
export function affectedRules(
  requests: readonly DoctorRequest[],
  rules: readonly Rule[],
): DoctorRule[] {
  const out: DoctorRule[] = [];
  // Requests not tried (`--max-requests`) are listed as such, not blamed on a permission.
  const failing = requests.filter((r) => r.verdict === 'refused' || r.verdict === 'partial');
  for (const rule of rules) {
    const needs = new Set<CatalogFacet>(['org', ...rule.meta.requires]);
    const optional = new Set<CatalogFacet>(rule.meta.optional ?? []);
    const hits = failing.filter((r) => needs.has(r.facet));
    const lost = failing.filter((r) => optional.has(r.facet));
    // Facets no live request feeds (the project's files) are not doctor's to report.
    const live = rule.meta.requires.some((f) => f !== 'projectFiles');
    if (hits.length + lost.length === 0 || !live) continue;
    const all = [...hits, ...lost];
    const without = [...new Set(lost.map((r) => r.facet as Facet))];
    out.push({
      id: rule.meta.id,
      slug: rule.meta.slug,
      title: rule.meta.title,
      verdict:
        hits.length === 0
          ? 'reduced'
          : hits.some((h) => h.verdict === 'refused')
            ? 'not-evaluated'
            : 'incomplete',
      ...(without.length === 0 ? {} : { without }),
      requests: all.map((h) => h.id),
      grant: [...new Set(all.map((h) => h.permission))],
    });
  }
  return out;
}

const SALESFORCE_ID = /^[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$/;

/** A Salesforce Id from an answer, or undefined: whatever else the org sends never reaches a query. */
function idOf(value: unknown): string | undefined {
  const id = text(value);
  return id !== undefined && SALESFORCE_ID.test(id) ? id : undefined;
}

/** The connected user: userinfo, else the identity URL of the API's resources; then its User row. */
/** Whether `own` holds `permission`, or a permission that grants it. */
export function holds(own: OwnAccess, permission: string): boolean {
  return [permission, ...(GRANTED_ALSO_BY[permission] ?? [])].some((p) =>
    own.systemPermissions.has(p),
  );
}

/**
 * The connected user's own effective system permissions at `now`. Throws CollectError when the
 * user cannot be identified, OwnAccessError when their permissions cannot be read.
 */
export async function connectedUserAccess(wire: DoctorWire, now: string): Promise<OwnAccess> {
  // The User row adds only the username and profile label, which no permission depends on (the
  // profile's permissions come through its profile-owned set): one request fewer per audit.
  const user = await whoAmI(wire, { userRow: false });
  return readOwnAccess(
    wire,
    { id: user.id, ...(user.profile === undefined ? {} : { profileName: user.profile }) },
    now,
  );
}

async function whoAmI(wire: DoctorWire, options: { userRow?: boolean } = {}): Promise<DoctorUser> {
  let user: DoctorUser | undefined;
  let first: { errorCode: string; message: string } | undefined;
  try {
    const info = await wire.userinfo();
    const id = isRecord(info) ? idOf(info.user_id) : undefined;
    if (id !== undefined) {
      const username = isRecord(info) ? text(info.preferred_username) : undefined;
      const orgId = isRecord(info) ? text(info.organization_id) : undefined;
      user = {
        id,
        ...(username === undefined ? {} : { username }),
        ...(orgId === undefined ? {} : { orgId }),
      };
    }
  } catch (error) {
    first = checked(wire, error);
  }
  if (user === undefined) {
    try {
      const resources = await wire.versionResources();
      const identity = isRecord(resources) ? text(resources.identity) : undefined;
      // `https://host/id/<orgId>/<userId>`
      const [orgId, userId] = (identity ?? '').split('/').slice(-2).map(idOf);
      if (orgId !== undefined && userId !== undefined) user = { id: userId, orgId };
    } catch (error) {
      const failure = checked(wire, error);
      first ??= failure;
    }
  }
  if (user === undefined)
    throw new CollectError(
      'UNREACHABLE',
      `Could not identify the connected user at ${wire.instanceUrl}${first === undefined ? '' : ` (${first.errorCode}: ${first.message})`}`,
      { hints: ["Check the instance URL (the org's My Domain) and that the token is valid."] },
    );
  if (options.userRow === false) return user;
  try {
    const [row] = await wire.query('rest.query.User.byId', {}, 'userIds', [user.id]);
    const username = text(row?.Username);
    const profile = isRecord(row?.Profile) ? text(row.Profile.Name) : undefined;
    return {
      ...user,
      ...(username === undefined ? {} : { username }),
      ...(profile === undefined ? {} : { profile }),
    };
  } catch (error) {
    checked(wire, error);
    return user;
  }
}
