import { describeVias, viaEvidence } from '../../access.js';
import { defineRule } from '../../define-rule.js';
import { systemPermissionVia } from '../../../model/effective/query.js';
import type { FindingVia } from '../../../model/finding.js';
import { REFERENCES } from '../references.js';
import { HIGH_RISK_PERMISSIONS } from '../../facts/high-risk-permissions.js';

export const rule = defineRule({
  id: 'RG-0009',
  slug: 'run-as-user-high-risk-permission',
  aliases: [],
  title: 'Run-as user holds a high-risk system permission',
  severity: 'critical',
  severities: ['high'],
  category: 'privilege',
  tags: ['recommended'],
  scope: 'run-as-user',
  frameworks: {
    'owasp-nhi-2025': ['NHI5'],
    'nist-csf-2.0': ['PR.AA-05'],
    sbs: ['SBS-ACS-008'],
  },
  requires: ['apps', 'access'],
  rationale:
    "Every token the app obtains carries the run-as user's permissions. Org-wide permissions such as Modify All Data, View All Data, Modify Metadata or Manage Users turn a leaked consumer secret into a breach of the whole org; the 2025 OAuth-token incidents exploited exactly such integrations.",
  remediation:
    'Remove the permission from the run-as user: take it out of the permission set or permission set group that grants it (Setup > Permission Sets > the set > System Permissions), or move the user to Minimum Access - API Only Integrations when its profile grants it. Grant the object and field access the integration needs instead of org-wide permissions.',
  references: [REFERENCES.owaspNhi, REFERENCES.sbsAccessControls, REFERENCES.integrationUserBlog],
  messages: {
    holds:
      '{{username}}, the run-as user of {{app}}, holds {{count}} high-risk system permission(s): {{permissions}}',
    none: '{{username}}, the run-as user of {{app}}, holds none of the {{count}} high-risk system permissions',
  },
  check(ctx) {
    for (const integration of ctx.runAsUsersWithAccess()) {
      const data = { app: integration.app.name, username: integration.username };
      const held = HIGH_RISK_PERMISSIONS.flatMap((p) => {
        const via = systemPermissionVia(integration.access, p.name);
        return via.length === 0 ? [] : [{ ...p, via }];
      });
      if (held.length === 0) {
        ctx.pass(
          integration,
          'none',
          { ...data, count: HIGH_RISK_PERMISSIONS.length },
          {
            expected: [],
            actual: [],
          },
        );
        continue;
      }
      // One line a person reads: the critical names, the high ones counted, the containers once;
      // the evidence lists every permission with its own path.
      const critical = held.filter((h) => h.risk === 'critical').map((h) => h.name);
      const high = held.length - critical.length;
      const containers = [...new Set(held.map((h) => describeVias(h.via)))];
      const permissions =
        [
          critical.length > 0 ? `critical ${critical.join(', ')}` : '',
          high > 0 ? `${high} high` : '',
        ]
          .filter((part) => part !== '')
          .join('; ') +
        ` (via ${containers.slice(0, 3).join('; ')}${containers.length > 3 ? '; ...' : ''})`;
      const via: FindingVia[] = [];
      const seen = new Set<string>();
      for (const h of held)
        for (const v of viaEvidence(h.via)) {
          const key = JSON.stringify(v);
          if (!seen.has(key)) via.push(v);
          seen.add(key);
        }
      ctx.fail(
        integration,
        'holds',
        { ...data, count: held.length, permissions },
        {
          expected: [],
          actual: held.map((h) => h.name),
          permissions: held.map((h) => ({ name: h.name, risk: h.risk, via: viaEvidence(h.via) })),
          via,
        },
        { severity: held.some((h) => h.risk === 'critical') ? 'critical' : 'high' },
      );
    }
  },
});
