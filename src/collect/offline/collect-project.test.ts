import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { ManifestError } from '../../manifest/errors.js';
import { ProjectError } from '../../metadata/errors.js';
import { loadManifest } from '../../manifest/load.js';
import type { Manifest } from '../../manifest/schema.js';
import { OrgSnapshotSchema } from '../../model/snapshot.js';
import { collectProject, USER_STATE_REASON } from './collect-project.js';

const ROOT = join(import.meta.dirname, '../../..');
const NORTHWIND = join(ROOT, 'test/fixtures/orgs/northwind-integrations');
const DEMO = join(ROOT, 'demo/org');
const NOW = '2026-11-25T12:00:00.000Z';

async function manifestOf(dir: string): Promise<Manifest> {
  return (await loadManifest(join(dir, 'runas-guard.yaml'))).manifest;
}

/** The manifest with one integration changed. */
function withIntegration(
  manifest: Manifest,
  app: string,
  change: (entry: NonNullable<Manifest['integrations']>[number]) => void,
): Manifest {
  const copy = structuredClone(manifest);
  const entry = copy.integrations?.find((i) => i.app === app);
  if (entry === undefined) throw new Error(`no integration for ${app}`);
  change(entry);
  return copy;
}

describe('collectProject on Northwind with its manifest', () => {
  it('takes apps and containers from the metadata and users from runAsAccess', async () => {
    const snapshot = await collectProject(NORTHWIND, {
      manifest: await manifestOf(NORTHWIND),
      now: NOW,
      tool: { name: 'runas-guard', version: 'test' },
    });
    expect(OrgSnapshotSchema.safeParse(snapshot).success).toBe(true);
    expect(snapshot.mode).toBe('project');
    expect(snapshot.org).toBeNull();
    expect(snapshot.project).toEqual({ name: 'northwind-integrations', path: NORTHWIND });
    expect(snapshot.collectedAt).toBe(NOW);
    expect(snapshot.apiRequests).toBe(0);
    expect(snapshot.apps.map((a) => [a.name, a.runAsUsername])).toEqual([
      ['Carrier_Tracking', 'carrier.integration@northwindtraders.com'],
      ['Ledger_Export', 'ledger.integration@northwindtraders.com'],
      ['Storefront_Orders', 'storefront.integration@northwindtraders.com'],
      ['Supplier_Catalog', 'supplier.integration@northwindtraders.com'],
    ]);
    // Only the declared run-as users: data/User.json (Grace Okafor, Tomas Berg) is not read.
    expect(snapshot.users).toEqual([
      {
        username: 'carrier.integration@northwindtraders.com',
        isActive: true,
        profileName: 'Northwind Carrier Integration',
        profileFullName: 'Northwind Carrier Integration',
        userLicense: 'Salesforce Integration',
      },
      {
        username: 'ledger.integration@northwindtraders.com',
        isActive: true,
        profileName: 'Minimum Access - API Only Integrations',
        profileFullName: expect.any(String) as string,
        userLicense: 'Salesforce Integration',
      },
      expect.objectContaining({ username: 'storefront.integration@northwindtraders.com' }),
      expect.objectContaining({ username: 'supplier.integration@northwindtraders.com' }),
    ]);
    // As declared: no expiration dates (they are org state).
    expect(snapshot.assignments).toEqual([
      {
        username: 'carrier.integration@northwindtraders.com',
        permissionSet: 'Carrier_Tracking_Integration',
      },
      {
        username: 'ledger.integration@northwindtraders.com',
        permissionSet: 'Ledger_Export_Integration',
      },
      {
        username: 'ledger.integration@northwindtraders.com',
        permissionSet: 'Ledger_Year_End_Close',
      },
      {
        username: 'storefront.integration@northwindtraders.com',
        permissionSet: 'Storefront_Orders_Integration',
      },
      {
        username: 'supplier.integration@northwindtraders.com',
        permissionSetGroup: 'Supplier_Catalog_Access',
      },
    ]);
    expect(snapshot.permissionSetGroups.map((g) => g.name)).toEqual(['Supplier_Catalog_Access']);
    expect(snapshot.objects.Product2).toContain('Family');
    expect(snapshot.sourceSecrets).toEqual([]);
    expect(snapshot.loginHistory).toEqual([]);
    expect(snapshot.auditTrail).toEqual([]);
  });

  it('marks user state unsupported by mode and configuration ok', async () => {
    const snapshot = await collectProject(NORTHWIND, {
      manifest: await manifestOf(NORTHWIND),
      now: NOW,
    });
    const unsupported = { status: 'unsupported', reason: USER_STATE_REASON };
    expect(snapshot.ledger).toEqual({
      apps: { status: 'ok', requests: 0 },
      access: { status: 'ok', requests: 0 },
      profilePolicies: { status: 'ok', requests: 0 },
      sessionSettings: { status: 'ok', requests: 0 },
      projectFiles: { status: 'ok', requests: 0 },
      users: unsupported,
      userLogin: unsupported,
      loginHistory: unsupported,
      auditTrail: unsupported,
      oauthTokens: unsupported,
    });
  });

  it('ignores data/ and emulator.json, even broken or holding a key', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'runas-guard-northwind-'));
    try {
      await cp(NORTHWIND, dir, { recursive: true });
      await writeFile(join(dir, 'data', 'User.json'), '{ broken');
      await writeFile(join(dir, 'emulator.json'), '-----BEGIN PRIVATE KEY-----\n{ broken');
      const snapshot = await collectProject(dir, {
        manifest: await manifestOf(NORTHWIND),
        now: NOW,
      });
      expect(snapshot.apps).toHaveLength(4);
      expect(snapshot.sourceSecrets).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('collectProject: the secret scan', () => {
  it('names the External Client App whose global OAuth settings hold a secret', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'runas-guard-eca-secret-'));
    try {
      await cp(NORTHWIND, dir, { recursive: true });
      const file =
        'force-app/main/default/extlClntAppGlobalOauthSets/Storefront_Orders_glbloauth.ecaGlblOauth-meta.xml';
      const path = join(dir, file);
      const xml = await readFile(path, 'utf8');
      await writeFile(
        path,
        xml.replace(
          '<isPkceRequired>',
          '<consumerSecret>0123456789ABCDEF</consumerSecret>\n    <isPkceRequired>',
        ),
      );
      const snapshot = await collectProject(dir, { now: NOW });
      expect(snapshot.sourceSecrets).toEqual([
        { file, line: 11, kind: 'consumerSecret', app: 'Storefront_Orders' },
      ]);
      expect(JSON.stringify(snapshot)).not.toContain('0123456789ABCDEF');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('never scans emulator.json, even when the package directory is the project root', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'runas-guard-root-package-'));
    try {
      await writeFile(
        join(dir, 'sfdx-project.json'),
        JSON.stringify({ name: 'root-package', packageDirectories: [{ path: '.' }] }),
      );
      const key = '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n';
      await writeFile(join(dir, 'emulator.json'), key);
      await writeFile(join(dir, 'signing.key'), key);
      const snapshot = await collectProject(dir, { now: NOW });
      expect(snapshot.project?.name).toBe('root-package');
      expect(snapshot.sourceSecrets).toEqual([
        { file: 'signing.key', line: 1, kind: 'privateKey' },
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('collectProject: time', () => {
  it('uses --now, else the start of the current UTC day (a project has no org clock)', async () => {
    const clock = () => new Date('2027-02-03T17:45:12.345Z');
    expect((await collectProject(NORTHWIND, { clock })).collectedAt).toBe(
      '2027-02-03T00:00:00.000Z',
    );
    expect((await collectProject(NORTHWIND, { clock, now: NOW })).collectedAt).toBe(NOW);
  });
});

describe('collectProject: the access facet follows the declarations', () => {
  it('is unsupported without a manifest, naming each run-as user to declare', async () => {
    const snapshot = await collectProject(NORTHWIND, { now: NOW });
    expect(snapshot.users).toEqual([]);
    expect(snapshot.assignments).toEqual([]);
    const access = snapshot.ledger.access;
    expect(access?.status).toBe('unsupported');
    expect(access?.status === 'unsupported' ? access.reason : '').toContain(
      'ledger.integration@northwindtraders.com (Ledger_Export)',
    );
  });

  it('is ok when one integration declares no profile, and that run-as user is left out', async () => {
    // The engine leaves that integration alone not-evaluated (docs/adr/0012-rule-facets.md).
    const manifest = withIntegration(await manifestOf(NORTHWIND), 'Ledger_Export', (entry) => {
      delete entry.runAsAccess;
    });
    const snapshot = await collectProject(NORTHWIND, { manifest, now: NOW });
    expect(snapshot.ledger.access).toEqual({ status: 'ok', requests: 0 });
    expect(snapshot.users.map((u) => u.username)).not.toContain(
      'ledger.integration@northwindtraders.com',
    );
    expect(snapshot.users.length).toBeGreaterThan(0);
  });

  it('is unsupported when no integration declares a profile, naming each one', async () => {
    const manifest = await manifestOf(NORTHWIND);
    for (const entry of manifest.integrations ?? []) delete entry.runAsAccess;
    const access = (await collectProject(NORTHWIND, { manifest, now: NOW })).ledger.access;
    expect(access).toEqual({
      status: 'unsupported',
      reason: expect.stringContaining(
        'ledger.integration@northwindtraders.com (Ledger_Export)',
      ) as string,
    });
  });

  it('ignores the auditor app and apps without the flow', async () => {
    const manifest = structuredClone(await manifestOf(NORTHWIND));
    for (const entry of manifest.integrations ?? []) delete entry.runAsAccess;
    const reasonOf = async (auditorApps: string[]) => {
      const entry = (await collectProject(NORTHWIND, { manifest, auditorApps, now: NOW })).ledger
        .access;
      return entry?.status === 'unsupported' ? entry.reason : entry?.status;
    };
    expect(await reasonOf([])).toContain('(Ledger_Export)');
    const without = await reasonOf(['Ledger_Export']);
    expect(without).toContain('add runAsAccess');
    expect(without).not.toContain('(Ledger_Export)');
  });

  it('keeps a declared profile that is not in the project: access resolution reports it', async () => {
    const manifest = withIntegration(await manifestOf(NORTHWIND), 'Ledger_Export', (entry) => {
      entry.runAsAccess = { profile: 'Acme Custom Integration' };
    });
    const snapshot = await collectProject(NORTHWIND, { manifest, now: NOW });
    expect(snapshot.users.find((u) => u.username.startsWith('ledger.'))).toEqual({
      username: 'ledger.integration@northwindtraders.com',
      isActive: true,
      profileName: 'Acme Custom Integration',
    });
  });
});

describe('collectProject: run-as users the manifest names', () => {
  it('matches a profile by label or metadata full name', async () => {
    const manifest = withIntegration(await manifestOf(NORTHWIND), 'Ledger_Export', (entry) => {
      entry.runAsAccess = { profile: 'Admin' };
    });
    const snapshot = await collectProject(NORTHWIND, { manifest, now: NOW });
    expect(snapshot.users.find((u) => u.username.startsWith('ledger.'))).toMatchObject({
      profileName: 'System Administrator',
      profileFullName: 'Admin',
      userLicense: 'Salesforce',
    });
  });

  it('one user behind two apps gets the union of the declared sets', async () => {
    const manifest = await manifestOf(DEMO);
    const snapshot = await collectProject(DEMO, { manifest, now: NOW });
    const admin = 'integration.admin@acme-logistics.example';
    expect(snapshot.users.filter((u) => u.username === admin)).toHaveLength(1);
    const two = withIntegration(manifest, 'Rate_Quotes', (entry) => {
      entry.runAsAccess = { profile: 'Admin', permissionSets: ['Fleet_Telematics_Integration'] };
    });
    const merged = await collectProject(DEMO, { manifest: two, now: NOW });
    expect(merged.assignments.filter((a) => a.username === admin)).toEqual([
      { username: admin, permissionSet: 'Fleet_Telematics_Integration' },
    ]);
  });

  it('two different profiles for one user are a manifest error naming the file', async () => {
    const manifest = withIntegration(await manifestOf(DEMO), 'Rate_Quotes', (entry) => {
      entry.runAsAccess = { profile: 'Standard User' };
    });
    const error = await collectProject(DEMO, {
      manifest,
      manifestFile: 'demo/org/runas-guard.yaml',
      now: NOW,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ManifestError);
    expect(error).toMatchObject({ code: 'CONFIG_INVALID' });
    expect(String(error)).toContain('demo/org/runas-guard.yaml: integrations[');
    expect(String(error)).toContain('freight-billing declares "System Administrator"');
  });

  it("uses the app's spelling of a declared user the matcher accepts (sandbox suffix)", async () => {
    const manifest = await manifestOf(NORTHWIND);
    const entry = manifest.integrations?.find((i) => i.app === 'Ledger_Export');
    if (entry === undefined) throw new Error('no Ledger_Export');
    entry.runAs = 'ledger.integration@northwindtraders.com.uat';
    const suffixed = (a: string, b: string) =>
      a.toLowerCase().replace(/\.uat$/, '') === b.toLowerCase().replace(/\.uat$/, '');
    const plain = await collectProject(NORTHWIND, { manifest, now: NOW });
    expect(plain.users.map((u) => u.username)).toContain(
      'ledger.integration@northwindtraders.com.uat',
    );
    expect(plain.users.map((u) => u.username)).not.toContain(
      'ledger.integration@northwindtraders.com',
    );
    const matched = await collectProject(NORTHWIND, { manifest, now: NOW, sameUsername: suffixed });
    expect(matched.users.map((u) => u.username)).toContain(
      'ledger.integration@northwindtraders.com',
    );
    expect(matched.ledger.access?.status).toBe('ok');
  });
});

describe('collectProject: input errors name the project', () => {
  it('prefixes the file of a broken component with the project directory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'runas-guard-broken-'));
    try {
      await cp(NORTHWIND, dir, { recursive: true });
      const file = 'force-app/main/default/connectedApps/Ledger_Export.connectedApp-meta.xml';
      await writeFile(join(dir, file), '<ConnectedApp><label>x</ConnectedApp>');
      const error = await collectProject(dir, { now: NOW }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ProjectError);
      expect((error as ProjectError).file).toBe(`${dir}/${file}`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('says when the directory is not a project, naming it once', async () => {
    const nope = join(NORTHWIND, 'nope');
    await expect(collectProject(nope)).rejects.toThrow(
      `${nope}: not an SFDX project: no directory there`,
    );
  });
});
