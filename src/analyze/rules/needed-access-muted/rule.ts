import { viaEvidence } from '../../access.js';
import {
  declaredNeeds,
  skipUndeclared,
  UNDECLARED_MESSAGES,
  describeNeed,
  exclusionsOf,
  isNeedGranted,
  listSome,
} from '../../declared.js';
import { defineRule } from '../../define-rule.js';
import type { Via } from '../../../model/effective/types.js';
import { REFERENCES } from '../references.js';

/** PermissionSetGroup metadata: `mutingPermissionSets` (docs/salesforce-behaviour.md 2.5). */
const PERMISSION_SET_GROUP_METADATA =
  'https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_permissionsetgroup.htm';

export const rule = defineRule({
  id: 'RG-0014',
  slug: 'needed-access-muted',
  aliases: [],
  title: 'Muting permission set removes a declared need',
  severity: 'high',
  category: 'privilege',
  tags: ['recommended', 'manifest'],
  scope: 'run-as-user',
  frameworks: { 'nist-csf-2.0': ['PR.AA-05'] },
  // Muting is metadata: runs in project mode from runAsAccess.
  requires: ['apps', 'access'],
  rationale:
    'A muting permission set takes permissions away from the members of its permission set group. When it mutes something the callback needs, and nothing else grants it, the group looks right in Setup while the follow-on calls fail; RG-0010 reports the missing access, this rule names the muting set.',
  remediation:
    'Setup > Permission Set Groups > the group > Muting Permission Set: clear the muted permission the integration needs, or grant it to the run-as user through a permission set outside the group. A group shared with people may need a group of its own for the integration.',
  references: [PERMISSION_SET_GROUP_METADATA, REFERENCES.integrationUserBlog],
  messages: {
    muted:
      '{{username}}, the run-as user of {{app}}, loses {{items}}, declared by {{integration}}, to {{mutings}}',
    notMuted:
      '{{username}}, the run-as user of {{app}}: no muting permission set removes a need {{integration}} declares',
    ...UNDECLARED_MESSAGES,
  },
  check(ctx) {
    const groups = new Map(ctx.facet('access').permissionSetGroups.map((g) => [g.name, g]));
    const mutingOf = (via: Via): string => {
      const group = via.group ?? '';
      const muting = groups.get(group)?.mutingPermissionSet ?? '(unknown)';
      return `muting permission set ${muting} in group ${group}`;
    };
    for (const integration of ctx.runAsUsersWithAccess()) {
      const data = { app: integration.app.name, username: integration.username };
      const declared = declaredNeeds(ctx, integration.app);
      if ('absent' in declared) {
        skipUndeclared(declared, data, (id, d) => {
          ctx.skip(integration, id, d);
        });
        continue;
      }
      const withName = { ...data, integration: declared.entry.name };
      // Muting never removes a grant that reaches the user another way: only needs not granted count.
      const affected = declared.items.flatMap((item) => {
        if (isNeedGranted(integration.access, item)) return [];
        const muted = exclusionsOf(integration.access, item, 'muted');
        return muted.length === 0 ? [] : [{ item, vias: muted.map((e) => e.via) }];
      });
      if (affected.length === 0) {
        ctx.pass(integration, 'notMuted', withName);
        continue;
      }
      const mutings = [...new Set(affected.flatMap((a) => a.vias.map(mutingOf)))].sort();
      ctx.fail(
        integration,
        'muted',
        { ...withName, items: listSome(affected.map((a) => describeNeed(a.item))), mutings },
        {
          expected: 'not muted',
          actual: affected.map((a) => ({
            need: describeNeed(a.item),
            mutedIn: [...new Set(a.vias.map(mutingOf))].sort(),
          })),
          via: viaEvidence(uniqueVias(affected.flatMap((a) => a.vias))),
        },
      );
    }
  },
});

/** The muted member sets, once each (what implied the grant inside them does not matter). */
function uniqueVias(vias: readonly Via[]): Via[] {
  const seen = new Map<string, Via>();
  for (const via of vias) {
    const bare: Via = {
      type: via.type,
      name: via.name,
      ...(via.group ? { group: via.group } : {}),
    };
    seen.set(JSON.stringify([bare.group ?? '', bare.name]), bare);
  }
  return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
}
