// The engine on many apps sharing few run-as users with thousands of grants each (issue 12): access
// is resolved once per distinct run-as user and shared, and RG-0011's evidence stays bounded.
// Counts, not timings (docs/adr/0023-shared-access-and-summarised-evidence.md).

import { describe, expect, it } from 'vitest';

import type { Manifest } from '../manifest/schema.js';
import type { Finding } from '../model/finding.js';
import { emptyObjectPermission } from '../model/permissions.js';
import { evaluate } from './engine.js';
import { findRule, RULES } from './rules/index.js';
import { snapshot } from './testing/snapshot-builder.js';
import { EVIDENCE_ITEMS } from './types.js';

const APPS = 200;
const USERS = 40;
const FIELDS = 2_000;
const OBJECTS = 50;
const NO_ACCESS = emptyObjectPermission();

const userOf = (i: number) => `run.as.${i % USERS}@scale.example.com`;
const setOf = (u: number) => `Scale_Set_${u}`;

/** 200 apps on 40 run-as users; user u holds one set: ViewSetup, read on 50 objects, 2,000 fields. */
function manyApps() {
  const builder = snapshot().withManifest();
  const manifest: Manifest = { integrations: [] };
  for (let u = 0; u < USERS; u++) {
    const fields = Object.fromEntries(
      Array.from({ length: FIELDS }, (_, f) => [
        `Object_${f % OBJECTS}__c.Field_${u}_${f}__c`,
        { readable: true, editable: false },
      ]),
    );
    const objects = Object.fromEntries(
      Array.from({ length: OBJECTS }, (_, o) => [
        `Object_${o}__c`,
        { ...NO_ACCESS, allowRead: true },
      ]),
    );
    builder.addPermissionSet(setOf(u), {
      userPermissions: ['ViewSetup'],
      objectPermissions: objects,
      fieldPermissions: fields,
    });
  }
  for (let i = 0; i < APPS; i++) {
    const app = `Scale_App_${String(i).padStart(3, '0')}`;
    builder.addIntegration({ app, username: userOf(i) });
    if (i < USERS) builder.assign(userOf(i), { permissionSet: setOf(i) });
    // Each app declares one field of its user's set: everything else the set grants is excess.
    manifest.integrations?.push({
      name: `scale-app-${i}`,
      app,
      runAs: userOf(i),
      needs: { fields: { [`Object_0__c.Field_${i % USERS}_0__c`]: ['read'] } },
    });
  }
  return { snapshot: builder.build(), manifest };
}

/** ViewSetup, read on the 50 objects and 1,999 field reads. */
const EXCESS = 1 + OBJECTS + FIELDS - 1;

function scaleFindings(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.ruleId === 'RG-0011' && f.app.startsWith('Scale_App_'));
}

describe('evaluate on 200 apps, 40 run-as users, 2,000 grants each', () => {
  const org = manyApps();
  const summarised = evaluate(org.snapshot, RULES, { manifest: org.manifest });
  const excessAccess = findRule('RG-0011');
  if (excessAccess === undefined) throw new Error('RG-0011 is in the catalog');
  const full = evaluate(manyApps().snapshot, [excessAccess], {
    manifest: manyApps().manifest,
    fullEvidence: true,
  });

  it('resolves access once per distinct run-as user, not per app or per rule', () => {
    // The 40 shared users and the base's two.
    expect(summarised.stats.accessResolutions).toBe(USERS + 2);
    expect(full.stats.accessResolutions).toBe(USERS + 2);
  });

  it('shares one summary of a run-as user access between all apps of that user', () => {
    const byUser = new Map<string, object | null>();
    for (const integration of summarised.integrations) {
      const user = integration.runAsUsername ?? '';
      const seen = byUser.get(user);
      if (seen === undefined) byUser.set(user, integration.effectiveAccess);
      else expect(integration.effectiveAccess).toBe(seen);
    }
    expect(byUser.size).toBe(USERS + 2);
    expect(Object.isFrozen(summarised.integrations[0]?.effectiveAccess)).toBe(true);
  });

  it("lists an integration's first 10 fields, with exact counts; every one with fullEvidence", () => {
    const scale = (integrations: typeof summarised.integrations) =>
      integrations.filter((i) => i.app.startsWith('Scale_App_'));
    for (const integration of scale(summarised.integrations)) {
      const user = Number(/^run\.as\.(\d+)@/.exec(integration.runAsUsername ?? '')?.[1]);
      expect(Object.keys(integration.effectiveAccess?.fields ?? {})).toHaveLength(EVIDENCE_ITEMS);
      expect(Object.keys(integration.effectiveAccess?.objects ?? {})).toHaveLength(OBJECTS);
      expect(integration.listing).toEqual({
        of: 'effectiveAccess.fields',
        total: FIELDS,
        listed: EVIDENCE_ITEMS,
        truncated: true,
        byKind: { read: FIELDS },
        byContainer: [{ type: 'PermissionSet', name: setOf(user), count: FIELDS }],
      });
    }
    for (const integration of scale(full.integrations)) {
      expect(Object.keys(integration.effectiveAccess?.fields ?? {})).toHaveLength(FIELDS);
      expect(integration.listing).toMatchObject({
        total: FIELDS,
        listed: FIELDS,
        truncated: false,
      });
    }
  });

  it('lists the first 10 excess grants of each app, with exact totals per kind and container', () => {
    const findings = scaleFindings(summarised.findings);
    expect(findings).toHaveLength(APPS);
    for (const finding of findings) {
      expect(finding.status).toBe('fail');
      const evidence = finding.evidence ?? {};
      expect(evidence.excess).toHaveLength(EVIDENCE_ITEMS);
      const user = Number(/^run\.as\.(\d+)@/.exec(finding.resource.name)?.[1]);
      expect(evidence.listing).toEqual({
        of: 'excess',
        total: EXCESS,
        listed: EVIDENCE_ITEMS,
        truncated: true,
        byKind: { system: 1, object: OBJECTS, field: FIELDS - 1 },
        byContainer: [{ type: 'PermissionSet', name: setOf(user), count: EXCESS }],
      });
      // System permissions first, then objects, then fields, each in name order.
      const grants = (evidence.excess as { grant: string }[]).map((e) => e.grant);
      expect(grants.slice(0, 3)).toEqual(['ViewSetup', 'Object_0__c read', 'Object_10__c read']);
      expect(evidence.actual).toEqual({
        systemPermissions: ['ViewSetup'],
        objects: Object.fromEntries(
          grants.slice(1).map((g): [string, string[]] => [g.slice(0, g.indexOf(' ')), ['read']]),
        ),
        fields: {},
      });
      expect(finding.message).toContain(`holds ${EXCESS} grant(s)`);
      expect(finding.message).toContain('names the first 10 with their paths');
      expect(JSON.stringify(evidence).length).toBeLessThan(8_000);
    }
  });

  it('lists every excess grant with fullEvidence, with the same fingerprints and totals', () => {
    const findings = scaleFindings(full.findings);
    const short = new Map(scaleFindings(summarised.findings).map((f) => [f.app, f]));
    expect(findings).toHaveLength(APPS);
    for (const finding of findings) {
      expect(finding.evidence?.excess).toHaveLength(EXCESS);
      expect(finding.evidence?.listing).toMatchObject({
        total: EXCESS,
        listed: EXCESS,
        truncated: false,
      });
      const other = short.get(finding.app);
      expect(finding.fingerprint).toBe(other?.fingerprint);
      // The first 10 are the summarised evidence's 10.
      expect((finding.evidence?.excess as unknown[]).slice(0, EVIDENCE_ITEMS)).toEqual(
        other?.evidence?.excess,
      );
    }
  });
});
