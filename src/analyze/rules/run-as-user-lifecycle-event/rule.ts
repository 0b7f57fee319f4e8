import { z } from 'zod';

import { defineRule } from '../../define-rule.js';
import { isoSeconds, timeOf, windowOf } from '../../facts/login-history.js';
import { REFERENCES } from '../references.js';
import { lifecycleActionOf, namesApp, namesProfile, namesUser } from './events.js';
import type { LifecycleAction } from './events.js';

const SETUP_AUDIT_TRAIL_OBJECT =
  'https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_setupaudittrail.htm';

const MAX_EVIDENCE = 20;

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export const rule = defineRule({
  id: 'RG-0030',
  slug: 'run-as-user-lifecycle-event',
  aliases: [],
  title: 'Run-as user or its access changed in the Setup Audit Trail',
  severity: 'high',
  category: 'change',
  tags: ['recommended'],
  scope: 'run-as-user',
  frameworks: { 'nist-csf-2.0': ['DE.CM-03', 'PR.PS-01'] },
  requires: ['apps', 'users', 'auditTrail'],
  rationale:
    'Integrations break, or become dangerous, when someone deactivates, freezes or re-profiles their run-as user, removes a permission set, resets its password or reassigns the run-as user of an app. The Setup Audit Trail records each of these; surfacing them ties a broken callback to its cause and an unexpected change to its author.',
  remediation:
    'Review each change with the admin who made it (Setup > View Setup Audit Trail). Revert changes that were not meant for the integration (reactivate or unfreeze the user, restore its profile and permission sets, set the run-as user back), and agree a change process for integration users; waive expected changes with an expiry.',
  references: [SETUP_AUDIT_TRAIL_OBJECT, REFERENCES.owaspNhi],
  messages: {
    changed:
      '{{username}}, the run-as user of {{app}}, changed since {{since}} ({{count}} Setup Audit Trail event(s)): {{events}}',
    unchanged:
      'The Setup Audit Trail shows no lifecycle event for {{username}}, the run-as user of {{app}}, since {{since}}',
  },
  options: z.strictObject({
    /** Start of the window, ISO-8601 (`monitor` passes the last run); default now - dormantDays. */
    since: z.iso.datetime({ offset: true }).optional(),
  }),
  check(ctx, options) {
    const window = windowOf(ctx.now, ctx.settings.dormantDays);
    const start = options.since === undefined ? window.start : Date.parse(options.since);
    const since = isoSeconds(start);
    const entries = ctx
      .facet('auditTrail')
      .map((entry) => ({
        entry,
        at: timeOf(entry.createdDate),
        kind: lifecycleActionOf(entry.action),
      }))
      .filter(
        (e): e is typeof e & { at: number; kind: LifecycleAction } =>
          e.kind !== undefined && e.at !== undefined && e.at >= start && e.at <= window.end,
      )
      .sort(
        (a, b) =>
          b.at - a.at ||
          compare(a.entry.action, b.entry.action) ||
          compare(a.entry.display, b.entry.display) ||
          compare(a.entry.createdBy ?? '', b.entry.createdBy ?? ''),
      );

    for (const integration of ctx.runAsUsers()) {
      const { app, user, username } = integration;
      const data = { app: app.name, username, since };
      const concerning = entries.filter(({ entry, kind }) => {
        switch (kind.target) {
          case 'user':
            return namesUser(entry, user);
          case 'profile':
            return namesProfile(entry, user);
          case 'org':
            return true;
          case 'app-or-user':
            return namesApp(entry, app) || namesUser(entry, user);
        }
      });
      if (concerning.length === 0) {
        ctx.pass(integration, 'unchanged', data, { expected: [], actual: [] });
        continue;
      }
      const events = concerning.map(
        ({ entry, at, kind }) =>
          `${isoSeconds(at)} ${kind.event} (${entry.action}${entry.createdBy === undefined ? '' : ` by ${entry.createdBy}`})`,
      );
      ctx.fail(
        integration,
        'changed',
        { ...data, count: concerning.length, events: events.slice(0, MAX_EVIDENCE).join('; ') },
        {
          expected: [],
          actual: concerning.slice(0, MAX_EVIDENCE).map(({ entry, kind }) => ({
            createdDate: entry.createdDate,
            action: entry.action,
            event: kind.event,
            display: entry.display.slice(0, 500),
            ...(entry.section === undefined ? {} : { section: entry.section }),
            ...(entry.createdBy === undefined ? {} : { createdBy: entry.createdBy }),
          })),
        },
      );
    }
  },
});
