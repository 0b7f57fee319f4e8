import { defineRule } from '../../define-rule.js';
import type { PermissionSetGroupStatus } from '../../../model/permissions.js';
import { isAssignmentActive } from '../../../model/policy/index.js';

/**
 * Statuses of a group whose aggregate permissions are not (yet) what its components say.
 * `Updated` and `Updating` are confirmed; `Outdated` and `Failed` are typed by the API but not
 * re-verified (docs/salesforce-behaviour.md 2.5).
 */
const UNSETTLED: readonly PermissionSetGroupStatus[] = ['Outdated', 'Updating', 'Failed'];

const PERMISSION_SET_GROUP_OBJECT =
  'https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_permissionsetgroup.htm';

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export const rule = defineRule({
  id: 'RG-0015',
  slug: 'permission-set-group-not-updated',
  aliases: [],
  title: 'Run-as user holds a permission set group that is not updated',
  severity: 'medium',
  category: 'privilege',
  tags: ['recommended'],
  scope: 'run-as-user',
  frameworks: { 'nist-csf-2.0': ['PR.PS-01'] },
  // `users` is unsupported in project mode, so the rule is not-evaluated there: a group's status
  // is org state, not metadata.
  requires: ['apps', 'users', 'access'],
  rationale:
    "Salesforce recalculates a permission set group's aggregate permissions after each change to its components. While the group is Outdated, Updating or Failed, what the run-as user can actually do may differ from what the group's permission sets say, so the effective access computed here is uncertain.",
  remediation:
    'Setup > Permission Set Groups > the group: wait for a status of Updating to become Updated; for Outdated or Failed click Recalculate, and when it fails again review the muting permission set and the components. Re-run the audit afterwards.',
  references: [PERMISSION_SET_GROUP_OBJECT],
  messages: {
    notUpdated:
      '{{username}}, the run-as user of {{app}}, holds permission set group(s) whose permissions are not recalculated: {{groups}}; its effective access is uncertain',
    updated:
      '{{username}}, the run-as user of {{app}}, holds only permission set groups with status Updated: {{groups}}',
    noGroups: '{{username}}, the run-as user of {{app}}, holds no permission set group',
    unknownGroup:
      '{{username}}, the run-as user of {{app}}, is assigned permission set group(s) that are not in the snapshot ({{groups}}): their status is unknown',
  },
  check(ctx) {
    const at = Date.parse(ctx.now);
    for (const integration of ctx.runAsUsers()) {
      const { username } = integration;
      const data = { app: integration.app.name, username };
      const lower = username.toLowerCase();
      const names = new Set<string>();
      for (const a of ctx.facet('access').assignments) {
        if (a.username.toLowerCase() !== lower || a.permissionSetGroup === undefined) continue;
        // Salesforce removes expired assignments; until it does they grant nothing.
        if (!isAssignmentActive(a.expirationDate, at)) continue;
        names.add(a.permissionSetGroup);
      }
      const held = [...names].sort(compare).map((name) => ({
        name,
        status: ctx.facet('access').permissionSetGroups.find((g) => g.name === name)?.status,
      }));
      const actual = held.map((g) => ({ group: g.name, status: g.status ?? null }));
      const evidence = { expected: 'Updated', actual };
      const unsettled = held.filter((g) => g.status !== undefined && UNSETTLED.includes(g.status));
      const unknown = held.filter((g) => g.status === undefined);
      if (unsettled.length > 0)
        ctx.fail(
          integration,
          'notUpdated',
          { ...data, groups: unsettled.map((g) => `${g.name} (${g.status ?? ''})`) },
          evidence,
        );
      else if (unknown.length > 0)
        ctx.skip(integration, 'unknownGroup', { ...data, groups: unknown.map((g) => g.name) });
      else if (held.length === 0) ctx.pass(integration, 'noGroups', data, evidence);
      else ctx.pass(integration, 'updated', { ...data, groups: held.map((g) => g.name) }, evidence);
    }
  },
});
