// The manifest rules (RG-0010 to RG-0037) on the two org fixtures with their manifests: exactly the
// planted findings of their expected.json fail, in a live audit and in a project audit (whose
// users and assignments come from the manifest's runAsAccess).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { loadOrgFixture } from '../../fixture/index.js';
import { loadManifest } from '../../manifest/load.js';
import type { Finding } from '../../model/finding.js';
import { snapshotOfOrg } from '../../probe/testing/org-snapshot.js';
import { evaluate } from '../engine.js';
import { snapshot } from '../testing/snapshot-builder.js';
import { RULES } from './index.js';

const ROOT = join(import.meta.dirname, '../../..');
const FIXTURES = {
  northwind: join(ROOT, 'test/fixtures/orgs/northwind-integrations'),
  demo: join(ROOT, 'demo/org'),
};

const IDS = [
  'RG-0010',
  'RG-0011',
  'RG-0012',
  'RG-0013',
  'RG-0014',
  'RG-0016',
  'RG-0017',
  'RG-0026',
  'RG-0029',
  'RG-0036',
  'RG-0037',
];
const OURS = RULES.filter((r) => IDS.includes(r.meta.id));

interface Expected {
  mustFail: { ruleId: string; app: string; resourceName: string }[];
  projectMode: { mustFail: { ruleId: string; app: string; resourceName: string }[] };
}

const key = (f: { ruleId: string; app: string; resourceName: string }) =>
  `${f.ruleId} ${f.app} ${f.resourceName}`;
const failures = (findings: readonly Finding[]) =>
  findings
    .filter((f) => f.status === 'fail')
    .map((f) => key({ ruleId: f.ruleId, app: f.app, resourceName: f.resource.name }))
    .sort();

async function load(dir: string) {
  const org = await loadOrgFixture(dir);
  const live = snapshotOfOrg(org, 'https://fixture.my.salesforce.com');
  const { manifest } = await loadManifest(join(dir, 'runas-guard.yaml'));
  const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Expected;
  return { live, manifest, expected };
}

describe.each(Object.entries(FIXTURES))('manifest rules on %s', (_name, dir) => {
  it('fail exactly as expected.json plants, live', async () => {
    const { live, manifest, expected } = await load(dir);
    const findings = evaluate(live, OURS, { manifest }).findings;
    expect(findings.filter((f) => f.status === 'error' || f.status === 'not-evaluated')).toEqual(
      [],
    );
    expect(failures(findings)).toEqual(
      expected.mustFail
        .filter((f) => IDS.includes(f.ruleId))
        .map(key)
        .sort(),
    );
  });

  it('fail exactly as expected.json plants, in a project audit', async () => {
    const { live, manifest, expected } = await load(dir);
    const project = snapshot(live).withManifest(manifest).inProjectModeWithRunAsAccess().build();
    const findings = evaluate(project, OURS, { manifest }).findings;
    expect(findings.filter((f) => f.status === 'error')).toEqual([]);
    // This snapshot is built from the org model, not scanned from files: RG-0026 (the project's
    // files) is checked by the project collector's own tests (test/e2e/audit-project.test.ts).
    expect(failures(findings)).toEqual(
      expected.projectMode.mustFail
        .filter((f) => IDS.includes(f.ruleId) && f.ruleId !== 'RG-0026')
        .map(key)
        .sort(),
    );
  });
});

describe('the Northwind planted findings', () => {
  it('RG-0011 names Product2 delete via the group and its permission set', async () => {
    const { live, manifest } = await load(FIXTURES.northwind);
    const finding = evaluate(live, OURS, { manifest }).findings.find(
      (f) => f.ruleId === 'RG-0011' && f.status === 'fail',
    );
    expect(finding?.message).toBe(
      'supplier.integration@northwindtraders.com, the run-as user of Supplier_Catalog, holds 1 grant(s) beyond what supplier-catalog declares: Product2 delete via Supplier_Catalog_Access / Product_Data_Steward',
    );
    expect(finding?.evidence?.via).toEqual([
      { type: 'PermissionSet', name: 'Product_Data_Steward', group: 'Supplier_Catalog_Access' },
    ]);
  });

  it('RG-0017 names the uncovered windows of the carrier', async () => {
    const { live, manifest } = await load(FIXTURES.northwind);
    const finding = evaluate(live, OURS, { manifest }).findings.find(
      (f) => f.ruleId === 'RG-0017' && f.status === 'fail',
    );
    expect(finding?.message).toContain(
      'leaves out Saturday 05:00-22:00, Monday-Friday 05:00-06:00 and 20:00-22:00 of the schedule "Mon-Sat 05:00-22:00" of carrier-tracking',
    );
  });
});
