import { defineRule } from '../../define-rule.js';
import {
  byLatest,
  inWindow,
  isApiLogin,
  isSuccess,
  loginEvidence,
  loginsOf,
  MAX_EVIDENCE_ROWS,
  windowOf,
} from '../../facts/login-history.js';
import { REFERENCES } from '../references.js';

export const rule = defineRule({
  id: 'RG-0021',
  slug: 'run-as-user-interactive-logins',
  aliases: [],
  title: 'Run-as user logs in through the user interface',
  severity: 'high',
  category: 'hygiene',
  tags: ['recommended'],
  scope: 'run-as-user',
  frameworks: { 'owasp-nhi-2025': ['NHI10'], 'nist-csf-2.0': ['DE.CM-03'] },
  requires: ['apps', 'users', 'loginHistory'],
  // LoginType "Remote Access 2.0" is OAuth (client credentials included) and "Application" the
  // browser UI (OBS, docs/salesforce-behaviour.md 3.14); the API list is RG-0022's. Only successful
  // logins count: a failed attempt is not a session (RG-0031 reports failures).
  rationale:
    'A client-credentials run-as user exists for one integration; a successful UI login means a person knows its password and works as the integration, so its actions can no longer be told apart and its access is exposed to phishing and reuse.',
  remediation:
    'Find out who logged in (Setup > Users > the user > Login History: source IP, browser), reset the password, and give the user the API Only User permission (Minimum Access - API Only Integrations profile) so the UI refuses it. People log in with their own accounts.',
  references: [REFERENCES.loginHistoryObject, REFERENCES.owaspNhi],
  messages: {
    interactive:
      '{{username}}, the run-as user of {{app}}, has {{count}} successful UI login(s) in the last {{days}} days ({{loginTypes}}; latest {{latest}} from {{sourceIps}}): a person is using the integration identity',
    apiOnly:
      '{{username}}, the run-as user of {{app}}, has no successful UI login in the last {{days}} days',
  },
  check(ctx) {
    const days = ctx.settings.dormantDays;
    const window = windowOf(ctx.now, days);
    for (const integration of ctx.runAsUsers()) {
      const { username } = integration;
      const data = { app: integration.app.name, username, days };
      const ui = loginsOf(ctx.facet('loginHistory'), username)
        .filter((l) => isSuccess(l) && !isApiLogin(l) && inWindow(l.loginTime, window))
        .sort(byLatest);
      const latest = ui[0];
      if (latest === undefined) {
        ctx.pass(integration, 'apiOnly', data, { expected: [], actual: [] });
        continue;
      }
      const loginTypes = [...new Set(ui.map((l) => l.loginType))].sort();
      const sourceIps = [...new Set(ui.map((l) => l.sourceIp ?? 'an unknown address'))].sort();
      ctx.fail(
        integration,
        'interactive',
        { ...data, count: ui.length, loginTypes, latest: latest.loginTime, sourceIps },
        {
          expected: [],
          actual: ui.slice(0, MAX_EVIDENCE_ROWS).map(loginEvidence),
        },
      );
    }
  },
});
