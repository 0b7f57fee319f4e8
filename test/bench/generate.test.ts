// The seeded org generator (bench/generate.ts): same seed, same bytes; counts as asked; the fixture
// loads; a generated org audited through the emulator exits 1 with the planted faults.

import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { generateOrgFixture } from '../../bench/generate.js';
import { loadOrgFixture } from '../../src/fixture/index.js';
import type { AuditReport } from '../../src/model/finding.js';
import { runCli } from '../helpers/cli.js';
import { serveFixture } from '../helpers/emulator.js';

/**
 * A directory for a generated fixture. Not the guard's tempDir: the guard scans those for secrets
 * the tool wrote, and a fixture's emulator.json holds its apps' consumer secrets by design.
 */
function fixtureDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

/** Every file of a directory, by relative path, with a hash of its bytes. */
function digest(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    out.set(relative(dir, full), createHash('sha256').update(readFileSync(full)).digest('hex'));
  }
  return out;
}

describe('generateOrgFixture', () => {
  it('writes the same bytes for the same seed and options, other bytes for another seed', async () => {
    const root = fixtureDir('rg-gen-');
    const a = await generateOrgFixture(join(root, 'a'), { scale: 'small', seed: 7 });
    const b = await generateOrgFixture(join(root, 'b'), { scale: 'small', seed: 7 });
    const c = await generateOrgFixture(join(root, 'c'), { scale: 'small', seed: 8 });
    const [da, db, dc] = [digest(a.dir), digest(b.dir), digest(c.dir)];
    expect(da.size).toBeGreaterThan(100);
    expect([...db]).toEqual([...da]);
    expect(a.counts).toEqual(b.counts);
    // Another seed: the same files (names come from positions); every record file and permission
    // set has other contents (the custom objects and the logins depend on no choice).
    expect([...dc.keys()].sort()).toEqual([...da.keys()].sort());
    const seeded = [...da.keys()].filter(
      (p) =>
        (p.startsWith('data/') && p !== 'data/UserLogin.json') || p.includes('/permissionsets/'),
    );
    expect(seeded.length).toBeGreaterThan(50);
    for (const path of seeded) expect(dc.get(path), path).not.toBe(da.get(path));
  });
});

describe('a generated small org', async () => {
  const dir = fixtureDir('rg-gen-small-');
  const generated = await generateOrgFixture(dir, { scale: 'small' });

  it('has the counts of the small scale', () => {
    expect(generated.counts).toEqual({
      users: 511,
      apps: 10,
      runAsUsers: 8,
      profiles: 10,
      permissionSets: 50,
      groups: 5,
      mutingSets: 5,
      assignments: 1_000,
      objectPermissions: expect.any(Number) as number,
      fieldPermissions: expect.any(Number) as number,
      loginHistory: 2_000,
      auditTrail: 500,
    });
  });

  it('loads with loadOrgFixture, with the counts it reported', async () => {
    const org = await loadOrgFixture(dir);
    expect(org.apps).toHaveLength(10);
    expect(org.permissionSets.filter((s) => s.name.startsWith('Gen_'))).toHaveLength(50);
    expect(org.permissionSetGroups).toHaveLength(5);
    expect(org.mutingPermissionSets).toHaveLength(5);
    expect(org.records.get('LoginHistory')).toHaveLength(2_000);
    expect(org.records.get('SetupAuditTrail')).toHaveLength(500);
    expect(org.clients).toHaveLength(10);
  });
});

describe('a generated org with other --apps and --fields-per-set', () => {
  it('has as many apps, and field permissions per ordinary set, as asked', async () => {
    const dir = fixtureDir('rg-gen-custom-');
    const generated = await generateOrgFixture(dir, { scale: 'small', apps: 25, fieldsPerSet: 90 });
    expect(generated.counts.apps).toBe(25);
    expect(generated.counts.runAsUsers).toBe(10);
    const org = await loadOrgFixture(dir);
    expect(org.apps).toHaveLength(25);
    expect(org.apps.filter((a) => a.type === 'ConnectedApp')).toHaveLength(13);
    expect(org.clients).toHaveLength(25);
    const sets = org.permissionSets.filter((s) => s.name.startsWith('Gen_Set_'));
    expect(sets).toHaveLength(48);
    for (const set of sets) expect(Object.keys(set.fieldPermissions)).toHaveLength(90);
    // The counts the generator reports are what the fixture holds (no set or profile left out).
    const generatedContainers = [
      ...org.permissionSets.filter((c) => c.name.startsWith('Gen_')),
      ...org.mutingPermissionSets,
      ...org.profiles.filter((c) => c.custom),
    ];
    const fields = generatedContainers.reduce(
      (n, c) => n + Object.keys(c.fieldPermissions).length,
      0,
    );
    const objects = generatedContainers.reduce(
      (n, c) => n + Object.keys(c.objectPermissions).length,
      0,
    );
    expect(fields).toBe(generated.counts.fieldPermissions);
    expect(objects).toBe(generated.counts.objectPermissions);
  });

  it('refuses more than 500 apps or 1,000 fields per set', async () => {
    const dir = fixtureDir('rg-gen-refused-');
    await expect(generateOrgFixture(dir, { scale: 'small', apps: 501 })).rejects.toThrow(/--apps/);
    await expect(generateOrgFixture(dir, { scale: 'small', fieldsPerSet: 1_001 })).rejects.toThrow(
      /--fields-per-set/,
    );
  });
});

describe('a generated small org audited through the emulator', async () => {
  const dir = fixtureDir('rg-gen-audit-');
  const generated = await generateOrgFixture(dir, { scale: 'small', seed: 3 });
  const running = await serveFixture(dir);

  it('exits 1 with the planted faults, and nothing left unevaluated that a live audit reads', async () => {
    const result = await runCli(
      [
        'audit',
        '--instance-url',
        running.instanceUrl,
        '--manifest',
        join(dir, 'runas-guard.yaml'),
        '--format',
        'json',
      ],
      { SF_ACCESS_TOKEN: running.accessToken },
    );
    expect(result.code, result.stderr).toBe(1);
    const report = JSON.parse(result.stdout) as AuditReport;
    const runAsOf = new Map(report.integrations.map((i) => [i.app, i.runAsUsername]));
    /** The run-as users of the apps failing a rule. */
    const failing = (rule: string): Set<string | undefined> =>
      new Set(
        report.findings
          .filter((f) => f.ruleId === rule && f.status === 'fail')
          .map((f) => runAsOf.get(f.app ?? '') ?? undefined),
      );
    const p = generated.planted;
    expect(failing('RG-0003')).toEqual(new Set([p.inactive]));
    expect(failing('RG-0004')).toEqual(new Set([p.frozen]));
    expect(failing('RG-0020')).toEqual(new Set([p.admin]));
    expect(failing('RG-0009')).toEqual(new Set([p.admin, p.modifyAllData]));
    expect(failing('RG-0013')).toEqual(new Set([p.expiredAssignment]));
    expect(failing('RG-0012')).toEqual(new Set([p.sessionBasedSet]));
    expect(failing('RG-0016')).toContain(p.loginRestrictedProfile);
    expect(failing('RG-0017')).toContain(p.loginRestrictedProfile);
    // Ten apps on eight run-as users: the first two serve two apps each.
    expect(failing('RG-0022').size).toBeGreaterThanOrEqual(2);
    // Only the consumer-secret rule, which reads a project, is not evaluated on a live org.
    const notEvaluated = new Set(
      report.findings.filter((f) => f.status === 'not-evaluated').map((f) => f.ruleId),
    );
    expect([...notEvaluated]).toEqual(['RG-0026']);
    expect(report.findings.filter((f) => f.status === 'error')).toEqual([]);
  });
});
