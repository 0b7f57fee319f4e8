import { defineRule } from '../../define-rule.js';
import { REFERENCES } from '../references.js';

export const rule = defineRule({
  id: 'RG-0003',
  slug: 'run-as-user-inactive',
  aliases: [],
  title: 'Run-as user is inactive',
  severity: 'critical',
  category: 'identity',
  tags: ['recommended'],
  scope: 'run-as-user',
  frameworks: { 'owasp-nhi-2025': ['NHI1'], 'nist-csf-2.0': ['PR.AA-01', 'ID.AM-08'] },
  requires: ['apps', 'users'],
  // The token error for an inactive run-as user is UNCONFIRMED for this flow (invalid_grant
  // "inactive user" is observed for other grants only): the messages do not quote it.
  rationale:
    'Salesforce does not let an inactive user log in, so the integration cannot authenticate. A deactivated run-as user is also a sign that the integration was offboarded on one side only.',
  remediation:
    "Setup > Users > the user > Edit > tick Active (a licence must be free), or set the app's Run As to an active integration user. If the integration is retired, switch off the client credentials flow on the app as well.",
  references: [REFERENCES.userObject, REFERENCES.oauthErrors],
  messages: {
    inactive:
      '{{username}}, the run-as user of {{app}}, is inactive (User.IsActive = false): the integration cannot authenticate',
    active: '{{username}}, the run-as user of {{app}}, is active (User.IsActive = true)',
  },
  check(ctx) {
    for (const integration of ctx.runAsUsers()) {
      const data = { app: integration.app.name, username: integration.username };
      if (integration.user.isActive) ctx.pass(integration, 'active', data);
      else ctx.fail(integration, 'inactive', data, { expected: true, actual: false });
    }
  },
});
