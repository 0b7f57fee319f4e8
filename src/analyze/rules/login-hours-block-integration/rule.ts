import { profileOf } from '../../access.js';
import { declaredIntegration } from '../../declared.js';
import { defineRule } from '../../define-rule.js';
import { ALWAYS, parseSchedule, ScheduleSyntaxError } from '../../../manifest/schedule.js';
import type { WeeklyWindows } from '../../../manifest/schedule.js';
import { REFERENCES } from '../references.js';
import { allowedWeek, describeWeek, isEmpty, uncovered, weekEvidence } from './coverage.js';

export const rule = defineRule({
  id: 'RG-0017',
  slug: 'login-hours-block-integration',
  aliases: [],
  title: "Run-as user's login hours do not cover the integration's schedule",
  severity: 'high',
  category: 'policy',
  tags: ['recommended', 'manifest'],
  scope: 'run-as-user',
  frameworks: { 'nist-csf-2.0': ['PR.AA-03'] },
  // Profile metadata only: in project mode the profile comes from the manifest's runAsAccess.
  // Login hours apply even when the app relaxes IP restrictions (UNCONFIRMED for this flow,
  // docs/salesforce-behaviour.md 1.8), so the app's IP relaxation is not read here.
  requires: ['apps', 'access', 'profilePolicies'],
  rationale:
    'Login hours on the run-as user\'s profile refuse logins outside them, and a client-credentials token request is a login of the run-as user. A callback scheduled outside the hours fails with invalid_grant "ip restricted or invalid login hours", typically at night or at weekends when nobody watches. Without a declared schedule the integration must work at any time.',
  remediation:
    "Widen the run-as user's login hours to cover the integration's schedule (Setup > Profiles > the profile > Login Hours), or give the integration user a profile without login hours. If the manifest's schedule is wrong, correct it.",
  references: [REFERENCES.oauthErrors, REFERENCES.connectedAppClientCredentials],
  messages: {
    blocked:
      '{{username}}, the run-as user of {{app}}, may log in {{when}} (login hours of profile {{profile}}), which leaves out {{uncovered}} of {{schedule}}: token requests then fail with "ip restricted or invalid login hours"',
    covered:
      '{{username}}, the run-as user of {{app}}: the login hours of profile {{profile}} ({{hours}}) cover {{schedule}}',
    unrestricted:
      '{{username}}, the run-as user of {{app}}: profile {{profile}} has no login hours',
    badSchedule:
      'Not checked: the schedule of the manifest entry {{integration}} is not valid ({{error}})',
    profileUnknown:
      'Not checked: profile {{profile}} of {{username}}, the run-as user of {{app}}, is not in the snapshot',
  },
  check(ctx) {
    for (const integration of ctx.runAsUsers()) {
      const { app, user, username } = integration;
      const profile = profileOf(ctx.facet('profilePolicies'), user);
      const data = { app: app.name, username, profile: profile?.name ?? user.profileName };
      if (profile === undefined) {
        ctx.skip(integration, 'profileUnknown', data);
        continue;
      }
      if (profile.loginHours === undefined) {
        ctx.pass(integration, 'unrestricted', data);
        continue;
      }
      const entry = declaredIntegration(ctx, app);
      let schedule: WeeklyWindows = ALWAYS;
      if (entry?.schedule !== undefined) {
        try {
          schedule = parseSchedule(entry.schedule);
        } catch (error) {
          if (!(error instanceof ScheduleSyntaxError)) throw error;
          ctx.skip(integration, 'badSchedule', { integration: entry.name, error: error.message });
          continue;
        }
      }
      const scheduleText =
        entry?.schedule === undefined
          ? `every hour of the week (${entry === undefined ? 'no manifest entry' : 'no schedule declared'})`
          : `the schedule "${entry.schedule}" of ${entry.name}`;
      const allowed = allowedWeek(profile.loginHours);
      const gaps = uncovered(schedule, allowed);
      const hours = isEmpty(allowed) ? 'none' : describeWeek(allowed);
      const evidence = {
        expected: entry?.schedule ?? 'always',
        actual: weekEvidence(allowed),
        uncovered: weekEvidence(gaps),
      };
      const withHours = { ...data, hours, schedule: scheduleText };
      if (isEmpty(gaps)) ctx.pass(integration, 'covered', withHours, evidence);
      else
        ctx.fail(
          integration,
          'blocked',
          {
            ...withHours,
            when: isEmpty(allowed) ? 'at no time' : `only ${hours}`,
            uncovered: describeWeek(gaps, schedule),
          },
          evidence,
        );
    }
  },
});
