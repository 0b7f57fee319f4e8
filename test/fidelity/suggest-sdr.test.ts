// `runas-guard suggest` writes deployable source: source-deploy-retrieve 12 (the library behind
// `sf project deploy`, pinned to the version the CLI bundles) resolves the suggested permission set
// and the updated External Client App policy file in a copy of the demo project, and converts the
// project to metadata format; our project reader (`audit --project`, built binary) reads the
// converted project back, and with the manifest declaring the new set, RG-0010, RG-0011 and RG-0038
// pass for the app, pre-authorized through it.

import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ComponentSet, MetadataConverter } from '@salesforce/source-deploy-retrieve';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createSfHome, REPO_ROOT, runRunasGuard, type SfHome } from './harness.js';

const APP = 'Customs_Broker';
const SET = `${APP}_Least_Privilege`;
const NOW = '2026-11-25T12:00:00Z';

interface Finding {
  ruleId: string;
  app?: string;
  status: string;
  message: string;
}

describe('suggest output through source-deploy-retrieve 12', () => {
  let home: SfHome;
  let tmp: string;
  let org: string;

  beforeAll(async () => {
    home = await createSfHome();
    tmp = await mkdtemp(join(tmpdir(), 'rg-fidelity-suggest-'));
    org = join(tmp, 'org');
    await cp(join(REPO_ROOT, 'demo/org'), org, { recursive: true });
  });
  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
    await home.remove();
  });

  it('resolves and converts the suggested files; the project reader reads them back', async () => {
    const pkg = join(org, 'force-app/main/default');
    const manifest = join(org, 'runas-guard.yaml');
    // --out is the package directory itself: the policy file is the project's own, replaced.
    const suggested = await runRunasGuard(home, [
      ...['suggest', '--app', APP, '--out', pkg, '--project', org, '--manifest', manifest],
      ...['--force', '--now', NOW],
    ]);
    expect(suggested.stderr).toBe('');
    expect(suggested.exitCode).toBe(0);

    const set = ComponentSet.fromSource(join(org, 'force-app'));
    const names = set
      .getSourceComponents()
      .toArray()
      .map((c) => `${c.type.name}:${c.fullName}`);
    expect(names).toContain(`PermissionSet:${SET}`);
    expect(names).toContain(`ExtlClntAppOauthConfigurablePolicies:${APP}_oauthPlcy`);

    const mdapi = join(tmp, 'converted', 'src');
    await new MetadataConverter().convert(set, 'metadata', {
      type: 'directory',
      outputDirectory: mdapi,
      genUniqueDir: false,
    });
    const converted = await readFile(join(mdapi, `permissionsets/${SET}.permissionset`), 'utf8');
    expect(converted).toContain('<license>Salesforce API Integration</license>');
    const policy = await readFile(
      join(mdapi, `extlClntAppOauthPolicies/${APP}_oauthPlcy.ecaOauthPlcy`),
      'utf8',
    );
    expect(policy).toContain(
      `<commaSeparatedPermissionSet>Customs_Broker_Integration,${SET}</commaSeparatedPermissionSet>`,
    );

    // The converted tree as a metadata-format project, and the manifest declaring the new set.
    const project = join(tmp, 'converted');
    await writeFile(
      join(project, 'sfdx-project.json'),
      JSON.stringify({ packageDirectories: [{ path: 'src' }] }),
    );
    const declared = join(tmp, 'runas-guard.yaml');
    const text = await readFile(manifest, 'utf8');
    expect(text).toContain('permissionSets: [Customs_Broker_Integration]');
    await writeFile(
      declared,
      text.replace('permissionSets: [Customs_Broker_Integration]', `permissionSets: [${SET}]`),
    );
    const audit = await runRunasGuard(home, [
      ...['audit', '--project', project, '--manifest', declared, '--format', 'json'],
      ...['--now', NOW],
    ]);
    expect(audit.exitCode, audit.stderr).toBe(1); // the demo's other planted faults
    const report = JSON.parse(audit.stdout) as { findings: Finding[] };
    for (const rule of ['RG-0010', 'RG-0011', 'RG-0038']) {
      const finding = report.findings.find((f) => f.ruleId === rule && f.app === APP);
      expect(finding?.status, rule).toBe('pass');
    }
    expect(report.findings.find((f) => f.ruleId === 'RG-0038' && f.app === APP)?.message).toContain(
      `through the permission set ${SET}`,
    );
  });
});
