import { defineRule } from '../../define-rule.js';
import { REFERENCES } from '../references.js';
import {
  byLatest,
  inWindow,
  isApiLogin,
  isSuccess,
  loginEvidence,
  loginsOf,
  namesApp,
  timeOf,
  windowOf,
} from '../../facts/login-history.js';

export const rule = defineRule({
  id: 'RG-0028',
  slug: 'dormant-integration',
  aliases: [],
  title: 'Client-credentials integration has not logged in recently',
  severity: 'low',
  category: 'hygiene',
  tags: ['recommended'],
  scope: 'run-as-user',
  frameworks: { 'owasp-nhi-2025': ['NHI1'], 'nist-csf-2.0': ['ID.AM-08'] },
  requires: ['apps', 'users', 'loginHistory'],
  // A client-credentials login is a "Remote Access 2.0" row whose Application is the app (OBS,
  // docs/salesforce-behaviour.md 1.6 and 3.14); the row names the app by label in the observed
  // samples, so both label and developer name are accepted.
  rationale:
    'An integration that no longer logs in still holds a working consumer secret and a run-as user with access: forgotten credentials are what attackers reuse. Unused integrations should be retired, or confirmed as still needed.',
  remediation:
    "Ask the integration's owner whether it is still needed. If not, switch the client credentials flow off (or delete the app), deactivate the run-as user and remove its permission sets. If it runs rarely by design (e.g. yearly), record that with a waiver that expires.",
  references: [REFERENCES.loginHistoryObject, REFERENCES.owaspNhi],
  messages: {
    active:
      '{{app}} logged in as {{username}} within the last {{days}} days (latest successful login {{latest}})',
    dormant:
      'Neither {{app}} nor its run-as user {{username}} has a successful login in the last {{days}} days (latest seen: {{latest}}): the integration looks unused',
    appDormant:
      '{{username}}, the run-as user of {{app}}, logged in within the last {{days}} days, but never through {{app}} ({{applications}}): the app looks unused',
    unattributed:
      '{{username}}, the run-as user of {{app}}, logged in within the last {{days}} days, but Login History does not say through which app: whether {{app}} is used is unknown',
  },
  check(ctx) {
    const days = ctx.settings.dormantDays;
    const window = windowOf(ctx.now, days);
    for (const integration of ctx.runAsUsers()) {
      const { app, user, username } = integration;
      const data = { app: app.name, username, days };
      const successes = loginsOf(ctx.facet('loginHistory'), username)
        .filter((l) => isSuccess(l) && (timeOf(l.loginTime) ?? Infinity) <= window.end)
        .sort(byLatest);
      const recent = successes.filter((l) => inWindow(l.loginTime, window));
      const viaApp = recent.filter((l) => namesApp(l, app));
      const latestViaApp = viaApp[0];
      if (latestViaApp !== undefined) {
        ctx.pass(
          integration,
          'active',
          { ...data, latest: latestViaApp.loginTime },
          {
            expected: `a successful login since ${days} days`,
            actual: loginEvidence(latestViaApp),
          },
        );
        continue;
      }
      // User.LastLoginDate moves with every successful login, whatever Login History kept.
      const lastLogin = inWindow(user.lastLoginDate, window) ? user.lastLoginDate : undefined;
      const evidence = {
        expected: `a successful login of ${app.name} in the last ${days} days`,
        actual: {
          latestLogin: successes[0] === undefined ? null : loginEvidence(successes[0]),
          lastLoginDate: user.lastLoginDate ?? null,
        },
      };
      if (recent.length === 0 && lastLogin === undefined) {
        const latest =
          successes[0]?.loginTime ??
          user.lastLoginDate ??
          'never, as far as Login History and User.LastLoginDate go';
        ctx.fail(integration, 'dormant', { ...data, latest }, evidence);
        continue;
      }
      // Activity that names no app (an API row without Application, or only LastLoginDate) may
      // be this app's: unknown, not a pass and not a failure.
      const unattributed =
        recent.some((l) => l.application === undefined && isApiLogin(l)) || recent.length === 0;
      if (unattributed) {
        ctx.skip(integration, 'unattributed', data);
        continue;
      }
      const applications = [...new Set(recent.map((l) => l.application ?? l.loginType))].sort();
      ctx.fail(integration, 'appDormant', { ...data, applications }, evidence);
    }
  },
});
