import { defineRule } from '../../define-rule.js';
import { REFERENCES } from '../references.js';

export const rule = defineRule({
  id: 'RG-0005',
  slug: 'run-as-user-password-locked',
  aliases: [],
  title: 'Run-as user is locked out by failed password logins',
  severity: 'high',
  category: 'identity',
  tags: ['recommended'],
  scope: 'run-as-user',
  frameworks: { 'nist-csf-2.0': ['PR.AA-03'] },
  requires: ['apps', 'users', 'userLogin'],
  // Whether a lockout refuses client-credentials tokens is UNCONFIRMED: the request carries no
  // password (docs/salesforce-behaviour.md 1.5). The lockout itself is a fact, and it means someone
  // tried passwords on an integration account.
  rationale:
    'A password lockout means repeated failed password logins on the integration account: someone is using it interactively or guessing its password. Whether Salesforce then refuses client-credentials tokens is not confirmed, so the integration may or may not be down.',
  remediation:
    "Setup > Users > the user > Unlock. Then read the user's Login History for the failed password logins that locked it: an API-only integration user should have no password logins at all.",
  references: [REFERENCES.userLoginObject, REFERENCES.loginHistoryObject],
  messages: {
    locked:
      '{{username}}, the run-as user of {{app}}, is password-locked (UserLogin.IsPasswordLocked = true)',
    notLocked:
      '{{username}}, the run-as user of {{app}}, is not password-locked (UserLogin.IsPasswordLocked = false)',
    unknown:
      'No UserLogin record was collected for {{username}}, the run-as user of {{app}}: its lockout state is unknown',
  },
  check(ctx) {
    for (const integration of ctx.runAsUsers()) {
      const data = { app: integration.app.name, username: integration.username };
      const locked = integration.user.isPasswordLocked;
      if (locked === undefined) ctx.skip(integration, 'unknown', data);
      else if (locked) ctx.fail(integration, 'locked', data, { expected: false, actual: true });
      else ctx.pass(integration, 'notLocked', data);
    }
  },
});
