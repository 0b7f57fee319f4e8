import { declaredNeeds, describeNeed, exclusionsOf, listSome, needVias } from '../../declared.js';
import type { NeedItem } from '../../declared.js';
import { defineRule } from '../../define-rule.js';
import type { EffectiveAccess, Via } from '../../../model/effective/types.js';
import { isAssignmentActive } from '../../../model/policy/index.js';
import type { SnapshotAssignment } from '../../../model/snapshot.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** PermissionSetAssignment.ExpirationDate (docs/salesforce-behaviour.md 3.6). */
const ASSIGNMENT_OBJECT =
  'https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_permissionsetassignment.htm';

/** An assignment of the run-as user with an expiration date that is past or within the window. */
interface Dated {
  /** `permission set X` or `permission set group G`. */
  label: string;
  /** The expiration day (UTC). */
  day: string;
  past: boolean;
  /** Whether a grant path comes through this assignment. */
  grants: (via: Via) => boolean;
}

function datedAssignments(
  assignments: readonly SnapshotAssignment[],
  username: string,
  now: number,
  days: number,
): Dated[] {
  const lower = username.toLowerCase();
  const out: Dated[] = [];
  for (const a of assignments) {
    if (a.username.toLowerCase() !== lower || a.expirationDate === undefined) continue;
    const at = Date.parse(a.expirationDate);
    if (Number.isNaN(at) || at - now > days * DAY_MS) continue;
    const day = new Date(at).toISOString().slice(0, 10);
    const group = a.permissionSetGroup;
    const set = a.permissionSet;
    if (group !== undefined)
      out.push({
        label: `permission set group ${group}`,
        day,
        past: !isAssignmentActive(a.expirationDate, now),
        grants: (v) => v.group === group || (v.type === 'PermissionSetGroup' && v.name === group),
      });
    else if (set !== undefined)
      out.push({
        label: `permission set ${set}`,
        day,
        past: !isAssignmentActive(a.expirationDate, now),
        grants: (v) => v.type === 'PermissionSet' && v.group === undefined && v.name === set,
      });
  }
  return out.sort((x, y) => compare(x.day, y.day) || compare(x.label, y.label));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function describeDated(d: Dated, what: readonly string[]): string {
  const when = d.past ? `expired on ${d.day}` : `expires on ${d.day}`;
  return what.length === 0 ? `${d.label} (${when})` : `${d.label} (${when}: ${listSome(what, 5)})`;
}

/** Every path of every effective grant. */
function allVias(access: EffectiveAccess): Via[] {
  const out: Via[] = [];
  for (const vias of access.systemPermissions.values()) out.push(...vias);
  for (const actions of access.objects.values())
    for (const vias of actions.values()) out.push(...vias);
  for (const actions of access.fields.values())
    for (const vias of actions.values()) out.push(...vias);
  return out;
}

export const rule = defineRule({
  id: 'RG-0013',
  slug: 'needed-access-via-expiring-assignment',
  aliases: [],
  title: 'Declared need comes from an expired or expiring assignment',
  severity: 'high',
  severities: ['medium'],
  category: 'privilege',
  tags: ['recommended', 'manifest'],
  scope: 'run-as-user',
  frameworks: { 'nist-csf-2.0': ['PR.AA-05', 'ID.AM-08'] },
  // ExpirationDate is org state, not metadata (runAsAccess has no dates): `users` is unsupported
  // in project mode, so the rule is not-evaluated there rather than passing on undated assignments.
  requires: ['apps', 'users', 'access'],
  rationale:
    'A permission set assignment with an expiration date stops granting anything on that date, and Salesforce then removes it. A callback whose access depends on it breaks on a known day, usually noticed only when it fails.',
  remediation:
    'Setup > Users > the run-as user > Permission Set Assignments: remove the expiration date, or grant the access through a permission set assigned without one. If the access should end, remove the need from the manifest and the callback before that date.',
  references: [ASSIGNMENT_OBJECT],
  messages: {
    needsExpiring:
      '{{username}}, the run-as user of {{app}}, holds needs {{integration}} declares only through assignments that have expired or expire within {{days}} days: {{assignments}}',
    accessExpiring:
      '{{username}}, the run-as user of {{app}}, holds access through assignments that have expired or expire within {{days}} days: {{assignments}}; {{reason}}',
    needsLasting:
      '{{username}}, the run-as user of {{app}}: no need {{integration}} declares depends on an assignment that has expired or expires within {{days}} days',
    noneExpiring:
      '{{username}}, the run-as user of {{app}}, holds access through no assignment that has expired or expires within {{days}} days',
  },
  check(ctx) {
    const now = Date.parse(ctx.now);
    const days = ctx.settings.expiringAssignmentDays;
    for (const integration of ctx.runAsUsersWithAccess()) {
      const { access, username } = integration;
      const data = { app: integration.app.name, username, days };
      const dated = datedAssignments(ctx.facet('access').assignments, username, now, days);
      const declared = declaredNeeds(ctx, integration.app);

      if ('absent' in declared) {
        // Without declared needs, any access from such an assignment counts.
        const vias = allVias(access);
        const risky = dated.filter((d) =>
          d.past
            ? access.excluded.some(
                (e) => e.reason === 'expired' && e.permission !== 'container' && d.grants(e.via),
              )
            : vias.some((v) => d.grants(v)),
        );
        const reason =
          declared.absent === 'noManifest'
            ? 'no manifest says what the integration needs'
            : declared.absent === 'notDeclared'
              ? 'the manifest has no entry for the app'
              : 'its manifest entry declares no needs';
        if (risky.length === 0) ctx.pass(integration, 'noneExpiring', data);
        else
          ctx.fail(
            integration,
            'accessExpiring',
            { ...data, reason, assignments: risky.map((d) => describeDated(d, [])) },
            {
              expected: `no assignment expiring within ${days} days`,
              actual: risky.map((d) => ({ assignment: d.label, expires: d.day, past: d.past })),
            },
            { severity: risky.some((d) => d.past) ? 'high' : 'medium' },
          );
        continue;
      }

      const withName = { ...data, integration: declared.entry.name };
      const hits = dated.map((d) => ({ dated: d, needs: [] as NeedItem[] }));
      for (const item of declared.items) {
        const vias = needVias(access, item);
        if (vias.length === 0) {
          // Not effective: lost to an expired assignment still in the snapshot (then RG-0010 fails too).
          const expired = exclusionsOf(access, item, 'expired');
          for (const hit of hits)
            if (hit.dated.past && expired.some((e) => hit.dated.grants(e.via)))
              hit.needs.push(item);
          continue;
        }
        // Effective: at risk when every path comes through assignments that expire soon. A field
        // also goes with read on its object (field permissions need it).
        const soon = hits.filter((h) => !h.dated.past);
        const objectRead =
          item.kind === 'field'
            ? needVias(access, {
                kind: 'object',
                name: item.name.slice(0, item.name.indexOf('.')),
                action: 'read',
              })
            : [];
        for (const paths of [vias, objectRead])
          if (paths.length > 0 && paths.every((v) => soon.some((h) => h.dated.grants(v))))
            for (const hit of soon)
              if (paths.some((v) => hit.dated.grants(v)) && !hit.needs.includes(item))
                hit.needs.push(item);
      }
      const risky = hits.filter((h) => h.needs.length > 0);
      if (risky.length === 0) {
        ctx.pass(integration, 'needsLasting', withName);
        continue;
      }
      ctx.fail(
        integration,
        'needsExpiring',
        {
          ...withName,
          assignments: risky.map((h) => describeDated(h.dated, h.needs.map(describeNeed))),
        },
        {
          expected: `no declared need depends on an assignment expiring within ${days} days`,
          actual: risky.map((h) => ({
            assignment: h.dated.label,
            expires: h.dated.day,
            past: h.dated.past,
            needs: h.needs.map(describeNeed),
          })),
        },
        { severity: risky.some((h) => h.dated.past) ? 'high' : 'medium' },
      );
    }
  },
});
