import { defineRule } from '../../define-rule.js';
import type { Integration } from '../../types.js';
import { API_LOGIN_TYPES } from '../../facts/login-types.js';
import { REFERENCES } from '../references.js';

export const rule = defineRule({
  id: 'RG-0022',
  slug: 'run-as-user-shared',
  aliases: [],
  title: 'Run-as user is shared with other apps or with people',
  severity: 'high',
  category: 'hygiene',
  tags: ['recommended'],
  scope: 'run-as-user',
  frameworks: { 'owasp-nhi-2025': ['NHI9'] },
  // Sharing between apps needs only the apps; Login History adds the human-work half when it was
  // collected (in project mode, or when it is forbidden, only the app half is decided).
  requires: ['apps'],
  optional: ['loginHistory'],
  rationale:
    'A run-as user that serves several apps, or a person as well, couples them: one permission change breaks or over-grants all of them, one leaked secret exposes the access of all of them, and Login History can no longer tell who did what.',
  remediation:
    "Give each integration its own run-as user: Setup > Users > New User (licence Salesforce Integration, profile Minimum Access - API Only Integrations), assign it only the permission set this app needs, and set it as the app's Run As user. People log in with their own accounts.",
  references: [REFERENCES.owaspNhi, REFERENCES.loginHistoryObject],
  messages: {
    sharedApps:
      '{{username}} is the run-as user of {{app}} and also of {{otherApps}}: one permission change breaks or over-grants all of them',
    humanLogins:
      "{{username}}, the run-as user of {{app}}, also has successful {{loginTypes}} logins in Login History: it does a person's work too",
    sharedBoth:
      '{{username}} is the run-as user of {{app}} and also of {{otherApps}}, and has successful {{loginTypes}} logins in Login History',
    dedicated: '{{username}} serves only {{app}}, and Login History shows only API logins for it',
    dedicatedNoHistory:
      '{{username}} serves only {{app}}; Login History was not available ({{reason}}), so logins by people were not checked',
  },
  check(ctx) {
    const byUser = new Map<string, Integration[]>();
    for (const integration of ctx.integrations) {
      if (integration.username === undefined) continue;
      const key = integration.username.toLowerCase();
      byUser.set(key, [...(byUser.get(key) ?? []), integration]);
    }
    const loginHistory = ctx.optionalFacet('loginHistory');
    const entry = loginHistory.collected ? undefined : loginHistory.entry;
    const history = loginHistory.collected
      ? undefined
      : entry === undefined
        ? 'not collected'
        : entry.status === 'failed'
          ? `request ${entry.request} failed with ${entry.errorCode}`
          : entry.reason;
    const humanTypes = new Map<string, Set<string>>();
    for (const login of loginHistory.collected ? loginHistory.data : []) {
      // A failed attempt is not work done with the account (RG-0031 reports failures).
      if (login.status !== 'Success' || API_LOGIN_TYPES.includes(login.loginType)) continue;
      const key = login.username.toLowerCase();
      humanTypes.set(key, (humanTypes.get(key) ?? new Set()).add(login.loginType));
    }

    for (const integration of ctx.integrations) {
      const { username } = integration;
      if (username === undefined) continue; // RG-0001
      const key = username.toLowerCase();
      const otherApps = (byUser.get(key) ?? [])
        .map((i) => i.app.name)
        .filter((name) => name !== integration.app.name)
        .sort();
      const loginTypes = [...(humanTypes.get(key) ?? [])].sort();
      const data = { app: integration.app.name, username, otherApps, loginTypes };
      const evidence = {
        expected: { otherApps: [], loginTypes: [] },
        actual: { otherApps, loginTypes },
      };
      if (otherApps.length > 0 && loginTypes.length > 0)
        ctx.fail(integration, 'sharedBoth', data, evidence);
      else if (otherApps.length > 0) ctx.fail(integration, 'sharedApps', data, evidence);
      else if (loginTypes.length > 0) ctx.fail(integration, 'humanLogins', data, evidence);
      // Login History failed to load: logins by people are unknown, not absent (exit 3). Only the
      // mode (no Login History in a project) skips the human half.
      else if (entry?.status === 'failed') ctx.notCollected(integration, 'loginHistory');
      else if (history !== undefined)
        ctx.skip(integration, 'dedicatedNoHistory', { ...data, reason: history });
      else ctx.pass(integration, 'dedicated', data);
    }
  },
});
