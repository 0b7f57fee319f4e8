// The API version a command is given (the sf plugin's `--api-version`, passed to the standalone
// command runners as `apiVersion`) is the one its requests use: every REST and Tooling request of
// doctor and of preflight's live collection goes to /services/data/vXX.X of that version, and the
// token comes from the env the caller hands over, not from this process's.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import { runDoctorCommand } from '../../src/cli/commands/doctor.js';
import { runPreflightCommand } from '../../src/cli/commands/preflight.js';
import { fixedClock } from '../../src/util/clock.js';
import { NORTHWIND, serveFixture } from '../helpers/emulator.js';
import { branchChanges, gitProject, type GitProject } from '../helpers/git-project.js';
import { tempDir } from '../helpers/guard.js';

const NOW = '2026-11-25T12:00:00.000Z';

/** The versions of the /services/data/vXX.X/… requests logged since `from`. */
const versionsSince = (log: readonly { path: string }[], from: number): string[] => [
  ...new Set(
    log
      .slice(from)
      .map((entry) => /^\/services\/data\/v(\d+\.\d+)\//.exec(entry.path)?.[1])
      .filter((v): v is string => v !== undefined),
  ),
];

describe('apiVersion on doctor and preflight', () => {
  const org = serveFixture(NORTHWIND, { clock: fixedClock(new Date(NOW)) });
  let repo: GitProject;
  let manifestFile = '';

  beforeAll(() => {
    repo = gitProject(NORTHWIND, ['force-app', 'sfdx-project.json'], 'api-version');
    branchChanges(repo, ['drop-edit']);
    // Without runAsAccess the access comes from the org (as test/e2e/preflight-live.test.ts).
    const text = readFileSync(join(NORTHWIND, 'runas-guard.yaml'), 'utf8');
    manifestFile = join(tempDir('api-version-'), 'runas-guard.yaml');
    writeFileSync(manifestFile, text.replace(/^ {4}runAsAccess:\n(?: {6}.*\n)+/gm, ''));
  }, 60_000);

  it('doctor sends every data request under the version it is given, and under 62.0 without one', async () => {
    const running = await org;
    const log = running.emulator.state.log;
    const env = { SF_ACCESS_TOKEN: running.accessToken };
    const quiet = () => undefined;
    for (const [apiVersion, expected] of [
      ['60.0', '60.0'],
      [undefined, '62.0'],
    ] as const) {
      const before = log.length;
      const code = await runDoctorCommand(
        undefined,
        {
          instanceUrl: running.instanceUrl,
          format: 'json',
          ...(apiVersion === undefined ? {} : { apiVersion }),
        },
        env,
        quiet,
      );
      expect(code).toBe(0);
      expect(versionsSince(log, before)).toEqual([expected]);
    }
  });

  it("preflight's live collection uses the version and the token of the env it is handed", async () => {
    const running = await org;
    const log = running.emulator.state.log;
    const before = log.length;
    const dir = tempDir('api-version-out-');
    const { exitCode } = await runPreflightCommand(
      {
        project: repo.project,
        base: 'main',
        head: 'drop-edit',
        manifest: manifestFile,
        now: NOW,
        format: 'json',
        output: join(dir, 'preflight.json'),
        instanceUrl: running.instanceUrl,
        apiVersion: '61.0',
      },
      { SF_ACCESS_TOKEN: running.accessToken },
    );
    expect(exitCode).toBe(1);
    expect(log.length).toBeGreaterThan(before);
    expect(versionsSince(log, before)).toEqual(['61.0']);
  });
});
