import { profileOf } from '../../access.js';
import { defineRule } from '../../define-rule.js';
import type { OauthTokenEntry } from '../../../model/snapshot.js';
import { MAX_EVIDENCE_ROWS, sameText, timeOf, windowOf } from '../../facts/login-history.js';
import { REFERENCES } from '../references.js';

/** Longest session timeout the rule catalog accepts for a client-credentials token. */
export const MAX_SESSION_MINUTES = 12 * 60;

const OAUTH_TOKEN_OBJECT =
  'https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_oauthtoken.htm';

/**
 * Refresh token policy, as written: Connected App `infinite`, `zero`,
 * `specific_lifetime:<n>:<UNIT>`, `specific_inactivity:<n>:<UNIT>` (OBS); ECA `Infinite`, `Zero`,
 * `SpecificLifetime`, `SpecificInactivity` (TYPES), docs/salesforce-behaviour.md 2.2 and 2.3.
 * Undefined: a value this rule does not know.
 */
export function refreshTokenPolicyKind(policy: string): 'infinite' | 'bounded' | undefined {
  const value = policy.trim().toLowerCase();
  if (value === 'infinite') return 'infinite';
  if (value === 'zero' || value === 'specificlifetime' || value === 'specificinactivity')
    return 'bounded';
  if (/^specific_(lifetime|inactivity):\d+:[a-z]+$/.test(value)) return 'bounded';
  return undefined;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export const rule = defineRule({
  id: 'RG-0027',
  slug: 'long-lived-tokens',
  aliases: [],
  title: 'Client-credentials tokens live longer than they must',
  severity: 'medium',
  category: 'hygiene',
  tags: ['recommended'],
  scope: 'run-as-user',
  frameworks: { 'owasp-nhi-2025': ['NHI7'] },
  // `access`: the profile (and so its session timeout) comes from the profile's permission set.
  requires: ['apps', 'users', 'access', 'sessionSettings', 'oauthTokens'],
  // The app's session policy timeout is taken before the profile's, as the emulator does; that an
  // app timeout overrides the profile's for this flow is UNCONFIRMED. Whether client-credentials
  // tokens appear in OauthToken is UNCONFIRMED (probably not: no refresh token is issued), so any
  // OauthToken of the run-as user comes from another flow using that identity.
  rationale:
    'A leaked access token works until its session times out, and a refresh token until it is revoked. A client-credentials integration can mint a new token whenever it needs one, so long sessions, refresh tokens that never expire and old refresh tokens held by its run-as user only extend what an attacker can do with a stolen token.',
  remediation:
    'Session timeout: Connected App: Setup > App Manager > the app > Manage > Edit Policies > Session Policies > Timeout Value; External Client App: Policies > Session Policies; profile: Setup > Profiles > the profile > Session Settings > Session Times Out After: 12 hours or less (2 hours is common). Refresh token policy: Edit Policies > OAuth Policies > Refresh Token Policy: Immediately expire refresh token. Stale refresh tokens: Setup > Users > the run-as user > OAuth Connected Apps > Revoke.',
  references: [REFERENCES.connectedAppMetadata, REFERENCES.ecaOauthPolicies, OAUTH_TOKEN_OBJECT],
  messages: {
    longLived: 'Tokens of {{app}} for {{username}} live longer than they must: {{problems}}',
    bounded:
      'Tokens of {{app}} for {{username}} are short-lived: {{timeout}}, refresh token policy {{policy}}, no stale refresh tokens',
    unknown:
      'Nothing makes tokens of {{app}} for {{username}} live too long, but {{unknowns}}: the lifetime cannot be fully judged',
  },
  check(ctx) {
    const days = ctx.settings.dormantDays;
    const cutoff = windowOf(ctx.now, days).start;
    for (const integration of ctx.runAsUsers()) {
      const { app, user, username } = integration;
      const profile = profileOf(ctx.facet('sessionSettings'), user);
      const problems: string[] = [];
      const unknowns: string[] = [];

      // Session timeout: the app's policy, else the profile's.
      const fromApp = app.sessionTimeoutMinutes;
      const minutes = fromApp ?? profile?.sessionTimeoutMinutes;
      const source =
        fromApp !== undefined ? `session policy of ${app.name}` : `profile ${user.profileName}`;
      let timeout: string;
      if (minutes !== undefined) {
        timeout = `session timeout ${minutes} minutes (${source})`;
        if (minutes > MAX_SESSION_MINUTES)
          problems.push(`the ${timeout} exceeds ${MAX_SESSION_MINUTES / 60} hours`);
      } else if (profile === undefined) {
        timeout = 'session timeout unknown';
        unknowns.push(
          `the profile ${user.profileName} is not in the snapshot, so its session timeout is unknown`,
        );
      } else
        timeout =
          'no session timeout on the app or the profile (the org-wide Session Settings apply)';

      // Refresh token policy of the app.
      const policy = app.refreshTokenPolicy?.trim();
      const kind =
        policy === undefined || policy === '' ? undefined : refreshTokenPolicyKind(policy);
      if (kind === 'infinite')
        problems.push(`the refresh token policy is ${policy ?? ''} (valid until revoked)`);
      else if (kind === undefined)
        unknowns.push(
          policy === undefined || policy === ''
            ? `the metadata of ${app.name} does not state its refresh token policy`
            : `the refresh token policy ${policy} is not one this rule knows`,
        );

      // Refresh tokens the run-as user holds: older than dormantDays, or never used.
      const stale = ctx
        .facet('oauthTokens')
        .filter((t) => sameText(t.username, username))
        .map((t) => ({ token: t, reasons: staleness(t, cutoff, days) }))
        .filter((s) => s.reasons.length > 0)
        .sort((a, b) =>
          compare(JSON.stringify(tokenKey(a.token)), JSON.stringify(tokenKey(b.token))),
        );
      if (stale.length > 0)
        problems.push(
          `${username} holds ${stale.length} stale refresh token(s): ${stale
            .slice(0, MAX_EVIDENCE_ROWS)
            .map((s) => `${s.token.appName} (${s.reasons.join(', ')})`)
            .join('; ')}`,
        );

      const data = { app: app.name, username };
      const evidence = {
        expected: {
          sessionTimeoutMinutes: `at most ${MAX_SESSION_MINUTES}`,
          refreshTokenPolicy: 'not infinite',
          staleRefreshTokens: [],
        },
        actual: {
          sessionTimeoutMinutes: minutes ?? null,
          refreshTokenPolicy: policy ?? null,
          staleRefreshTokens: stale
            .slice(0, MAX_EVIDENCE_ROWS)
            .map((s) => ({ ...s.token, reasons: s.reasons })),
        },
      };
      if (problems.length > 0)
        ctx.fail(integration, 'longLived', { ...data, problems: problems.join('; ') }, evidence);
      else if (unknowns.length > 0)
        ctx.skip(integration, 'unknown', { ...data, unknowns: unknowns.join('; ') });
      else ctx.pass(integration, 'bounded', { ...data, timeout, policy: policy ?? '' }, evidence);
    }
  },
});

function staleness(token: OauthTokenEntry, cutoff: number, days: number): string[] {
  const reasons: string[] = [];
  const created = timeOf(token.createdDate);
  if (created !== undefined && created < cutoff)
    reasons.push(`created ${token.createdDate ?? ''}, more than ${days} days ago`);
  const used = token.useCount ?? (token.lastUsedDate === undefined ? 0 : 1);
  if (used === 0) reasons.push('never used');
  return reasons;
}

function tokenKey(t: OauthTokenEntry): string[] {
  return [t.appName, t.createdDate ?? '', t.lastUsedDate ?? '', String(t.useCount ?? '')];
}
