// Causes in the run-as user: its state, its pre-authorization, and its login IP ranges and hours.

import {
  ipInRange,
  relaxesIpRestrictions,
  requiresPreAuthorization,
} from '../../model/policy/index.js';
import {
  byRule,
  describeVia,
  exclusionsOfContainer,
  formatLoginHours,
  found,
  insideLoginHours,
  likely,
  ruledOut,
  systemVia,
  trail,
  when,
  type EvidenceContext,
} from '../evidence.js';
import type { CauseDef } from './types.js';

const userFacts = (ctx: EvidenceContext): EvidenceContext['facts']['user'] => ctx.facts.user;

export const RUN_AS_USER_CAUSES: readonly CauseDef[] = [
  {
    id: 'run-as-user-not-set',
    title: 'The app has no Run As user',
    fix: 'Set the execution user: Connected App: App Manager > the app > Manage > Edit Policies > Client Credentials Flow > Run As. External Client App: Policies > OAuth Policies > Run As (clientCredentialsFlowUser). Use a dedicated API Only integration user.',
    rules: ['RG-0001'],
    evidence(ctx) {
      const app = ctx.facts.app;
      if (app === undefined) return byRule(ctx.facts, 'RG-0001', 'the app has no run-as user');
      const user = app.runAsUsername?.trim();
      return user === undefined || user === ''
        ? found(`${app.name} has no Run As user`)
        : ruledOut(`${app.name}'s Run As user is ${user}`);
    },
  },
  {
    id: 'run-as-user-not-found',
    title: 'The configured Run As username is not a user of this org',
    fix: 'Pick an existing integration user as Run As (a username deployed from another org or a sandbox does not exist here), or create the user.',
    rules: ['RG-0002'],
    evidence(ctx) {
      const rule = byRule(ctx.facts, 'RG-0002', 'the run-as username does not exist in the org');
      if (rule !== undefined) return rule;
      const username = ctx.facts.app?.runAsUsername;
      if (ctx.facts.runAsUserExists === false)
        return found(`${username ?? 'the run-as user'} is not a user of this org`);
      if (ctx.facts.runAsUserExists === true)
        return ruledOut(`${username ?? 'the run-as user'} exists in the org`);
      return undefined;
    },
  },
  {
    id: 'run-as-user-not-preauthorized',
    title: 'The run-as user is not pre-authorized for the admin-approved app',
    fix: "Pre-authorize the run-as user: Connected App: App Manager > the app > Manage > Profiles or Permission Sets > add the run-as user's profile or one of its permission sets. External Client App: Policies > App Policies > Selected Profiles / Selected Permission Sets.",
    rules: ['RG-0038'],
    evidence(ctx) {
      const { facts } = ctx;
      // The facts say more than the rule's verdict: which profile and sets would do.
      const rule = byRule(facts, 'RG-0038', 'the run-as user is not pre-authorized');
      const app = facts.app;
      if (app !== undefined && !requiresPreAuthorization(app))
        return ruledOut(`${app.name} is not admin-approved (users may self-authorize)`);
      if (app === undefined || facts.preAuthorized === undefined) return rule;
      if (facts.preAuthorized) return ruledOut('the run-as user is pre-authorized for the app');
      const allowed = [
        ...app.preAuthorizedProfiles.map((p) => `profile ${p}`),
        ...app.preAuthorizedPermissionSets.map((p) => `permission set ${p}`),
      ];
      const user = facts.user;
      const holds = [
        ...(user?.profile !== undefined ? [`profile ${user.profile.name}`] : []),
        ...(user?.permissionSets ?? []).map((p) => `permission set ${p}`),
      ];
      const change = trail(facts, ['changeUserRuntimeAccessPolicy']);
      const history = change === undefined ? '' : `; Permitted Users was changed ${when(change)}`;
      return found(
        `${app.name} pre-authorizes ${allowed.length > 0 ? allowed.join(', ') : 'nobody'}; ${user?.username ?? 'the run-as user'} has ${holds.length > 0 ? holds.join(', ') : 'none of them'}${history}`,
      );
    },
  },
  {
    id: 'preauthorizing-assignment-expired',
    title: 'The assignment that pre-authorized the run-as user has expired',
    fix: 'Renew the permission set assignment (Setup > Users > the user > Permission Set Assignments > Edit Assignments, expiration date) or pre-authorize a permission set the user holds without expiry.',
    rules: ['RG-0038', 'RG-0013'],
    refines: ['run-as-user-not-preauthorized'],
    evidence(ctx) {
      const access = ctx.facts.user?.access;
      const app = ctx.facts.app;
      if (access === undefined || app === undefined) return undefined;
      const sets = new Set(app.preAuthorizedPermissionSets.map((p) => p.toLowerCase()));
      const expired = exclusionsOfContainer(access, 'expired').find((e) =>
        sets.has(e.via.name.toLowerCase()),
      );
      return expired === undefined
        ? undefined
        : found(
            `the assignment of pre-authorized ${describeVia(expired.via)} expired${expired.expirationDate !== undefined ? ` on ${expired.expirationDate.slice(0, 10)}` : ''}`,
          );
    },
  },
  {
    id: 'run-as-user-inactive',
    title: 'The run-as user is deactivated',
    fix: "Reactivate the user (Setup > Users > the user > Edit > Active; a licence must be free) or set the app's Run As to an active integration user.",
    rules: ['RG-0003', 'RG-0030'],
    evidence(ctx) {
      const user = userFacts(ctx);
      const inactive = user?.isActive === false || ctx.facts.failingRules.includes('RG-0003');
      if (inactive) {
        const entry = trail(ctx.facts, ['deactivateduser']);
        const name = user?.username ?? 'the run-as user';
        return found(
          entry === undefined
            ? `${name} is inactive (User.IsActive = false)`
            : `${name} was deactivated ${when(entry)} (User.IsActive = false)`,
        );
      }
      if (user?.isActive === true) return ruledOut(`${user.username} is active`);
      return byRule(ctx.facts, 'RG-0003', '', 'the run-as user is active');
    },
  },
  {
    id: 'run-as-user-frozen',
    title: 'The run-as user is frozen',
    fix: "Unfreeze the user (Setup > Users > the user > Unfreeze) once the reason for the freeze is resolved, or set the app's Run As to another integration user.",
    rules: ['RG-0004', 'RG-0030'],
    evidence(ctx) {
      const user = userFacts(ctx);
      if (user?.isFrozen === true || ctx.facts.failingRules.includes('RG-0004')) {
        const entry = trail(ctx.facts, ['frozeuser']);
        const name = user?.username ?? 'the run-as user';
        return found(
          entry === undefined
            ? `${name} is frozen (UserLogin.IsFrozen = true)`
            : `${name} was frozen ${when(entry)} (UserLogin.IsFrozen = true)`,
        );
      }
      if (user?.isFrozen === false) return ruledOut(`${user.username} is not frozen`);
      return byRule(ctx.facts, 'RG-0004', '', 'the run-as user is not frozen');
    },
  },
  {
    id: 'run-as-user-password-locked',
    title: 'The run-as user is locked out',
    fix: 'Unlock the user (Setup > Users > the user > Unlock) and find what keeps failing logins with its password (Login History).',
    rules: ['RG-0005'],
    evidence(ctx) {
      const user = userFacts(ctx);
      if (user?.isPasswordLocked === true || ctx.facts.failingRules.includes('RG-0005'))
        return found(
          `${user?.username ?? 'the run-as user'} is locked out (UserLogin.IsPasswordLocked = true)`,
        );
      if (user?.isPasswordLocked === false) return ruledOut(`${user.username} is not locked out`);
      return byRule(ctx.facts, 'RG-0005', '', 'the run-as user is not locked out');
    },
  },
  {
    id: 'run-as-user-api-disabled',
    title: 'The run-as user lacks API Enabled',
    fix: 'Grant API Enabled through a permission set assigned to the run-as user (or its profile); the Minimum Access - API Only Integrations profile has it.',
    rules: ['RG-0007'],
    evidence(ctx) {
      const user = userFacts(ctx);
      const access = user?.access;
      if (access === undefined)
        return byRule(
          ctx.facts,
          'RG-0007',
          'the run-as user lacks API Enabled',
          'API Enabled is granted',
        );
      const via = systemVia(access, 'ApiEnabled');
      if (via.length > 0)
        return ruledOut(`API Enabled is granted by ${via.map(describeVia).join(', ')}`);
      const profile = user?.profile === undefined ? '' : ` (profile ${user.profile.name})`;
      return found(
        `no container of ${user?.username ?? 'the run-as user'}${profile} grants API Enabled`,
      );
    },
  },
  {
    id: 'run-as-user-not-api-only',
    title: 'The run-as user lacks API Only User',
    fix: 'Give the run-as user API Only User (the Minimum Access - API Only Integrations profile, or a permission set with ApiUserOnly).',
    rules: ['RG-0008'],
    evidence(ctx) {
      const access = userFacts(ctx)?.access;
      if (access === undefined) return undefined;
      const via = systemVia(access, 'ApiUserOnly');
      // Salesforce is not known to refuse tokens for this (docs/salesforce-behaviour.md 1.6): likely at most.
      return via.length > 0
        ? ruledOut(`API Only User is granted by ${via.map(describeVia).join(', ')}`)
        : likely('the run-as user lacks API Only User');
    },
  },
  {
    id: 'mfa-for-api-logins',
    title: 'The run-as user must use MFA for API logins',
    fix: "Remove Multi-Factor Authentication for API Logins (TwoFactorApi) from the run-as user's profile and permission sets: a client-credentials call cannot satisfy it.",
    rules: ['RG-0035'],
    evidence(ctx) {
      const access = userFacts(ctx)?.access;
      if (access === undefined) return undefined;
      const via = systemVia(access, 'TwoFactorApi');
      return via.length > 0
        ? likely(
            `Multi-Factor Authentication for API Logins is granted by ${via.map(describeVia).join(', ')}`,
          )
        : ruledOut('the run-as user does not need MFA for API logins');
    },
  },
  {
    id: 'login-ip-range',
    title: "The request comes from outside the run-as user's profile login IP ranges",
    fix: "Add the integration's egress addresses to the profile's Login IP Ranges (Setup > Profiles > the profile > Login IP Ranges), or relax IP restrictions on the app (which widens who can use a leaked secret), and run the integration (and the probe) from those addresses.",
    rules: ['RG-0016'],
    evidence(ctx) {
      const { facts } = ctx;
      const policies = facts.user?.profile?.policies;
      if (policies === undefined)
        return byRule(facts, 'RG-0016', 'a declared egress IP is outside the login IP ranges');
      const profile = facts.user?.profile?.name ?? 'the profile';
      if (policies.loginIpRanges.length === 0) return ruledOut(`${profile} has no login IP ranges`);
      if (relaxesIpRestrictions(facts.app?.ipRelaxation))
        return ruledOut(
          `${facts.app?.name ?? 'the app'} relaxes IP restrictions (${facts.app?.ipRelaxation ?? ''})`,
        );
      const ranges = policies.loginIpRanges.map((r) => `${r.start}-${r.end}`).join(', ');
      const outside = (facts.egressIps ?? []).filter(
        (ip) => !policies.loginIpRanges.some((r) => ipInRange(ip, r)),
      );
      if (outside.length > 0)
        return found(
          `egress ${outside.join(', ')} is outside ${profile}'s login IP ranges ${ranges}`,
        );
      return likely(
        `${profile} allows logins only from ${ranges}; the address the request came from must be inside them`,
      );
    },
  },
  {
    id: 'login-hours',
    title: "The request came outside the run-as user's profile login hours",
    fix: "Widen the profile's Login Hours (Setup > Profiles > the profile > Login Hours) to cover when the integration runs, or schedule the integration inside them.",
    rules: ['RG-0017'],
    evidence(ctx) {
      const { facts } = ctx;
      const policies = facts.user?.profile?.policies;
      if (policies === undefined) return undefined;
      const profile = facts.user?.profile?.name ?? 'the profile';
      const hours = policies.loginHours;
      if (hours === undefined) return ruledOut(`${profile} has no login hours`);
      const allowed = formatLoginHours(hours);
      if (facts.timeZone === undefined)
        return likely(
          `${profile} allows logins only ${allowed} (the org's time zone is not known here)`,
        );
      try {
        const { inside, local } = insideLoginHours(hours, new Date(ctx.probe.at), facts.timeZone);
        return inside
          ? ruledOut(`${local} is inside ${profile}'s login hours (${allowed})`)
          : found(`${local} is outside ${profile}'s login hours (${allowed})`);
      } catch {
        return likely(`${profile} allows logins only ${allowed}`);
      }
    },
  },
];
