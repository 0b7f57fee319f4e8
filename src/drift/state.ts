// An audit's integrations as flat states (types.ts): what `monitor record` stores and what
// `monitor diff` and `compare` set side by side. Access comes from the engine's own resolution
// (buildIntegrations), each path written by formatVia, so a state says what the report says.

import { heldPermissionSets, profileOf } from '../analyze/access.js';
import {
  declaredIntegration,
  formatVia,
  grantKeyOf,
  grantsOf,
  needItems,
} from '../analyze/declared.js';
import { buildIntegrations, compareText } from '../analyze/engine/integrations.js';
import { fingerprintOf } from '../analyze/fingerprint.js';
import { DEFAULT_SETTINGS } from '../analyze/types.js';
import type { Manifest } from '../manifest/schema.js';
import type { AuditReport, Finding } from '../model/finding.js';
import type { ClientApp } from '../model/org.js';
import { preAuthorization } from '../model/policy/index.js';
import type { OrgSnapshot } from '../model/snapshot.js';
import type { AccessGrant, FindingState, IntegrationState, RunAsUserState } from './types.js';

export interface StateOptions {
  /** Evaluation time (assignment expiry); default the report's `collectedAt`. */
  now?: string;
}

/**
 * One state per integration of the report (auditor apps are not integrations), sorted by app.
 * Unknown is not false: without the `users` facet (project mode, a refused query) or for a user
 * the collection did not look up, `userStateKnown` is false and the user fields are left out;
 * without resolved access, `access` is null.
 */
export function integrationStatesOf(
  snapshot: OrgSnapshot,
  report: Pick<AuditReport, 'integrations' | 'collectedAt'>,
  manifest?: Manifest,
  options: StateOptions = {},
): IntegrationState[] {
  const now = options.now ?? report.collectedAt;
  const audited = new Set(report.integrations.map((i) => i.app.toLowerCase()));
  const ok = (facet: keyof OrgSnapshot['ledger']): boolean =>
    snapshot.ledger[facet]?.status === 'ok';
  const notLookedUp = new Set((snapshot.notLookedUp ?? []).map((u) => u.toLowerCase()));
  const { list } = buildIntegrations(snapshot, now, DEFAULT_SETTINGS, []);

  const states: IntegrationState[] = [];
  for (const integration of list) {
    const { app, username, user } = integration;
    if (!audited.has(app.name.toLowerCase())) continue;
    const entry = declaredIntegration({ manifest }, app);
    const userStateKnown =
      ok('users') && (username === undefined || !notLookedUp.has(username.toLowerCase()));

    let runAs: RunAsUserState | null = null;
    if (username !== undefined) {
      runAs = { username, found: user !== undefined };
      if (userStateKnown && user !== undefined) {
        if (user.id !== undefined) runAs.id = user.id;
        runAs.active = user.isActive;
        if (ok('userLogin') && user.isFrozen !== undefined) runAs.frozen = user.isFrozen;
        if (ok('userLogin') && user.isPasswordLocked !== undefined)
          runAs.passwordLocked = user.isPasswordLocked;
        if (user.userLicense !== undefined) runAs.licence = user.userLicense;
        runAs.profile = user.profileName;
      }
    }

    const state: IntegrationState = {
      app: app.name,
      appType: app.type,
      runAs,
      userStateKnown,
      policy: policyOf(app),
      access:
        integration.access === undefined || !ok('access')
          ? null
          : [...grantsOf(integration.access)]
              .flatMap(([key, vias]): AccessGrant[] =>
                vias.map((via) => ({ key, container: formatVia(via) })),
              )
              .sort((a, b) => compareText(a.key, b.key) || compareText(a.container, b.container)),
      needs:
        entry?.needs === undefined
          ? []
          : [...new Set(needItems(entry.needs).map(grantKeyOf))].sort(compareText),
    };
    if (entry !== undefined) state.integration = entry.name;
    // Pre-authorization only applies to admin-approved apps, and needs the user's containers.
    if (app.adminApproved && user !== undefined && userStateKnown && ok('access')) {
      const names = [user.profileName, user.profileFullName, profileOf(snapshot, user)?.fullName];
      const held = heldPermissionSets(snapshot, user.username, now);
      state.preAuthorized = preAuthorization(app, names, held) !== undefined;
    }
    states.push(state);
  }
  return states;
}

/** The app's policy as flat sorted key → value; lists sorted and comma-joined, unset keys left out. */
export function policyOf(app: ClientApp): Record<string, string> {
  const list = (values: readonly string[]): string =>
    [...values].sort((a, b) => compareText(a.toLowerCase(), b.toLowerCase())).join(', ');
  const policy: Record<string, string | undefined> = {
    clientCredentialsEnabled: String(app.clientCredentialsEnabled),
    enabled: String(app.enabled),
    handlerRunAsUsername: app.handlerRunAsUsername,
    ipRelaxation: app.ipRelaxation,
    permittedUsers: app.adminApproved ? 'admin approved' : 'all users may self-authorize',
    preAuthorizedPermissionSets: list(app.preAuthorizedPermissionSets),
    preAuthorizedProfiles: list(app.preAuthorizedProfiles),
    refreshTokenPolicy: app.refreshTokenPolicy,
    requiredSessionLevel: app.requiredSessionLevel,
    scopes: list(app.scopes),
    sessionTimeoutMinutes:
      app.sessionTimeoutMinutes === undefined ? undefined : String(app.sessionTimeoutMinutes),
  };
  return Object.fromEntries(
    Object.entries(policy)
      .filter((e): e is [string, string] => e[1] !== undefined && e[1] !== '')
      .sort(([a], [b]) => compareText(a, b)),
  );
}

export interface FindingStateOptions {
  /**
   * Recompute fingerprints for this org key (and sandbox suffix), so that findings of two orgs
   * (compare: production and its sandbox) match by rule, app and resource.
   */
  rekey?: { orgKey: string; sandboxSuffix?: string | undefined };
}

/** The report's findings as the history keeps them. */
export function findingStatesOf(
  report: Pick<AuditReport, 'findings'>,
  options: FindingStateOptions = {},
): FindingState[] {
  return report.findings.map((f) => ({
    fingerprint: options.rekey === undefined ? f.fingerprint : rekeyed(f, options.rekey),
    ruleId: f.ruleId,
    status: f.status,
    severity: f.severity,
    app: f.app,
    message: f.message,
  }));
}

function rekeyed(finding: Finding, rekey: NonNullable<FindingStateOptions['rekey']>): string {
  const input = { ruleId: finding.ruleId, orgKey: rekey.orgKey, app: finding.app };
  return fingerprintOf(
    { ...input, resource: finding.resource },
    rekey.sandboxSuffix === undefined ? {} : { sandboxSuffix: rekey.sandboxSuffix },
  );
}
