import { z } from 'zod';

import { defineRule } from '../../define-rule.js';
import {
  byLatest,
  inWindow,
  isSuccess,
  loginEvidence,
  MAX_EVIDENCE_ROWS,
  namesApp,
  sameText,
  windowOf,
} from '../../facts/login-history.js';
import { REFERENCES } from '../references.js';

export const rule = defineRule({
  id: 'RG-0031',
  slug: 'callback-login-failures',
  aliases: [],
  title: 'Login History shows failed logins of the app or its run-as user',
  severity: 'high',
  category: 'change',
  tags: ['recommended'],
  scope: 'run-as-user',
  frameworks: { 'nist-csf-2.0': ['DE.CM-01', 'DE.CM-09'] },
  requires: ['apps', 'users', 'loginHistory'],
  // Status is "Success" or a failure text such as "User is frozen" or "Restricted IP" (DOC,
  // docs/salesforce-behaviour.md 3.14). Whether a failed client-credentials request writes a row at
  // all is UNCONFIRMED, so a pass means "none recorded", not "none happened". The window is
  // `dormantDays`, so that a fixed problem stops failing once it ages out.
  rationale:
    'Failed logins of an integration are the first trace of a broken callback (a frozen, locked or deactivated run-as user, an IP range or login hours that block it) or of someone trying its identity. Integrations fail silently; Login History says why.',
  remediation:
    "Open Setup > Users > the run-as user > Login History and read the Status of the failures: fix the cause it names (unfreeze or unlock the user, adjust the profile's login IP ranges or hours, re-activate the user) or, when the attempts are not the integration's, rotate the app's consumer secret.",
  references: [REFERENCES.loginHistoryObject, REFERENCES.oauthErrors],
  messages: {
    failures:
      '{{app}} or its run-as user {{username}} has {{count}} failed login(s) in the last {{days}} days ({{statuses}}; latest {{latest}})',
    noFailures:
      'Login History shows no failed logins of {{app}} or of its run-as user {{username}} in the last {{days}} days',
    failuresNew:
      '{{app}} or its run-as user {{username}} has {{count}} failed login(s) new since the last run ({{statuses}}; latest {{latest}})',
    noFailuresNew:
      'Login History shows no new failed logins of {{app}} or of its run-as user {{username}} since the last run',
  },
  options: z.strictObject({
    /**
     * Ids of the rows no earlier run has seen (`monitor`, src/monitor/lifecycle.ts): only those
     * are reported, once. The window still applies.
     */
    newIds: z.array(z.string().max(64)).optional(),
  }),
  check(ctx, options) {
    const days = ctx.settings.dormantDays;
    const window = windowOf(ctx.now, days);
    const newIds = options.newIds === undefined ? undefined : new Set(options.newIds);
    const logins = ctx
      .facet('loginHistory')
      .filter((l) => newIds === undefined || (l.id !== undefined && newIds.has(l.id)));
    for (const integration of ctx.runAsUsers()) {
      const { app, username } = integration;
      const data = { app: app.name, username, days };
      const failures = logins
        .filter(
          (l) =>
            !isSuccess(l) &&
            inWindow(l.loginTime, window) &&
            (sameText(l.username, username) || namesApp(l, app)),
        )
        .sort(byLatest);
      const latest = failures[0];
      if (latest === undefined) {
        ctx.pass(integration, newIds === undefined ? 'noFailures' : 'noFailuresNew', data, {
          expected: [],
          actual: [],
        });
        continue;
      }
      const statuses = [...new Set(failures.map((l) => l.status))].sort();
      ctx.fail(
        integration,
        newIds === undefined ? 'failures' : 'failuresNew',
        { ...data, count: failures.length, statuses, latest: latest.loginTime },
        { expected: [], actual: failures.slice(0, MAX_EVIDENCE_ROWS).map(loginEvidence) },
      );
    }
  },
});
