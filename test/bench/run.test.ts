// The benchmark's arithmetic (bench/): the request floor, counted by hand on the Northwind fixture
// and on a variant whose field permissions span three pages, and the issue 12 targets' verdicts.

import { describe, expect, it } from 'vitest';

import { auditFacts, floorOf } from '../../bench/floor.js';
import type { FactCounts } from '../../bench/floor.js';
import { connect } from '../../bench/jsforce.js';
import { benchExitCode, evaluateTargets } from '../../bench/targets.js';
import type { BenchFigures } from '../../bench/targets.js';
import { deterministicId } from '../../src/util/ids.js';
import { NORTHWIND, serveFixture } from '../helpers/emulator.js';

describe('floorOf', () => {
  it('pages rows by 2,000 (a needed query costs one even when empty) and Metadata names by 10', () => {
    const counts: FactCounts = {
      calls: ['http.versionResources', 'rest.userinfo'],
      rows: { a: 0, b: 2_000, c: 2_001, d: 1_000_000 },
      metadata: { ConnectedApp: Array.from({ length: 11 }, (_, i) => `App${i}`), Profile: [] },
    };
    expect(floorOf(counts)).toEqual({
      total: 2 + 1 + 1 + 2 + 500 + 2,
      parts: {
        'http.versionResources': 1,
        'rest.userinfo': 1,
        a: 1,
        b: 1,
        c: 2,
        d: 500,
        'metadata.readMetadata.ConnectedApp': 2,
      },
    });
  });
});

/**
 * Northwind by hand (test/fixtures/orgs/northwind-integrations): two Connected Apps (Ledger_Export,
 * Supplier_Catalog) and two External Client Apps (Carrier_Tracking, Storefront_Orders), four run-as
 * users, no Apex handler user. The auditor is grace.okafor (System Administrator).
 */
const NORTHWIND_PARTS = {
  // Calls with nothing to page; the muting describe because Supplier_Catalog_Access has a muting set.
  'http.versionResources': 1,
  'metadata.listMetadata.apps': 1,
  'rest.userinfo': 1,
  'rest.describe.PermissionSet': 1,
  'rest.describe.MutingPermissionSet': 1,
  'metadata.listMetadata.profiles': 1,
  // Each query's rows fit one page.
  'rest.query.Organization': 1,
  'tooling.query.ExternalClientApplication': 1,
  'tooling.query.ExtlClntAppOauthPlcyCnfg': 1,
  'tooling.query.ExtlClntAppOauthSettings': 1,
  'rest.query.User': 1,
  'rest.query.UserLogin': 1,
  'rest.query.PermissionSetAssignment': 1,
  'rest.query.PermissionSetGroup': 1,
  'rest.query.PermissionSetGroupComponent': 1,
  'rest.query.PermissionSet': 1,
  'rest.query.MutingPermissionSet': 1,
  'rest.query.ObjectPermissions': 1,
  'rest.query.FieldPermissions': 1,
  'rest.query.LoginHistory': 1,
  'rest.query.SetupAuditTrail': 1,
  // No run-as user has a token row: an empty answer is still one request.
  'rest.query.OauthToken': 1,
  // 2 Connected Apps, 2 ECA policies, the run-as users' profiles: one readMetadata each.
  'metadata.readMetadata.ConnectedApp': 1,
  'metadata.readMetadata.ExtlClntAppOauthConfigurablePolicies': 1,
  'metadata.readMetadata.Profile': 1,
};

describe('auditFacts over the emulator: Northwind counted by hand', async () => {
  const running = await serveFixture(NORTHWIND);
  const EXTRA = 3_991;
  const SET = 'Storefront_Orders_Integration';
  const big = await serveFixture(NORTHWIND, {
    variant: (org) => {
      const parent = org.records.get('PermissionSet')?.find((r) => r.Name === SET)?.Id;
      const rows = org.records.get('FieldPermissions');
      if (parent === undefined || rows === undefined) throw new Error(`no ${SET} in the fixture`);
      for (let i = 0; i < EXTRA; i++)
        rows.push({
          Id: deterministicId('01k', `bench-${i}`),
          ParentId: parent,
          SobjectType: 'Order',
          Field: `Order.Bench_${i}__c`,
          PermissionsRead: true,
          PermissionsEdit: false,
        });
    },
  });

  it('reads the rows the audit needs and no more', async () => {
    const counts = await auditFacts(connect(running.instanceUrl, running.accessToken));
    expect(counts.rows).toEqual({
      'rest.query.Organization': 1,
      'tooling.query.ExternalClientApplication': 2,
      'tooling.query.ExtlClntAppOauthPlcyCnfg': 2,
      'tooling.query.ExtlClntAppOauthSettings': 2,
      // The four run-as users; not grace.okafor or tomas.berg.
      'rest.query.User': 4,
      'rest.query.UserLogin': 4,
      // Four profile-owned sets, the five fixture assignments of run-as users, the auditor's profile.
      'rest.query.PermissionSetAssignment': 10,
      'rest.query.PermissionSetGroup': 1,
      // Product_Data_Steward, Supplier_Catalog_API and the muting set.
      'rest.query.PermissionSetGroupComponent': 3,
      // The owned sets of the run-as users' two profiles (three share Minimum Access - API Only)
      // and of the auditor's, four assigned sets, the group's aggregate set and its two members.
      'rest.query.PermissionSet': 2 + 1 + 4 + 1 + 2,
      'rest.query.MutingPermissionSet': 1,
      // The run-as containers' rows in the fixture files, in file order: Carrier_Tracking,
      // Ledger_Export, Ledger_Year_End_Close, Product_Data_Steward, Storefront_Orders,
      // Supplier_Catalog_API, the muting set (Price_Book_Override is tomas.berg's; the two
      // profiles grant none).
      'rest.query.ObjectPermissions': 1 + 2 + 1 + 2 + 2 + 1 + 1,
      'rest.query.FieldPermissions': 1 + 1 + 1 + 2 + 2 + 2 + 1,
      // The run-as users' 11 logins of the last 90 days (grace.okafor's is not read).
      'rest.query.LoginHistory': 11,
      // The two entries of 2026-11-18; the others are older than 90 days.
      'rest.query.SetupAuditTrail': 2,
      'rest.query.OauthToken': 0,
    });
    expect(counts.metadata.ConnectedApp).toEqual(['Ledger_Export', 'Supplier_Catalog']);
    expect(floorOf(counts)).toEqual({ total: 25, parts: NORTHWIND_PARTS });
  });

  it('pages 4,001 field permissions as three requests of the floor', async () => {
    const counts = await auditFacts(connect(big.instanceUrl, big.accessToken));
    expect(counts.rows['rest.query.FieldPermissions']).toBe(10 + EXTRA);
    expect(floorOf(counts)).toEqual({
      total: 27,
      parts: { ...NORTHWIND_PARTS, 'rest.query.FieldPermissions': 3 },
    });
  });
});

function figures(overrides: Partial<BenchFigures['live']> = {}): BenchFigures {
  return {
    scale: 'enterprise',
    live: {
      apps: 300,
      requests: 200,
      floor: 170,
      requestsDoubledApps: 200,
      floorDoubledApps: 170,
      // Half the apps: 30 requests fewer for 25 pages fewer.
      secondOrg: { apps: 150, requests: 170, floor: 145, peakRssMb: 450, exitCode: 0 },
      wallMs: 60_000,
      transferMs: 50_000,
      peakRssMb: 400,
      saveSnapshotPeakRssMb: 480,
      exitCode: 1,
      perAppScript: { requests: 5_000, wallMs: 1 },
      tableDump: { requests: 900, wallMs: 1 },
      ...overrides,
    },
    offline: {
      auditMs: 30_000,
      snapshotAuditMs: 4_000,
      snapshotParseMs: 300,
      parseFloorMs: 12_000,
      preflightOneFileMs: 2_000,
    },
    report: { jsonBytes: 5_000_000 },
  };
}

describe('evaluateTargets', () => {
  const verdicts = (f: BenchFigures): Record<string, boolean | null> =>
    Object.fromEntries(evaluateTargets(f).map((t) => [t.id, t.met]));

  it('meets every must-be-met target of a run within the bounds, and exits 0', () => {
    const targets = evaluateTargets(figures());
    expect(targets.filter((t) => t.mustMeet && t.met !== true)).toEqual([]);
    expect(benchExitCode(targets)).toBe(0);
    // 60 / 50 = 1.2; 4,000 / 300 > 10.
    expect(verdicts(figures())['wall-transfer']).toBe(true);
    expect(verdicts(figures())['snapshot-parse']).toBe(false);
  });

  it('fails on each missed must-be-met target, and exits 1', () => {
    for (const [override, id] of [
      [{ requests: 213 }, 'requests-floor'],
      // 40 more requests for 10 more pages of the floor.
      [
        { secondOrg: { apps: 150, requests: 160, floor: 160, peakRssMb: 1, exitCode: 0 } },
        'doubled-apps-paging',
      ],
      // The second org with twice the apps, over 1.25 times its floor.
      [
        { secondOrg: { apps: 600, requests: 300, floor: 239, peakRssMb: 1, exitCode: 0 } },
        'doubled-apps-paging',
      ],
      [
        { secondOrg: { apps: 150, requests: 170, floor: 145, peakRssMb: 1, exitCode: 3 } },
        'never-exit-3',
      ],
      [
        { secondOrg: { apps: 150, requests: 170, floor: 145, peakRssMb: 600, exitCode: 0 } },
        'peak-rss',
      ],
      [{ peakRssMb: 513 }, 'peak-rss'],
      [{ tableDump: { requests: 799, wallMs: 1 } }, 'vs-table-dump'],
      [{ perAppScript: { requests: 1_999, wallMs: 1 } }, 'vs-per-app-script'],
    ] as [Partial<BenchFigures['live']>, string][]) {
      const f = figures(override);
      expect(verdicts(f)[id], id).toBe(false);
      expect(benchExitCode(evaluateTargets(f)), id).toBe(1);
    }
  });

  it('leaves a target that was not measured open, without failing the run', () => {
    const f = figures({ requestsDoubledApps: null, floorDoubledApps: null, secondOrg: null });
    expect(verdicts(f)['doubled-apps-paging']).toBeNull();
    expect(benchExitCode(evaluateTargets(f))).toBe(0);
  });

  it('holds the baselines to their ratios only at enterprise scale', () => {
    const small = { ...figures({ tableDump: { requests: 30, wallMs: 1 } }), scale: 'small' };
    const dump = evaluateTargets(small).find((t) => t.id === 'vs-table-dump');
    expect(dump).toMatchObject({ mustMeet: false, met: false });
    expect(benchExitCode(evaluateTargets(small))).toBe(0);
  });
});
