import { defineRule } from '../../define-rule.js';
import { REFERENCES } from '../references.js';

export const rule = defineRule({
  id: 'RG-0004',
  slug: 'run-as-user-frozen',
  aliases: [],
  title: 'Run-as user is frozen',
  severity: 'critical',
  category: 'identity',
  tags: ['recommended'],
  scope: 'run-as-user',
  frameworks: { 'owasp-nhi-2025': ['NHI1'], 'nist-csf-2.0': ['PR.AA-01'] },
  requires: ['apps', 'users', 'userLogin'],
  // The token error for a frozen run-as user is UNCONFIRMED (docs/salesforce-behaviour.md 1.5);
  // Login History records "User is frozen" for refused logins.
  rationale:
    'A frozen user stays active but cannot log in, so the integration cannot authenticate. Freezing is often the first step of offboarding a person; a frozen run-as user points at an integration user treated as a person, or at an offboarding that forgot the integration.',
  remediation:
    "Find out who froze the user and why (Setup > Setup Audit Trail), then Setup > Users > the user > Unfreeze, or set the app's Run As to a dedicated integration user.",
  references: [REFERENCES.userLoginObject, REFERENCES.loginHistoryObject],
  messages: {
    frozen:
      '{{username}}, the run-as user of {{app}}, is frozen (UserLogin.IsFrozen = true): it cannot log in',
    notFrozen:
      '{{username}}, the run-as user of {{app}}, is not frozen (UserLogin.IsFrozen = false)',
    unknown:
      'No UserLogin record was collected for {{username}}, the run-as user of {{app}}: its frozen state is unknown',
  },
  check(ctx) {
    for (const integration of ctx.runAsUsers()) {
      const data = { app: integration.app.name, username: integration.username };
      const frozen = integration.user.isFrozen;
      if (frozen === undefined) ctx.skip(integration, 'unknown', data);
      else if (frozen) ctx.fail(integration, 'frozen', data, { expected: false, actual: true });
      else ctx.pass(integration, 'notFrozen', data);
    }
  },
});
