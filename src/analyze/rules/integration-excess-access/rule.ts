import { viaEvidence } from '../../access.js';
import { declaredIntegration } from '../../declared.js';
import { defineRule } from '../../define-rule.js';
import type { EvidenceListing, FindingVia } from '../../../model/finding.js';
import { firstItems } from '../../listing.js';
import { REFERENCES } from '../references.js';
import { BASELINE_PROFILE, describeExcess, excessAccess } from '../../facts/excess-access.js';
import type { ExcessItem } from '../../facts/excess-access.js';
import { describeExcessList } from './message.js';

export const rule = defineRule({
  id: 'RG-0011',
  slug: 'integration-excess-access',
  aliases: [],
  title: 'Run-as user holds access beyond what the integration declares',
  severity: 'medium',
  category: 'privilege',
  tags: ['recommended', 'manifest'],
  scope: 'run-as-user',
  frameworks: { 'owasp-nhi-2025': ['NHI5'], 'nist-csf-2.0': ['PR.AA-05'] },
  // Configuration only: in project mode the manifest's runAsAccess supplies profile and assignments.
  requires: ['apps', 'access'],
  rationale:
    "Every token the app obtains carries all of the run-as user's access. What the callback does not use only widens what a leaked consumer secret exposes, and it hides which access the integration really depends on.",
  remediation:
    "Remove the access the integration does not declare: take the object, field or system permission out of the permission set that grants it (the finding names each path), or remove the permission set or group from the run-as user. When the callback does use it, declare it in the manifest's `needs`.",
  references: [REFERENCES.owaspNhi, REFERENCES.integrationUserBlog],
  messages: {
    excess:
      '{{username}}, the run-as user of {{app}}, holds {{count}} grant(s) beyond what {{integration}} declares: {{items}}',
    exact:
      '{{username}}, the run-as user of {{app}}, holds nothing beyond what {{integration}} declares (and the ' +
      BASELINE_PROFILE +
      ' baseline)',
    noManifest: 'Not checked: no manifest declares what {{app}} needs (pass --manifest)',
    notDeclared: 'Not checked: the manifest has no entry for {{app}} (RG-0036 reports it)',
    noNeeds:
      'Not checked: the manifest entry {{integration}} of {{app}} declares no needs, so nothing can be called excess',
  },
  check(ctx) {
    for (const integration of ctx.runAsUsersWithAccess()) {
      const data = { app: integration.app.name, username: integration.username };
      if (ctx.manifest === undefined) {
        ctx.skip(integration, 'noManifest', data);
        continue;
      }
      const entry = declaredIntegration(ctx, integration.app);
      if (entry === undefined) {
        ctx.skip(integration, 'notDeclared', data);
        continue;
      }
      const withName = { ...data, integration: entry.name };
      // `needs: {}` declares that the callback needs nothing; an absent `needs` declares nothing.
      if (entry.needs === undefined) {
        ctx.skip(integration, 'noNeeds', withName);
        continue;
      }
      const items = excessAccess(integration.access, entry.needs);
      // A user with thousands of excess field grants: the first ones with their paths, and counts.
      const { items: listed, listing } = firstItems('excess', items, ctx.evidenceItems);
      const expected = {
        systemPermissions: entry.needs.systemPermissions ?? [],
        objects: entry.needs.objects ?? {},
        fields: entry.needs.fields ?? {},
      };
      if (items.length === 0) {
        ctx.pass(integration, 'exact', withName, { expected, actual: summary([]) });
        continue;
      }
      ctx.fail(
        integration,
        'excess',
        { ...withName, count: items.length, items: describeExcessList(items, listed.length) },
        {
          expected,
          actual: summary(listed),
          via: uniqueVias(items),
          excess: listed.map((item) => ({
            grant: describeExcess(item),
            via: viaEvidence(item.via),
          })),
          listing: { ...listing, byKind: countByKind(items), byContainer: countByContainer(items) },
        },
      );
    }
  },
});

function countByKind(items: readonly ExcessItem[]): Record<ExcessItem['kind'], number> {
  const counts = { system: 0, object: 0, field: 0 };
  for (const item of items) counts[item.kind] += 1;
  return counts;
}

type ContainerCount = NonNullable<EvidenceListing['byContainer']>[number];

const TYPE_RANK: Readonly<Record<string, number>> = {
  Profile: 0,
  PermissionSetGroup: 1,
  PermissionSet: 2,
};

/** Excess grants per container path (type, name, group), most first, then by type and name. */
function countByContainer(items: readonly ExcessItem[]): ContainerCount[] {
  const counts = new Map<string, ContainerCount>();
  for (const item of items) {
    // One count per container for an item, however many implied paths it has through it.
    const seen = new Set<string>();
    for (const via of item.via) {
      const key = `${via.type}\u0000${via.name}\u0000${via.group ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const found = counts.get(key);
      if (found !== undefined) found.count += 1;
      else
        counts.set(key, {
          type: via.type,
          name: via.name,
          ...(via.group === undefined ? {} : { group: via.group }),
          count: 1,
        });
    }
  }
  return [...counts.values()].sort(
    (a, b) =>
      b.count - a.count ||
      (TYPE_RANK[a.type] ?? 3) - (TYPE_RANK[b.type] ?? 3) ||
      compare(a.name, b.name) ||
      compare(a.group ?? '', b.group ?? ''),
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The excess in the report's effective-access shape. */
function summary(items: readonly ExcessItem[]): {
  systemPermissions: string[];
  objects: Record<string, string[]>;
  fields: Record<string, string[]>;
} {
  const out = {
    systemPermissions: [] as string[],
    objects: {} as Record<string, string[]>,
    fields: {} as Record<string, string[]>,
  };
  for (const item of items) {
    if (item.kind === 'system') out.systemPermissions.push(item.name);
    else {
      const target = item.kind === 'object' ? out.objects : out.fields;
      target[item.name] = [...(target[item.name] ?? []), item.action];
    }
  }
  return out;
}

function uniqueVias(items: readonly ExcessItem[]): FindingVia[] {
  const seen = new Set<string>();
  const out: FindingVia[] = [];
  for (const item of items)
    for (const via of viaEvidence(item.via)) {
      const key = JSON.stringify(via);
      if (!seen.has(key)) out.push(via);
      seen.add(key);
    }
  return out;
}
