// `runas-guard suggest` through the real CLI (docs/suggest.md). On a copy of the demo org served by
// the emulator, the project plus the live org: for Warehouse_Scanner (RG-0010 fails: its run-as user
// lacks ApiEnabled), Partner_Portal_Sync (RG-0038 fails: the wrong set is pre-authorized),
// Freight_Billing (RG-0011 fails: a System Administrator) and Customs_Broker (an External Client App
// that passes all three), suggest writes a permission set and the app's policy file; the test applies
// the files and the JSON report's steps to the fixture (deploy, assign the new set, remove the old
// grants, change the profile, declare the new access) and serves the result: RG-0010, RG-0011 and
// RG-0038 pass for each app, pre-authorized through the new set, live and in project mode. Bad input
// is exit 2 and a collection failure exit 3, with nothing written.

import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';

import { runAudit } from '../../src/audit/run-audit.js';
import { loadManifest } from '../../src/manifest/load.js';
import type { AuditReport, Finding } from '../../src/model/finding.js';
import { runCli } from '../helpers/cli.js';
import { DEMO_ORG, liveSource, serveFixture } from '../helpers/emulator.js';
import { tempDir } from '../helpers/guard.js';

const NOW = '2026-11-25T12:00:00.000Z';
const META = 'force-app/main/default';
const RULES = ['RG-0010', 'RG-0011', 'RG-0038'] as const;
const APPS = ['Warehouse_Scanner', 'Partner_Portal_Sync', 'Freight_Billing', 'Customs_Broker'];

interface Step {
  action: string;
  username?: string;
  permissionSet?: string;
  container?: string;
  to?: string;
  licence?: string;
  integration?: string;
  runAsAccess?: Record<string, unknown>;
}

interface SuggestJson {
  app: { name: string };
  permissionSet: { name: string; license?: string };
  current: {
    evaluated: boolean;
    beyond?: { grant: string; via: string[] }[];
    missing?: string[];
  };
  steps: Step[];
  notes: string[];
  files: { path: string; origin: string; from?: string }[];
}

interface TreeRecord {
  attributes: { type: string; referenceId: string };
  [key: string]: unknown;
}

function readTree(file: string): { records: TreeRecord[] } {
  return JSON.parse(readFileSync(file, 'utf8')) as { records: TreeRecord[] };
}

function findingOf(report: AuditReport, ruleId: string, app: string): Finding | undefined {
  return report.findings.find((f) => f.ruleId === ruleId && f.app === app);
}

async function liveAudit(dir: string): Promise<AuditReport> {
  const running = await serveFixture(dir);
  const { report } = await runAudit({
    source: { kind: 'live', source: liveSource(running.instanceUrl, running.accessToken) },
    manifest: await loadManifest(join(dir, 'runas-guard.yaml')),
  });
  return report;
}

/** Applies one suggestion to the org fixture at `org`: its files, then its steps. */
function apply(org: string, out: string, s: SuggestJson): void {
  for (const file of s.files) {
    const text = readFileSync(join(out, file.path), 'utf8');
    // The project's own file when suggest updated one, else the type's folder of the package.
    writeFileSync(join(org, file.from ?? join(META, file.path)), text);
  }
  const psaFile = join(org, 'data/PermissionSetAssignment.json');
  const psa = readTree(psaFile);
  const pslFile = join(org, 'data/PermissionSetLicenseAssignment.json');
  const psl = readTree(pslFile);
  const usersFile = join(org, 'data/User.json');
  const users = readTree(usersFile);
  const manifestFile = join(org, 'runas-guard.yaml');
  const manifest = parse(readFileSync(manifestFile, 'utf8')) as {
    integrations: { name: string; runAsAccess?: unknown }[];
  };
  const assignee = (r: TreeRecord) => (r.Assignee as { Username: string }).Username;
  let n = 0;
  for (const step of s.steps) {
    n += 1;
    const ref = `${s.app.name}Step${String(n)}`;
    switch (step.action) {
      case 'assign-permission-set':
        psa.records.push({
          attributes: { type: 'PermissionSetAssignment', referenceId: ref },
          Assignee: { Username: step.username },
          PermissionSet: { Name: step.permissionSet },
        });
        break;
      case 'unassign-permission-set':
        psa.records = psa.records.filter(
          (r) =>
            !(
              assignee(r) === step.username &&
              (r.PermissionSet as { Name?: string } | undefined)?.Name === step.container
            ),
        );
        break;
      case 'unassign-permission-set-group':
        psa.records = psa.records.filter(
          (r) =>
            !(
              assignee(r) === step.username &&
              (r.PermissionSetGroup as { DeveloperName?: string } | undefined)?.DeveloperName ===
                step.container
            ),
        );
        break;
      case 'change-profile':
        for (const user of users.records)
          if (user.Username === step.username) user.Profile = { Name: step.to };
        break;
      case 'assign-permission-set-license':
        if (!psl.records.some((r) => assignee(r) === step.username))
          psl.records.push({
            attributes: { type: 'PermissionSetLicenseAssignment', referenceId: ref },
            Assignee: { Username: step.username },
            PermissionSetLicense: { DeveloperName: step.licence },
          });
        break;
      case 'update-manifest': {
        const entry = manifest.integrations.find((i) => i.name === step.integration);
        if (entry === undefined) throw new Error(`no integration ${String(step.integration)}`);
        entry.runAsAccess = step.runAsAccess;
        break;
      }
      default:
    }
  }
  writeFileSync(psaFile, JSON.stringify(psa, null, 2));
  writeFileSync(pslFile, JSON.stringify(psl, null, 2));
  writeFileSync(usersFile, JSON.stringify(users, null, 2));
  writeFileSync(manifestFile, stringify(manifest));
}

describe('suggest on a copy of the demo org, applied and audited again', async () => {
  // Not a guarded temp dir: the copy holds the demo's client secrets (emulator.json), as the demo does.
  const copy = mkdtempSync(join(tmpdir(), 'rg-suggest-'));
  afterAll(() => {
    rmSync(copy, { recursive: true, force: true });
  });
  const org = join(copy, 'org');
  cpSync(DEMO_ORG, org, { recursive: true });
  const before = await liveAudit(org);
  const running = await serveFixture(org);
  const env = { SF_ACCESS_TOKEN: running.accessToken };

  const suggestions = new Map<string, { out: string; json: SuggestJson }>();
  for (const app of APPS) {
    const out = tempDir('rg-suggest-out-');
    const result = await runCli(
      [
        'suggest',
        ...['--app', app, '--out', out, '--project', org, '--instance-url', running.instanceUrl],
        ...['--manifest', join(org, 'runas-guard.yaml'), '--format', 'json'],
      ],
      env,
    );
    expect(result.stderr).toBe('');
    expect(result.code, app).toBe(0);
    suggestions.set(app, { out, json: JSON.parse(result.stdout) as SuggestJson });
  }
  const of = (app: string) => {
    const s = suggestions.get(app);
    if (s === undefined) throw new Error(`no suggestion for ${app}`);
    return s;
  };

  it('starts from RG-0010, RG-0038 and RG-0011 failing for the first three apps', () => {
    expect(findingOf(before, 'RG-0010', 'Warehouse_Scanner')?.status).toBe('fail');
    expect(findingOf(before, 'RG-0038', 'Partner_Portal_Sync')?.status).toBe('fail');
    expect(findingOf(before, 'RG-0011', 'Freight_Billing')?.status).toBe('fail');
    for (const rule of RULES)
      expect(findingOf(before, rule, 'Customs_Broker')?.status).toBe('pass');
  });

  it('writes the set and updates the project policy file of each app', () => {
    for (const app of APPS) {
      const { out, json } = of(app);
      const set = `${app}_Least_Privilege`;
      expect(json.permissionSet.name).toBe(set);
      // Every one of these run-as users has the Salesforce Integration licence but the admin.
      expect(json.permissionSet.license).toBe(
        app === 'Freight_Billing' ? undefined : 'Salesforce API Integration',
      );
      expect(json.files.map((f) => [f.path, f.origin])).toEqual([
        [`permissionsets/${set}.permissionset-meta.xml`, 'created'],
        [
          app === 'Customs_Broker'
            ? 'extlClntAppOauthPolicies/Customs_Broker_oauthPlcy.ecaOauthPlcy-meta.xml'
            : `connectedApps/${app}.connectedApp-meta.xml`,
          'updated',
        ],
      ]);
      expect(readdirSync(out).sort()).toEqual(
        app === 'Customs_Broker'
          ? ['extlClntAppOauthPolicies', 'permissionsets']
          : ['connectedApps', 'permissionsets'],
      );
    }
  });

  it('names what each run-as user holds beyond the needs, and the containers to remove', () => {
    const billing = of('Freight_Billing').json;
    expect(billing.current.evaluated).toBe(true);
    expect(billing.current.beyond).toContainEqual({
      grant: 'ModifyAllData',
      via: ['profile System Administrator'],
    });
    expect(billing.current.beyond).toContainEqual({
      grant: 'TwoFactorApi',
      via: ['permission set API_Login_MFA'],
    });
    expect(billing.steps.map((s) => [s.action, s.container ?? s.to])).toEqual(
      expect.arrayContaining([
        ['unassign-permission-set', 'API_Login_MFA'],
        ['change-profile', 'Minimum Access - API Only Integrations'],
      ]),
    );
    expect(billing.notes.join('\n')).toContain('also the run-as user of Rate_Quotes (RG-0022)');
    expect(of('Warehouse_Scanner').json.current).toMatchObject({
      beyond: [],
      missing: ['system permission ApiEnabled', 'system permission ApiUserOnly'],
    });
    const customs = of('Customs_Broker').json;
    expect(customs.current.beyond).toEqual([]);
    expect(customs.steps.map((s) => [s.action, s.container ?? s.permissionSet])).toEqual([
      ['deploy', undefined],
      ['assign-permission-set-license', undefined],
      ['assign-permission-set', 'Customs_Broker_Least_Privilege'],
      ['unassign-permission-set', 'Customs_Broker_Integration'],
      ['update-manifest', undefined],
      ['verify', undefined],
    ]);
  });

  it('from the live org alone, rebuilds the policy file from the collected facts and says so', async () => {
    const out = tempDir('rg-suggest-live-');
    const result = await runCli(
      [
        ...['suggest', '--app', 'Partner_Portal_Sync', '--out', out],
        ...['--instance-url', running.instanceUrl, '--manifest', join(org, 'runas-guard.yaml')],
      ],
      env,
    );
    expect(result.code).toBe(0);
    // The text is wrapped at 100 columns.
    const text = result.stdout.replace(/\s+/g, ' ');
    expect(text).toContain(
      'connectedApps/Partner_Portal_Sync.connectedApp-meta.xml (rebuilt from the collected facts: merge into the retrieved file before deploying)',
    );
    expect(text).toContain(
      'Remove the permission set Partner_Portal_Sync_Integration from portal.integration@acme-logistics.example',
    );
    const rebuilt = readFileSync(
      join(out, 'connectedApps/Partner_Portal_Sync.connectedApp-meta.xml'),
      'utf8',
    );
    expect(rebuilt).toContain('Rebuilt by runas-guard suggest from what the audit collected');
    expect(rebuilt).toContain(
      '<permissionSetName>Partner_Portal_Reviewer</permissionSetName>\n    <permissionSetName>Partner_Portal_Sync_Least_Privilege</permissionSetName>',
    );
    expect(rebuilt).toContain(
      '<oauthClientCredentialUser>portal.integration@acme-logistics.example</oauthClientCredentialUser>',
    );
  });

  it('once applied, RG-0010, RG-0011 and RG-0038 pass for each app through the new set', async () => {
    for (const app of APPS) apply(org, of(app).out, of(app).json);
    // Rate_Quotes shares Freight_Billing's user (the suggestion's note): it moves to a user of its
    // own, so its entry no longer declares the old profile for that user.
    const manifestFile = join(org, 'runas-guard.yaml');
    const manifest = parse(readFileSync(manifestFile, 'utf8')) as {
      integrations: { app: string; runAsAccess?: unknown }[];
    };
    for (const entry of manifest.integrations)
      if (entry.app === 'Rate_Quotes') delete entry.runAsAccess;
    writeFileSync(manifestFile, stringify(manifest));
    const after = await liveAudit(org);
    const project = await runAudit({
      source: { kind: 'project', dir: org },
      manifest: await loadManifest(join(org, 'runas-guard.yaml')),
      now: NOW,
    });
    for (const [mode, report] of [
      ['live', after],
      ['project', project.report],
    ] as const)
      for (const app of APPS) {
        for (const rule of RULES)
          expect(findingOf(report, rule, app)?.status, `${mode} ${rule} ${app}`).toBe('pass');
        expect(findingOf(report, 'RG-0038', app)?.message).toContain(
          `through the permission set ${app}_Least_Privilege`,
        );
      }
  });
});

describe('suggest refuses what it cannot do, and writes nothing', () => {
  const manifest = join(DEMO_ORG, 'runas-guard.yaml');
  const project = ['--project', DEMO_ORG, '--manifest', manifest];

  it('an unknown app is exit 2 with a near miss', async () => {
    const out = join(tempDir('rg-suggest-bad-'), 'out');
    const result = await runCli(['suggest', '--app', 'Freight_Biling', '--out', out, ...project]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'no integration declares the app Freight_Biling (did you mean Freight_Billing?)',
    );
    expect(existsSync(out)).toBe(false);
  });

  it('without a manifest there is nothing to grant: exit 2 before anything is collected', async () => {
    const out = join(tempDir('rg-suggest-bad-'), 'out');
    const result = await runCli([
      'suggest',
      '--app',
      'Fleet_Telematics',
      '--out',
      out,
      '--project',
      DEMO_ORG,
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('give --manifest FILE');
    expect(existsSync(out)).toBe(false);
  });

  it('an app the manifest does not declare is exit 2 naming what to declare', async () => {
    const out = join(tempDir('rg-suggest-bad-'), 'out');
    const result = await runCli([
      'suggest',
      '--app',
      'Carrier_Scorecard',
      '--out',
      out,
      ...project,
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('add an entry with app: Carrier_Scorecard and its needs');
    expect(existsSync(out)).toBe(false);
  });

  it('existing files are kept unless --force; with it they are replaced', async () => {
    const out = tempDir('rg-suggest-force-');
    const args = ['suggest', '--app', 'Fleet_Telematics', '--out', out, ...project];
    expect((await runCli(args)).code).toBe(0);
    const policy = join(
      out,
      'extlClntAppOauthPolicies/Fleet_Telematics_oauthPlcy.ecaOauthPlcy-meta.xml',
    );
    const set = join(out, 'permissionsets/Fleet_Telematics_Least_Privilege.permissionset-meta.xml');
    writeFileSync(set, 'mine');
    const again = await runCli(args);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exist: nothing was written; pass --force to replace');
    expect(readFileSync(set, 'utf8')).toBe('mine');
    expect(readFileSync(policy, 'utf8')).toContain(
      '<commaSeparatedPermissionSet>Fleet_Telematics_Integration,Fleet_Telematics_Least_Privilege</commaSeparatedPermissionSet>',
    );
    expect((await runCli([...args, '--force'])).code).toBe(0);
    expect(readFileSync(set, 'utf8')).toContain('<label>Fleet Telematics Least Privilege</label>');
  });

  it('a name taken by another set in the source is exit 2', async () => {
    const out = join(tempDir('rg-suggest-bad-'), 'out');
    const result = await runCli([
      ...['suggest', '--app', 'Fleet_Telematics', '--out', out, ...project],
      ...['--name', 'Dock_Scheduling_Integration'],
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'a permission set named Dock_Scheduling_Integration already exists in the source with other permissions (held by dock.integration@acme-logistics.example)',
    );
    expect(existsSync(out)).toBe(false);
  });

  it('a forbidden read of the run-as users’ assignments is exit 3', async () => {
    const running = await serveFixture(DEMO_ORG, {
      faults: [
        {
          path: '/query$',
          query: 'FROM PermissionSetAssignment',
          status: 403,
          jsonBody: [{ errorCode: 'INSUFFICIENT_ACCESS', message: 'insufficient access rights' }],
        },
      ],
    });
    const out = join(tempDir('rg-suggest-bad-'), 'out');
    const result = await runCli(
      [
        ...['suggest', '--app', 'Fleet_Telematics', '--out', out],
        ...['--instance-url', running.instanceUrl, '--manifest', manifest],
      ],
      { SF_ACCESS_TOKEN: running.accessToken },
    );
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('could not collect access: rest.query.PermissionSetAssignment');
    expect(existsSync(out)).toBe(false);
  });
});
