import { z } from 'zod';

import { defineRule } from '../../define-rule.js';
import { isoSeconds, timeOf, windowOf } from '../../facts/login-history.js';
import { REFERENCES } from '../references.js';
import { listSome } from '../../declared.js';
import {
  lifecycleActionOf,
  mentionOf,
  namesApp,
  namesProfile,
  sharingTheName,
  unassignedContainer,
} from './events.js';
import type { LifecycleAction, Mention } from './events.js';
import { lossOf } from './loses.js';
import type {
  MutingPermissionSetDef,
  PermissionSetDef,
  PermissionSetGroupDef,
} from '../../../model/permissions.js';

const SETUP_AUDIT_TRAIL_OBJECT =
  'https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_setupaudittrail.htm';

const MAX_EVIDENCE = 20;
/** Events the message names; the evidence has up to MAX_EVIDENCE, each with what it affects. */
const MAX_MESSAGE = 5;

/** The first MAX_MESSAGE of `total` events, each as `text` writes it, and how many more there are. */
function eventsText<E>(events: readonly E[], text: (event: E) => string): string {
  const shown = events.slice(0, MAX_MESSAGE).map(text).join('; ');
  if (events.length <= MAX_MESSAGE) return shown;
  return `${shown}; and ${events.length - MAX_MESSAGE} more (the evidence lists up to ${MAX_EVIDENCE})`;
}

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
    changedNew:
      '{{username}}, the run-as user of {{app}}, changed: {{count}} Setup Audit Trail event(s) new since the last run: {{events}}',
    unchanged:
      'The Setup Audit Trail shows no lifecycle event for {{username}}, the run-as user of {{app}}, since {{since}}',
    unchangedNew:
      'The Setup Audit Trail shows no new lifecycle event for {{username}}, the run-as user of {{app}}, since the last run',
    ambiguous:
      'The Setup Audit Trail shows no lifecycle event attributable to {{username}}, the run-as user of {{app}}; {{count}} event(s) name it by full name only ({{name}}), which {{others}} share too, so they are not attributed: {{events}}',
  },
  options: z.strictObject({
    /** Start of the window, ISO-8601 (`monitor` passes the last run); default now - dormantDays. */
    since: z.iso.datetime({ offset: true }).optional(),
    /**
     * Ids of the entries no earlier run has seen (`monitor`, src/monitor/lifecycle.ts): only those
     * are reported, once. The window still applies.
     */
    newIds: z.array(z.string().max(64)).optional(),
    /**
     * Containers an earlier run read that this collection no longer holds (`monitor`): a live
     * collection reads only the containers the run-as users hold now, so what an unassignment
     * took away is known from the run before. Our own store's data, validated when it was read.
     */
    formerContainers: z
      .strictObject({
        permissionSets: z.array(z.custom<PermissionSetDef>()),
        permissionSetGroups: z.array(z.custom<PermissionSetGroupDef>()),
        mutingPermissionSets: z.array(z.custom<MutingPermissionSetDef>()),
      })
      .optional(),
  }),
  optional: ['access'],
  check(ctx, options) {
    const window = windowOf(ctx.now, ctx.settings.dormantDays);
    const start = options.since === undefined ? window.start : Date.parse(options.since);
    const since = isoSeconds(start);
    const newIds = options.newIds === undefined ? undefined : new Set(options.newIds);
    const users = ctx.facet('users');
    const accessFacet = ctx.optionalFacet('access');
    const access = accessFacet.collected ? accessFacet.data : undefined;
    const entries = ctx
      .facet('auditTrail')
      .filter((entry) => newIds === undefined || (entry.id !== undefined && newIds.has(entry.id)))
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
      const sharers = sharingTheName(user, users);
      const ambiguous: typeof entries = [];
      const concerning = entries.filter((e) => {
        const { entry, kind } = e;
        let mention: Mention | 'other' | undefined;
        switch (kind.target) {
          case 'user':
            mention = mentionOf(entry, user);
            break;
          case 'profile':
            mention = namesProfile(entry, user) ? 'other' : undefined;
            break;
          case 'org':
            mention = 'other';
            break;
          case 'app-or-user':
            mention = namesApp(entry, app) ? 'other' : mentionOf(entry, user);
            break;
        }
        // A full name that other known users share is not attributed to this one (nor to them).
        if (mention === 'name' && sharers.length > 0) {
          ambiguous.push(e);
          return false;
        }
        return mention !== undefined;
      });
      const describe = ({ entry, at, kind }: (typeof entries)[number]): string => {
        const by = `(${entry.action}${entry.createdBy === undefined ? '' : ` by ${entry.createdBy}`})`;
        const container = kind.target === 'user' ? unassignedContainer(entry) : undefined;
        if (container === undefined) return `${isoSeconds(at)} ${kind.event} ${by}`;
        const loss = lossOf(
          container,
          access,
          integration.access,
          username,
          options.formerContainers,
        );
        const event = kind.event.replace(/ unassigned$/, ` ${loss.container} unassigned`);
        const head = `${isoSeconds(at)} ${event} ${by}`;
        if (!loss.computable)
          return `${head}: what ${app.name} loses is not computable (${loss.reason})`;
        if (loss.heldAgain === true)
          return `${head}: ${app.name} loses nothing now (${username} holds ${loss.container} again)`;
        return loss.grants.length === 0
          ? `${head}: ${app.name} loses nothing (other containers still give each of its grants)`
          : `${head}: ${app.name} loses ${listSome(loss.grants)}${loss.fromPreviousRun === true ? ' (the set as the previous run read it)' : ''}`;
      };
      const evidenceOf = (e: (typeof entries)[number], attributed = true) => ({
        ...(e.entry.id === undefined ? {} : { id: e.entry.id }),
        createdDate: e.entry.createdDate,
        action: e.entry.action,
        event: e.kind.event,
        display: e.entry.display.slice(0, 500),
        ...(e.entry.section === undefined ? {} : { section: e.entry.section }),
        ...(e.entry.createdBy === undefined ? {} : { createdBy: e.entry.createdBy }),
        ...(attributed ? { affects: describe(e) } : {}),
      });
      const unattributed = ambiguous.slice(0, MAX_EVIDENCE).map((e) => ({
        ...evidenceOf(e, false),
        ambiguous: `names ${user.name ?? ''} by full name only, shared by ${[user, ...sharers].map((u) => u.username).join(', ')}`,
      }));
      if (concerning.length === 0) {
        if (ambiguous.length > 0) {
          ctx.pass(
            integration,
            'ambiguous',
            {
              ...data,
              count: ambiguous.length,
              name: user.name ?? '',
              others: sharers.map((u) => u.username),
              events: eventsText(
                ambiguous,
                (e) => `${isoSeconds(e.at)} ${e.kind.event} (${e.entry.action})`,
              ),
            },
            { expected: [], actual: unattributed },
          );
        } else
          ctx.pass(integration, newIds === undefined ? 'unchanged' : 'unchangedNew', data, {
            expected: [],
            actual: [],
          });
        continue;
      }
      ctx.fail(
        integration,
        newIds === undefined ? 'changed' : 'changedNew',
        {
          ...data,
          count: concerning.length,
          events: eventsText(concerning, describe),
        },
        {
          expected: [],
          actual: [...concerning.slice(0, MAX_EVIDENCE).map((e) => evidenceOf(e)), ...unattributed],
        },
      );
    }
  },
});
