// The seeded org generator (bench/generate.ts): same seed, same bytes; counts as asked; the fixture
// loads; a generated org audited through the emulator exits 1 with the planted faults.

import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

import { describe, expect, it } from 'vitest';

import { generateOrgFixture } from '../../bench/generate.js';
import { loadOrgFixture } from '../../src/fixture/index.js';
import { tempDir } from '../helpers/guard.js';

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
    const root = tempDir('rg-gen-');
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
  const dir = tempDir('rg-gen-small-');
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
