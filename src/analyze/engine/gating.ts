// Gating (docs/architecture.md 3): a rule whose required facet failed or is unsupported is
// `not-evaluated` for every resource it examines, naming the request and the permission; and, per
// integration, a facet the snapshot has for some integrations only (docs/adr/0012-rule-facets.md).

import type { Manifest } from '../../manifest/schema.js';
import type { Facet, LedgerEntry, OrgSnapshot } from '../../model/snapshot.js';
import type { RuleMeta } from '../define-rule.js';
import type { EngineMessageId } from '../messages.js';
import type { Integration, MessageData } from '../types.js';

/** Human names of the facets, for not-evaluated messages. */
export const FACET_LABELS: Readonly<Record<Facet, string>> = {
  apps: 'the client-credentials app configuration',
  users: 'the run-as User records',
  userLogin: 'UserLogin (frozen and password-locked state)',
  access: 'the profiles, permission sets and assignments',
  profilePolicies: 'the profile login IP ranges and login hours',
  sessionSettings: 'the profile session settings',
  loginHistory: 'Login History',
  auditTrail: 'the Setup Audit Trail',
  oauthTokens: 'the OAuth tokens',
  projectFiles: "the project's files (needs --project)",
};

/** Messages whose not-evaluated or error status comes from a failed or absent request. */
export const INCOMPLETE_MESSAGE_IDS: readonly string[] = ['requestFailed'];

export interface Gate {
  messageId: Extract<EngineMessageId, 'requestFailed' | 'notInMode'>;
  data: MessageData;
}

/** Why a rule cannot run on this snapshot; undefined when every facet it requires is ok. */
export function gateOf(meta: Pick<RuleMeta, 'requires'>, snapshot: OrgSnapshot): Gate | undefined {
  const failed: string[] = [];
  const unsupported: string[] = [];
  for (const facet of meta.requires) {
    const entry: LedgerEntry | undefined = snapshot.ledger[facet];
    if (entry === undefined) failed.push(`${FACET_LABELS[facet]} was not collected`);
    else if (entry.status === 'failed') failed.push(failedReason(facet, entry));
    else if (entry.status === 'unsupported')
      unsupported.push(`${FACET_LABELS[facet]}: ${entry.reason}`);
  }
  // A failed request outranks the mode: it is what the user can fix, and it decides exit code 3.
  if (failed.length > 0)
    return { messageId: 'requestFailed', data: { reasons: failed.join('; ') } };
  if (unsupported.length > 0)
    return {
      messageId: 'notInMode',
      data: { mode: snapshot.mode, reasons: unsupported.join('; ') },
    };
  return undefined;
}

export function failedReason(
  facet: Facet,
  entry: Extract<LedgerEntry, { status: 'failed' }>,
): string {
  const fix = entry.permission === undefined ? '' : `; grant the auditing user ${entry.permission}`;
  return `${FACET_LABELS[facet]} could not be read (request ${entry.request} failed with ${entry.errorCode})${fix}`;
}

/** Facets read per run-as user in the org: missing for a user the org collection did not look up. */
export const PER_USER_FACETS: readonly Facet[] = [
  'users',
  'userLogin',
  'access',
  'loginHistory',
  'oauthTokens',
];

/**
 * Why one integration cannot be evaluated by a rule whose facets are ok org-wide; undefined when it
 * can. In project+live mode, a run-as or handler user of a project app that the org collection did
 * not look up (`notLookedUp`) has no user state: a rule that reads any (required or optional) is
 * not-evaluated for that integration, as a failed request (exit 3). Without user state (`users` unsupported: project mode) the run-as users in the snapshot are
 * exactly those whose access the manifest declares (`runAsAccess`), so the access of any other
 * run-as user is unknown, not empty: that integration alone is not evaluated by an access rule.
 */
export function integrationGate(
  meta: Pick<RuleMeta, 'requires' | 'optional'>,
  integration: Integration,
  snapshot: OrgSnapshot,
  manifest: Manifest | undefined,
): Gate | undefined {
  const notLookedUp = notLookedUpGate(meta, integration, snapshot);
  if (notLookedUp !== undefined) return notLookedUp;
  if (!meta.requires.includes('access')) return undefined;
  if (snapshot.ledger.users?.status !== 'unsupported') return undefined;
  const { username, user, app } = integration;
  if (username === undefined || user !== undefined) return undefined;
  return {
    messageId: 'notInMode',
    data: {
      mode: snapshot.mode,
      reasons: `${FACET_LABELS.access}: the profile and permission sets of ${username}, the run-as user of ${app.name}, are org state unless the manifest declares them: ${declareHint(app.name, username, manifest)}, or add a live source`,
    },
  };
}

function notLookedUpGate(
  meta: Pick<RuleMeta, 'requires' | 'optional'>,
  integration: Integration,
  snapshot: OrgSnapshot,
): Gate | undefined {
  const missing = new Set((snapshot.notLookedUp ?? []).map((u) => u.toLowerCase()));
  if (missing.size === 0) return undefined;
  const reads = [...meta.requires, ...(meta.optional ?? [])].filter((f) =>
    PER_USER_FACETS.includes(f),
  );
  if (reads.length === 0) return undefined;
  const { app } = integration;
  const users = [app.runAsUsername, app.handlerRunAsUsername]
    .map((u) => u?.trim())
    .filter((u): u is string => u !== undefined && missing.has(u.toLowerCase()));
  if (users.length === 0) return undefined;
  const labels = reads.map((f) => FACET_LABELS[f]).join(', ');
  return {
    messageId: 'requestFailed',
    data: {
      reasons: `${labels} for ${users.join(', ')} (${app.name}): not read, as no app in the org runs as ${users.length === 1 ? 'this user' : 'these users'}, so the org collection did not look ${users.length === 1 ? 'it' : 'them'} up (request rest.query.User: NOT_LOOKED_UP)`,
    },
  };
}

/** What to declare in the manifest for this app's run-as user. */
function declareHint(app: string, username: string, manifest: Manifest | undefined): string {
  const entries = (manifest?.integrations ?? []).filter((e) => e.app === app);
  if (entries.length === 0)
    return `add an integration for ${app} with runAs ${username} and runAsAccess (with a profile) to runas-guard.yaml`;
  const names = entries.map((e) => e.name).join(', ');
  const declared = entries.find((e) => e.runAsAccess?.profile !== undefined);
  if (
    declared?.runAs !== undefined &&
    declared.runAs.trim().toLowerCase() !== username.toLowerCase()
  )
    return `integration ${declared.name} in runas-guard.yaml declares runAsAccess for ${declared.runAs}, not for ${username}: declare runAs ${username}`;
  return `declare runAsAccess with a profile for integration ${names} in runas-guard.yaml`;
}
