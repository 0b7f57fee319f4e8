import { viaEvidence } from '../../access.js';
import {
  declaredNeeds,
  skipUndeclared,
  UNDECLARED_MESSAGES,
  describeNeed,
  exclusionsOf,
  formatVia,
  isNeedGranted,
  listSome,
} from '../../declared.js';
import { defineRule } from '../../define-rule.js';
import type { Via } from '../../../model/effective/types.js';
import { REFERENCES } from '../references.js';

/** PermissionSet metadata: `hasActivationRequired` (docs/salesforce-behaviour.md 2.5). */
const PERMISSION_SET_METADATA =
  'https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_permissionset.htm';

export const rule = defineRule({
  id: 'RG-0012',
  slug: 'needed-access-only-via-session-based-permission-set',
  aliases: [],
  title: 'Declared need is granted only by a session-based permission set',
  severity: 'high',
  category: 'privilege',
  tags: ['recommended', 'manifest'],
  scope: 'run-as-user',
  frameworks: { 'nist-csf-2.0': ['PR.AA-05'] },
  // Session activation is metadata (hasActivationRequired): runs in project mode from runAsAccess.
  requires: ['apps', 'access'],
  rationale:
    'A permission set (or group) with session activation required grants nothing until a session activates it, and nothing activates it in a client-credentials session. The assignment looks right in Setup while every call that needs it fails; RG-0010 reports the missing access, this rule names the cause.',
  remediation:
    'Grant the access through a permission set without session activation: Setup > Permission Sets > the set > Edit > clear "Session Activation Required" (or move the permissions into the integration\'s own permission set and assign that one).',
  references: [PERMISSION_SET_METADATA, REFERENCES.integrationUserBlog],
  messages: {
    sessionBased:
      '{{username}}, the run-as user of {{app}}, gets {{items}}, declared by {{integration}}, only from session-based {{containers}}, which no client-credentials session activates',
    notSessionBased:
      '{{username}}, the run-as user of {{app}}: no need {{integration}} declares depends on a session-based permission set',
    ...UNDECLARED_MESSAGES,
  },
  check(ctx) {
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
      const affected = declared.items.flatMap((item) => {
        if (isNeedGranted(integration.access, item)) return [];
        const excluded = exclusionsOf(integration.access, item, 'session-based');
        return excluded.length === 0 ? [] : [{ item, vias: excluded.map((e) => container(e.via)) }];
      });
      if (affected.length === 0) {
        ctx.pass(integration, 'notSessionBased', withName);
        continue;
      }
      const vias = unique(affected.flatMap((a) => a.vias));
      ctx.fail(
        integration,
        'sessionBased',
        {
          ...withName,
          items: listSome(affected.map((a) => describeNeed(a.item))),
          containers: vias.map(describeContainer),
        },
        {
          expected: 'granted by a permission set without session activation',
          actual: affected.map((a) => ({
            need: describeNeed(a.item),
            via: unique(a.vias).map(formatVia),
          })),
          via: viaEvidence(vias),
        },
      );
    }
  },
});

/** The container itself: what implied the grant inside it does not matter here. */
function container(via: Via): Via {
  return via.group === undefined
    ? { type: via.type, name: via.name }
    : { type: via.type, name: via.name, group: via.group };
}

function describeContainer(via: Via): string {
  if (via.type === 'PermissionSetGroup') return `permission set group ${via.name}`;
  return via.group === undefined
    ? `permission set ${via.name}`
    : `permission set ${via.name} in group ${via.group}`;
}

function unique(vias: readonly Via[]): Via[] {
  const seen = new Map<string, Via>();
  for (const via of vias) seen.set(JSON.stringify([via.type, via.group ?? '', via.name]), via);
  return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
}
