// `runas-guard preflight` (docs/preflight.md) through the CLI on a git repository the test builds
// from a copy of the Northwind project: one branch per change, each compared with `main`. Both sides
// are read from git objects: the working tree and HEAD are never touched.

import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import type { PreflightReport } from '../../src/preflight/index.js';
import { runCli } from '../helpers/cli.js';
import { NORTHWIND } from '../helpers/emulator.js';
import {
  branchChanges,
  gitProject,
  type GitProject,
  NORTHWIND_FILES,
} from '../helpers/git-project.js';
import { tempDir } from '../helpers/guard.js';
import { validateSarif } from '../helpers/validate-sarif.js';

const { SETS, STOREFRONT, UNHELD, MUTING } = NORTHWIND_FILES;

let built: GitProject;
let repo = '';
let project = '';
const env = (): NodeJS.ProcessEnv => built.env;
const git = (cwd: string, ...args: string[]): string => built.git(args, cwd);

async function preflight(...args: string[]) {
  return runCli(
    ['preflight', '--project', project, '--now', '2026-11-25T12:00:00Z', ...args],
    env(),
  );
}

async function preflightJson(...args: string[]) {
  const result = await preflight('--format', 'json', ...args);
  return { ...result, report: JSON.parse(result.stdout) as PreflightReport };
}

beforeAll(() => {
  built = gitProject(
    NORTHWIND,
    ['force-app', 'sfdx-project.json', 'runas-guard.yaml'],
    'preflight',
  );
  repo = built.repo;
  project = built.project;
  branchChanges(built, [
    'drop-edit',
    'relabel',
    'view-all',
    'mute-description',
    'ip-relax',
    'run-as',
  ]);
  built.branch('bad-xml', STOREFRONT, (t) => t.replace('<label>', '<label><unclosed>'));
}, 60_000);

describe('preflight on a git repository built by the test', () => {
  it('a change that removes Edit on an object an integration needs: exit 1, RG-0033 naming integration, permission, file and line', async () => {
    const head = git(repo, 'rev-parse', 'HEAD');
    const { code, report, stderr } = await preflightJson('--base', 'main', '--head', 'drop-edit');
    expect(stderr).toBe('');
    expect(code).toBe(1);
    expect(report.changedFiles).toEqual([STOREFRONT]);
    const breaks = report.findings.filter((f) => f.ruleId === 'RG-0033');
    expect(breaks).toHaveLength(1);
    const [finding] = breaks;
    expect(finding).toMatchObject({
      app: 'Storefront_Orders',
      severity: 'critical',
      status: 'fail',
      change: 'introduced',
      resource: { type: 'ManifestIntegration', name: 'storefront-orders' },
    });
    // The line of <allowEdit> in the Order entry of the head's file.
    const lines = readFileSync(join(project, STOREFRONT), 'utf8').split('\n');
    const orderLine = lines.findIndex((l) => l.includes('<object>Order</object>'));
    const editLine = lines.slice(0, orderLine).findLastIndex((l) => l.includes('<allowEdit>')) + 1;
    expect(finding?.evidence?.location).toEqual({ file: STOREFRONT, line: editLine });
    expect(finding?.message).toContain('storefront-orders');
    expect(finding?.message).toContain('Order edit');
    expect(finding?.message).toContain(`${STOREFRONT}:${editLine}`);
    expect(finding?.message).toContain('Storefront_Orders_Integration');
    // Nothing else was lost by any other integration.
    expect(report.integrations.filter((i) => i.lost.length > 0).map((i) => i.app)).toEqual([
      'Storefront_Orders',
    ]);
    // Northwind's failures at the base are listed as existing, never as the change's.
    const existing = report.findings.filter((f) => f.change === 'existing').map((f) => f.ruleId);
    // RG-0023 is waived by the manifest at both sides.
    expect(existing.sort()).toEqual(['RG-0011', 'RG-0017', 'RG-0023']);
    expect(
      report.findings
        .filter((f) => f.change === 'introduced')
        .map((f) => f.ruleId)
        .sort(),
    ).toEqual(['RG-0010', 'RG-0033']);
    // Git objects only: the working tree and HEAD are as they were.
    expect(git(repo, 'status', '--porcelain')).toBe('');
    expect(git(repo, 'rev-parse', 'HEAD')).toBe(head);
  });

  it('a muting set that mutes a declared field edit in the run-as user’s group: RG-0033 at the muting set’s line', async () => {
    const { code, report } = await preflightJson('--base', 'main', '--head', 'mute-description');
    expect(code).toBe(1);
    const breaks = report.findings.filter((f) => f.ruleId === 'RG-0033');
    expect(breaks.map((f) => f.app)).toEqual(['Supplier_Catalog']);
    expect(breaks[0]?.message).toContain('field Product2.Description edit');
    expect(breaks[0]?.message).toContain(
      'muted by Supplier_Catalog_Access_Muting in Supplier_Catalog_Access / ',
    );
    const lines = git(repo, 'show', `mute-description:northwind/${MUTING}`).split('\n');
    const field = lines.findIndex((l) => l.includes('<field>Product2.Description</field>'));
    expect(breaks[0]?.evidence?.location).toEqual({ file: MUTING, line: field });
    expect(lines[field - 1]).toContain('<editable>true</editable>');
  });

  it('a policy change the catalog judges (IP relaxation) is introduced, and fails at its severity', async () => {
    const { code, report } = await preflightJson('--base', 'main', '--head', 'ip-relax');
    const relaxed = report.findings.filter(
      (f) => f.ruleId === 'RG-0024' && f.app === 'Ledger_Export',
    );
    expect(relaxed).toHaveLength(1);
    expect(relaxed[0]).toMatchObject({ status: 'fail', severity: 'medium', change: 'introduced' });
    // medium is below the default threshold (high); --fail-on medium makes it the change's failure.
    expect(code).toBe(0);
    const strict = await preflight('--base', 'main', '--head', 'ip-relax', '--fail-on', 'medium');
    expect(strict.code).toBe(1);
    // RG-0011 is medium too, but it already fails at the base: the strict run fails on RG-0024 only.
    const same = await preflight('--base', 'main', '--head', 'relabel', '--fail-on', 'medium');
    expect(same.code).toBe(0);
  });

  it('a change of run-as user: the needs the new user lacks are lost, its other access gained', async () => {
    const { code, report } = await preflightJson('--base', 'main', '--head', 'run-as');
    expect(code).toBe(1);
    const ledger = report.integrations.find((i) => i.app === 'Ledger_Export');
    expect(ledger?.runAs).toEqual({
      base: 'ledger.integration@northwindtraders.com',
      head: 'storefront.integration@northwindtraders.com',
    });
    expect(ledger?.lost.map((c) => c.permission)).toContain('Opportunity read');
    expect(ledger?.gained.map((c) => c.permission)).toContain('Order edit');
    const rules = report.findings
      .filter((f) => f.app === 'Ledger_Export' && f.change === 'introduced')
      .map((f) => f.ruleId);
    expect(rules).toEqual(expect.arrayContaining(['RG-0033', 'RG-0034']));
    const text = await preflight('--base', 'main', '--head', 'run-as');
    expect(text.stdout).toContain(
      'run-as user ledger.integration@northwindtraders.com -> storefront.integration@northwindtraders.com',
    );
  });

  it('a commit that only relabels a permission set no run-as user holds: exit 0', async () => {
    const { code, report } = await preflightJson('--base', 'main', '--head', 'relabel');
    expect(code).toBe(0);
    expect(report.changedFiles).toEqual([UNHELD]);
    expect(report.summary.introduced).toBe(0);
    expect(report.integrations.every((i) => i.lost.length === 0 && i.gained.length === 0)).toBe(
      true,
    );
    const text = await preflight('--base', 'main', '--head', 'relabel');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Introduced by the change (0)');
    expect(text.stdout).toContain('PASS');
  });

  it('a commit that adds View All Data to a run-as user’s set: exit 1, RG-0034 at the line that grants it', async () => {
    const { code, report } = await preflightJson('--base', 'main', '--head', 'view-all');
    expect(code).toBe(1);
    const over = report.findings.filter((f) => f.ruleId === 'RG-0034');
    expect(over).toHaveLength(1);
    expect(over[0]).toMatchObject({
      app: 'Storefront_Orders',
      severity: 'high',
      change: 'introduced',
    });
    expect(over[0]?.message).toContain('system permission ViewAllData');
    const lines = readFileSync(join(project, STOREFRONT), 'utf8').split('\n');
    expect(lines.some((l) => l.includes('ViewAllData'))).toBe(false);
    const viewAll = git(repo, 'show', `view-all:northwind/${STOREFRONT}`)
      .split('\n')
      .findIndex((l) => l.includes('<name>ViewAllData</name>'));
    expect(over[0]?.evidence?.location).toEqual({ file: STOREFRONT, line: viewAll + 1 });
    // What View All Data implies (read on every object) is not listed grant by grant.
    const gained = report.integrations.find((i) => i.app === 'Storefront_Orders')?.gained ?? [];
    expect(gained.map((g) => g.permission)).toEqual(['system permission ViewAllData']);
  });

  it('SARIF of a preflight validates against SARIF 2.1.0 and points at the changed file and line', async () => {
    const { code, stdout } = await preflight(
      '--base',
      'main',
      '--head',
      'drop-edit',
      '--format',
      'sarif',
    );
    expect(code).toBe(1);
    const sarif = JSON.parse(stdout) as {
      runs: {
        results: {
          ruleId: string;
          locations: {
            physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } };
          }[];
        }[];
      }[];
    };
    expect(validateSarif(sarif)).toEqual([]);
    const result = sarif.runs[0]?.results.find((r) => r.ruleId === 'RG-0033');
    expect(result?.locations[0]?.physicalLocation.artifactLocation.uri).toContain(
      'Storefront_Orders_Integration.permissionset-meta.xml',
    );
    expect(result?.locations[0]?.physicalLocation.region?.startLine).toBeGreaterThan(1);
    // Existing failures are not the change's: only introduced ones are results.
    expect(sarif.runs[0]?.results.some((r) => r.ruleId === 'RG-0017')).toBe(false);
  });

  it('an integration whose run-as access is not declared: not-evaluated naming what to declare, exit 2 unless --allow-incomplete', async () => {
    const manifest = join(tempDir('preflight-manifest-'), 'runas-guard.yaml');
    const text = readFileSync(join(NORTHWIND, 'runas-guard.yaml'), 'utf8');
    const cut = text.replace(
      '    runAsAccess:\n      profile: Northwind Carrier Integration\n      permissionSets: [Carrier_Tracking_Integration]\n',
      '',
    );
    expect(cut).not.toBe(text);
    writeFileSync(manifest, cut);
    const strict = await preflightJson(
      '--base',
      'main',
      '--head',
      'relabel',
      '--manifest',
      manifest,
    );
    expect(strict.code).toBe(2);
    const carrier = strict.report.integrations.find((i) => i.app === 'Carrier_Tracking');
    expect(carrier?.status).toBe('not-evaluated');
    expect(carrier?.reason).toContain('carrier-tracking');
    expect(carrier?.reason).toContain('runAsAccess');
    // The others are evaluated on their own.
    expect(
      strict.report.integrations.filter((i) => i.status === 'evaluated').length,
    ).toBeGreaterThan(0);
    const allowed = await preflight(
      '--base',
      'main',
      '--head',
      'relabel',
      '--manifest',
      manifest,
      '--allow-incomplete',
    );
    expect(allowed.code).toBe(0);
  });
});

describe('preflight on bad input: exit 2, naming the ref and the path, nothing written', () => {
  it('a ref that does not exist', async () => {
    const { code, stderr, stdout } = await preflight('--base', 'no-such-branch');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('--base "no-such-branch"');
    expect(stderr).toContain('no such commit');
  });

  it('a ref that looks like an option', async () => {
    const { code, stderr } = await preflight('--base=--output=/tmp/x');
    expect(code).toBe(2);
    expect(stderr).toContain('not a git ref');
  });

  it('malformed XML on the head side only: names --head, the file and the line', async () => {
    const { code, stderr, stdout } = await preflight('--base', 'main', '--head', 'bad-xml');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/--head bad-xml \([0-9a-f]{12}\)/);
    expect(stderr).toMatch(new RegExp(`${STOREFRONT.replaceAll('.', '\\.')}:\\d+`));
  });

  it('the same malformed XML on the base side: names --base', async () => {
    const { code, stderr } = await preflight('--base', 'bad-xml', '--head', 'main');
    expect(code).toBe(2);
    expect(stderr).toMatch(/--base bad-xml \([0-9a-f]{12}\)/);
  });

  it('a repository without the project directory at the base', async () => {
    const other = join(tempDir('preflight-late-'), 'repo');
    mkdirSync(other, { recursive: true });
    git(other, 'init', '-q', '-b', 'main');
    const commit = (message: string) => {
      git(other, 'add', '.');
      git(
        other,
        '-c',
        'user.name=t',
        '-c',
        'user.email=t@example.com',
        'commit',
        '-q',
        '-m',
        message,
      );
    };
    writeFileSync(join(other, 'README.md'), 'before the project\n');
    commit('first');
    const proj = join(other, 'sfdc');
    cpSync(join(project, 'force-app'), join(proj, 'force-app'), { recursive: true });
    cpSync(join(project, 'sfdx-project.json'), join(proj, 'sfdx-project.json'));
    commit('project');
    const { code, stderr } = await runCli(
      ['preflight', '--project', proj, '--base', 'HEAD~1', '--allow-incomplete'],
      env(),
    );
    expect(code).toBe(2);
    expect(stderr).toContain('HEAD~1');
    expect(stderr).toContain('has no project directory sfdc');
  });

  it('a shallow clone missing the base: names the git fetch to run', async () => {
    const clone = join(tempDir('preflight-shallow-'), 'clone');
    git(repo, 'clone', '-q', '--depth', '1', '--branch', 'drop-edit', `file://${repo}`, clone);
    const { code, stderr } = await runCli(
      ['preflight', '--project', join(clone, 'northwind'), '--base', 'origin/main'],
      env(),
    );
    expect(code).toBe(2);
    expect(stderr).toContain('shallow clone');
    expect(stderr).toContain('git fetch --deepen=');
    expect(stderr).toContain('git fetch origin main');
  });

  it('a metadata file over the size cap on one side: names the side and the file, reads no blob', async () => {
    git(repo, 'checkout', '-q', '-b', 'huge', 'main');
    const file = `${SETS}/Huge.permissionset-meta.xml`;
    writeFileSync(
      join(project, file),
      `<PermissionSet>${' '.repeat(17 * 1024 * 1024)}</PermissionSet>`,
    );
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'huge');
    git(repo, 'checkout', '-q', 'main');
    const { code, stderr } = await preflight('--base', 'main', '--head', 'huge');
    expect(code).toBe(2);
    expect(stderr).toMatch(/--head huge \([0-9a-f]{12}\)/);
    expect(stderr).toContain('Huge.permissionset-meta.xml');
    expect(stderr).toContain('larger than');
  });

  it("the head's own runas-guard.yaml that does not parse: names --head and the manifest's path", async () => {
    git(repo, 'checkout', '-q', '-b', 'bad-yaml', 'main');
    writeFileSync(join(project, 'runas-guard.yaml'), 'integrations:\n  - name: [unclosed\n');
    git(repo, 'commit', '-q', '-am', 'bad yaml');
    git(repo, 'checkout', '-q', 'main');
    const { code, stderr, stdout } = await preflight('--base', 'main', '--head', 'bad-yaml');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/--head bad-yaml \([0-9a-f]{12}\)/);
    expect(stderr).toContain('northwind/runas-guard.yaml at bad-yaml');
  });

  it('a manifest that does not parse', async () => {
    const manifest = join(tempDir('preflight-bad-manifest-'), 'runas-guard.yaml');
    writeFileSync(manifest, 'integrations: [\n');
    const output = join(tempDir('preflight-out-'), 'report.json');
    const { code, stderr } = await preflight(
      '--base',
      'main',
      '--head',
      'relabel',
      '--manifest',
      manifest,
      '--output',
      output,
    );
    expect(code).toBe(2);
    expect(stderr).toContain(manifest);
    expect(() => readFileSync(output)).toThrow();
  });
});
