// The GitHub Action (action.yml) as shipped: its steps parsed from the file, and its script
// (scripts/ci/preflight.sh) run as the runner runs it, on a git repository the test builds from a
// copy of the Northwind project, with the environment GitHub sets (inputs, GITHUB_OUTPUT,
// GITHUB_STEP_SUMMARY). docs/ci.md documents the recipes.

import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';

import { PreflightReportSchema } from '../../src/model/preflight-report.js';
import { NORTHWIND } from '../helpers/emulator.js';
import { guard, tempDir } from '../helpers/guard.js';
import { type JsonSchema, validateJsonSchema } from '../helpers/validate-report.js';
import { validateSarif } from '../helpers/validate-sarif.js';

const ROOT = join(import.meta.dirname, '../..');
const SCRIPT = join(ROOT, 'scripts/ci/preflight.sh');
const STOREFRONT =
  'force-app/main/default/permissionsets/Storefront_Orders_Integration.permissionset-meta.xml';
const UNHELD = 'force-app/main/default/permissionsets/Price_Book_Override.permissionset-meta.xml';

interface Step {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  shell?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
}
interface Action {
  inputs: Record<string, { default?: string; description: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

let home = '';
let repo = '';
let bin = '';
let main = '';

/** The environment of a test run: nothing of the outer CI (GITHUB_*, INPUT_*) leaks in. */
function baseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env))
    if (!/^(GITHUB_|INPUT_|RUNAS_GUARD_)/.test(key)) env[key] = value;
  return {
    ...env,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: join(home, '.gitconfig'),
    HOME: home,
  };
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    env: baseEnv(),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

interface StepRun {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

/** Runs `preflight.sh MODE` in `cwd` as a step of the action: inputs as env, GitHub's files. */
function step(mode: 'run' | 'finish', cwd: string, env: Record<string, string>): StepRun {
  const dir = tempDir('ci-step-');
  const outputFile = join(dir, 'output');
  const summaryFile = join(dir, 'summary');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const result = spawnSync('bash', [SCRIPT, mode], {
    cwd,
    env: {
      ...baseEnv(),
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      RUNAS_GUARD_BIN: bin,
      ...env,
    },
    encoding: 'utf8',
    timeout: 120_000,
  });
  guard.outputs.push(
    { label: `stdout of preflight.sh ${mode}`, text: result.stdout },
    { label: `stderr of preflight.sh ${mode}`, text: result.stderr },
  );
  const outputs = Object.fromEntries(
    readFileSync(outputFile, 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  return {
    code: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    outputs,
    summary: readFileSync(summaryFile, 'utf8'),
  };
}

beforeAll(() => {
  home = tempDir('ci-home-');
  // The CLI from source, as the action runs bin/runas-guard.js from its built copy.
  bin = join(tempDir('ci-bin-'), 'runas-guard');
  const tsx = fileURLToPath(import.meta.resolve('tsx'));
  writeFileSync(
    bin,
    `#!/bin/sh\nexec '${process.execPath}' --import '${tsx}' '${join(ROOT, 'test/helpers/cli-entry.ts')}' "$@"\n`,
  );
  chmodSync(bin, 0o755);

  repo = join(tempDir('ci-repo-'), 'repo');
  const project = join(repo, 'northwind');
  mkdirSync(project, { recursive: true });
  git(repo, 'init', '-q', '-b', 'main');
  git(repo, 'config', 'user.name', 'CI Test');
  git(repo, 'config', 'user.email', 'ci@example.com');
  for (const entry of ['force-app', 'sfdx-project.json', 'runas-guard.yaml'])
    cpSync(join(NORTHWIND, entry), join(project, entry), { recursive: true });
  git(repo, 'add', '.');
  git(repo, 'commit', '-q', '-m', 'base');
  main = git(repo, 'rev-parse', 'HEAD');

  const change = (name: string, file: string, edit: (text: string) => string): void => {
    git(repo, 'checkout', '-q', '-b', name, 'main');
    const path = join(project, file);
    const before = readFileSync(path, 'utf8');
    const after = edit(before);
    expect(after, `${name} changes ${file}`).not.toBe(before);
    writeFileSync(path, after);
    git(repo, 'commit', '-q', '-am', name);
  };
  // Storefront_Orders declares Order edit; its only grant goes.
  change('drop-edit', STOREFRONT, (t) =>
    t.replace(/(<allowEdit>)true(<\/allowEdit>[\s\S]*?<object>Order<\/object>)/, '$1false$2'),
  );
  // A permission set no run-as user holds gets a new label.
  change('relabel', UNHELD, (t) =>
    t.replace('<label>Price Book Override</label>', '<label>Price Book Override (EMEA)</label>'),
  );
  git(repo, 'checkout', '-q', 'main');
}, 60_000);

describe('action.yml', () => {
  const action = parseYaml(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as Action;
  const steps = action.runs.steps;

  it('is a composite action with the inputs a pull request check needs', () => {
    expect(action.runs.using).toBe('composite');
    expect(Object.keys(action.inputs)).toEqual(
      expect.arrayContaining(['project', 'base', 'manifest', 'fail-on', 'formats', 'output-dir']),
    );
    expect(action.inputs.base?.default).toBe('${{ github.event.pull_request.base.sha }}');
    expect(action.inputs.formats?.default).toBe('sarif,markdown');
  });

  it('runs scripts that exist, and passes every input to them through the environment', () => {
    const script = readFileSync(SCRIPT, 'utf8');
    const runs = steps.filter((s) => s.run !== undefined);
    expect(runs.length).toBeGreaterThan(0);
    for (const s of runs) {
      // Expressions in a script's text are code injection: values go through env.
      expect(s.run, s.name).not.toContain('${{');
      for (const [, path] of (s.run ?? '').matchAll(/"\$GITHUB_ACTION_PATH\/([^"]+)"/g))
        expect(existsSync(join(ROOT, path ?? '')), `${s.name ?? ''}: ${path ?? ''}`).toBe(true);
      for (const name of Object.keys(s.env ?? {}))
        expect(script, `${name} is read by the script`).toContain(name);
    }
    const run = steps.find((s) => s.id === 'preflight');
    expect(run?.run).toContain('scripts/ci/preflight.sh" run');
    for (const input of Object.keys(action.inputs).filter(
      (i) => !['upload-sarif', 'node-version'].includes(i),
    ))
      expect(run?.env?.[`INPUT_${input.toUpperCase().replace(/-/g, '_')}`]).toBe(
        `\${{ inputs.${input} }}`,
      );
  });

  it('uploads the SARIF whatever the verdict, then exits with preflight’s code', () => {
    const upload = steps.findIndex((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
    expect(upload).toBeGreaterThan(-1);
    expect(steps[upload]?.if).toMatch(/^always\(\)/);
    expect(steps[upload]?.with?.sarif_file).toBe('${{ steps.preflight.outputs.sarif }}');
    const last = steps.at(-1);
    expect(last?.if).toBe('always()');
    expect(last?.run).toContain('scripts/ci/preflight.sh" finish');
    expect(last?.env?.RUNAS_GUARD_EXIT_CODE).toBe('${{ steps.preflight.outputs.exit-code }}');
    expect(steps.findIndex((s) => s.id === 'preflight')).toBeLessThan(upload);
  });
});

describe('scripts/ci/preflight.sh on a pull request', () => {
  const inputs = (extra: Record<string, string> = {}) => ({
    INPUT_PROJECT: 'northwind',
    INPUT_BASE: main,
    INPUT_FORMATS: 'sarif,markdown',
    INPUT_OUTPUT_DIR: 'out',
    ...extra,
  });

  it('a breaking change: SARIF with the file and line, the Markdown in the summary, the job fails', () => {
    git(repo, 'checkout', '-q', 'drop-edit');
    const run = step('run', repo, inputs({ INPUT_FORMATS: 'sarif,markdown,json' }));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0); // the upload step must still run
    expect(run.outputs['exit-code']).toBe('1');
    expect(run.outputs.sarif).toBe('out/runas-guard.sarif');
    expect(run.outputs.markdown).toBe('out/runas-guard.md');

    const sarif = JSON.parse(readFileSync(join(repo, 'out/runas-guard.sarif'), 'utf8')) as {
      runs: {
        results: {
          ruleId: string;
          locations: {
            physicalLocation?: {
              artifactLocation: { uri: string; uriBaseId: string };
              region?: { startLine: number };
            };
          }[];
        }[];
      }[];
    };
    expect(validateSarif(sarif)).toEqual([]);
    const breaks = sarif.runs[0]?.results.filter((r) => r.ruleId === 'RG-0033') ?? [];
    expect(breaks).toHaveLength(1);
    const location = breaks[0]?.locations[0]?.physicalLocation;
    // Repository-relative, as code scanning resolves it from the checkout.
    expect(location?.artifactLocation).toEqual({
      uri: `northwind/${STOREFRONT}`,
      uriBaseId: '%SRCROOT%',
    });
    expect(location?.region?.startLine).toBeGreaterThan(0);

    const markdown = readFileSync(join(repo, 'out/runas-guard.md'), 'utf8');
    expect(markdown.split('\n')[0]).toBe('## ❌ runas-guard preflight: FAIL');
    expect(markdown).toContain('RG-0033');
    expect(run.summary).toBe(markdown);
    // The text report is in the log.
    expect(run.stdout).toContain('RG-0033 preflight-breaks-integration');
    expect(run.stdout).toContain('FAIL: the change introduces findings');
    expect(run.stdout).toContain('runas-guard preflight exited 1');

    // The JSON report matches the published schema and the zod schema it is generated from.
    const report = JSON.parse(readFileSync(join(repo, 'out/runas-guard.json'), 'utf8')) as unknown;
    const schema = JSON.parse(
      readFileSync(join(ROOT, 'docs/schemas/preflight.schema.json'), 'utf8'),
    ) as JsonSchema;
    expect(validateJsonSchema(schema, report)).toEqual([]);
    const parsed = PreflightReportSchema.parse(report);
    expect(parsed.integrations.find((i) => i.app === 'Storefront_Orders')?.lost).toHaveLength(1);
    // The schema can refuse: a finding without its change, a lost need without its permission.
    const broken = structuredClone(parsed) as unknown as {
      findings: Record<string, unknown>[];
      integrations: { lost: Record<string, unknown>[] }[];
    };
    delete broken.findings[0]?.change;
    for (const i of broken.integrations) for (const l of i.lost) delete l.permission;
    expect(validateJsonSchema(schema, broken).sort()).toEqual([
      '(root).findings.0: missing change',
      expect.stringMatching(/^\(root\)\.integrations\.\d+\.lost\.0: missing permission$/),
    ]);

    const finish = step('finish', repo, { RUNAS_GUARD_EXIT_CODE: run.outputs['exit-code'] ?? '' });
    expect(finish.code).toBe(1);
  }, 120_000);

  it('a harmless change: a passing summary, the job passes', () => {
    git(repo, 'checkout', '-q', 'relabel');
    const run = step('run', repo, inputs({ INPUT_FORMATS: 'sarif, markdown, junit' }));
    expect(run.stderr).toBe('');
    expect(run.outputs['exit-code']).toBe('0');
    expect(
      validateSarif(JSON.parse(readFileSync(join(repo, 'out/runas-guard.sarif'), 'utf8'))),
    ).toEqual([]);
    expect(existsSync(join(repo, 'out/runas-guard.junit.xml'))).toBe(true);
    expect(run.summary.split('\n')[0]).toBe('## ✅ runas-guard preflight: PASS');
    expect(run.summary).toBe(readFileSync(join(repo, 'out/runas-guard.md'), 'utf8'));
    expect(step('finish', repo, { RUNAS_GUARD_EXIT_CODE: '0' }).code).toBe(0);
  }, 120_000);

  it('a base that does not exist: exit 2, no stale report from an earlier run, a summary that says so', () => {
    git(repo, 'checkout', '-q', 'drop-edit');
    expect(existsSync(join(repo, 'out/runas-guard.sarif'))).toBe(true);
    const run = step('run', repo, inputs({ INPUT_BASE: 'no-such-branch' }));
    expect(run.outputs['exit-code']).toBe('2');
    expect(run.stderr).toContain('no-such-branch');
    expect(run.outputs.sarif).toBeUndefined();
    expect(existsSync(join(repo, 'out/runas-guard.sarif'))).toBe(false);
    expect(run.summary).toContain('runas-guard preflight: exit 2');
    expect(step('finish', repo, { RUNAS_GUARD_EXIT_CODE: '2' }).code).toBe(2);
  }, 120_000);

  it('a shallow checkout (actions/checkout’s default) fetches the base from origin', () => {
    const clone = join(tempDir('ci-clone-'), 'clone');
    git(repo, 'clone', '-q', '--depth', '1', '--branch', 'drop-edit', `file://${repo}`, clone);
    expect(() => git(clone, 'cat-file', '-e', `${main}^{commit}`)).toThrow();
    const run = step('run', clone, inputs());
    expect(run.outputs['exit-code']).toBe('1');
    expect(run.summary).toContain('RG-0033');
  }, 120_000);

  it('no base, or no recorded exit code, is exit 2 with a message', () => {
    const run = step('run', repo, inputs({ INPUT_BASE: '' }));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no base ref');
    const flag = step('run', repo, inputs({ INPUT_BASE: '--output=/tmp/x' }));
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("a ref cannot start with '-'");
    const finish = step('finish', repo, { RUNAS_GUARD_EXIT_CODE: '' });
    expect(finish.code).toBe(2);
    expect(finish.stderr).toContain('did not record an exit code');
  });
});
