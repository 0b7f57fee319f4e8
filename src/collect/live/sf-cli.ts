// `--target-org ALIAS`: the org's instance URL and access token from the Salesforce CLI the user
// already logged in with. `sf org display` redacts the token in recent versions, so the token comes
// from `sf org auth show-access-token` (checked against the pinned CLI in test/fidelity/README.md).
// `sf` is spawned from PATH without a shell; its stdout never reaches a message (it holds the token).

import { execFile } from 'node:child_process';

import { isRecord, text } from '../normalize/values.js';
import { CollectError } from '../errors.js';

export interface SfCliOptions {
  /** The command to run (default `sf`, looked up on the PATH of `env`). */
  command?: string;
  env: Readonly<Record<string, string | undefined>>;
  timeoutMs?: number;
}

const MAX_OUTPUT = 4 * 1024 * 1024;

/** Runs `sf <args> --json` and returns its `result`; every failure is a CollectError (exit 3). */
export async function runSfJson(
  args: readonly string[],
  options: SfCliOptions,
): Promise<Record<string, unknown>> {
  const command = options.command ?? 'sf';
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(options.env)) if (value !== undefined) env[key] = value;
  // No update check or prompt in a non-interactive run. Nothing that unhides secrets is set.
  env.SF_SKIP_NEW_VERSION_CHECK = 'true';
  env.SF_AUTOUPDATE_DISABLE = 'true';

  const { stdout, error } = await new Promise<{
    stdout: string;
    error: (Error & { code?: unknown }) | null;
  }>((resolve) => {
    execFile(
      command,
      [...args, '--json'],
      {
        env,
        maxBuffer: MAX_OUTPUT,
        timeout: options.timeoutMs ?? 120_000,
        windowsHide: true,
        shell: false,
      },
      (err, out) => {
        resolve({ stdout: out, error: err });
      },
    );
  });
  const what = `sf ${args.slice(0, 3).join(' ')}`;
  if (error?.code === 'ENOENT') {
    throw new CollectError(
      'SF_CLI_MISSING',
      `The Salesforce CLI (sf) is not on PATH; it is needed for --target-org`,
      {
        hints: [
          'Install it (npm install --global @salesforce/cli) and log in with sf org login web, or',
          'use --instance-url with SF_ACCESS_TOKEN, or the auditor app flags.',
        ],
      },
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    parsed = undefined;
  }
  if (!isRecord(parsed) || error !== null || parsed.status !== 0 || !isRecord(parsed.result)) {
    // The CLI's JSON error names the problem (`NamedOrgNotFoundError`, `No authorization information found`).
    const name = isRecord(parsed) ? text(parsed.name) : undefined;
    const message = isRecord(parsed) ? text(parsed.message) : undefined;
    const detail =
      [name, message].filter((v) => v !== undefined).join(': ') ||
      (error === null ? 'no JSON result' : 'it failed');
    throw new CollectError('SF_CLI_FAILED', `${what} failed: ${detail.slice(0, 300)}`, {
      hints: ['Check the alias with sf org list, and log in again if the session expired.'],
    });
  }
  return parsed.result;
}

export interface SfOrgAuth {
  instanceUrl: string;
  accessToken: string;
}

/** The instance URL (`sf org display`) and the access token (`sf org auth show-access-token`) of an alias. */
export async function sfOrgAuth(alias: string, options: SfCliOptions): Promise<SfOrgAuth> {
  const display = await runSfJson(['org', 'display', '--target-org', alias], options);
  const instanceUrl = text(display.instanceUrl);
  if (instanceUrl === undefined) {
    throw new CollectError('SF_CLI_FAILED', `sf org display gave no instance URL for ${alias}`);
  }
  const shown = await runSfJson(
    ['org', 'auth', 'show-access-token', '--target-org', alias],
    options,
  );
  const accessToken = text(shown.accessToken);
  if (accessToken === undefined || accessToken.startsWith('[REDACTED]')) {
    throw new CollectError(
      'SF_CLI_FAILED',
      `sf org auth show-access-token gave no access token for ${alias}`,
    );
  }
  // `sf org display` writes the instance URL with a trailing slash.
  return { instanceUrl: instanceUrl.replace(/\/+$/, ''), accessToken };
}
