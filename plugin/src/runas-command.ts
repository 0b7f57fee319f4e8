// What every `sf runas` command shares: the org from `--target-org` handed to the library as an
// instance URL and access token (never printed), and errors as the standalone CLI's exit codes
// (0 clean, 1 findings, 2 input or configuration, 3 could not collect; docs/adr/0024-sf-plugin.md).

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { type Org, SfError } from '@salesforce/core';
import { SfCommand } from '@salesforce/sf-plugins-core';
import { CliError, EXIT } from 'runas-guard';

/** What the library needs of the org: its URL, and the token in SF_ACCESS_TOKEN as the CLI reads it. */
export interface OrgAccess {
  instanceUrl: string;
  env: NodeJS.ProcessEnv;
}

/**
 * The org @salesforce/core resolved from `--target-org` (alias, username or the default org). Its
 * session is refreshed first when the auth can be refreshed (as `sf org auth show-access-token`
 * does for the standalone CLI); a refusal is left to the audit to report (exit 3).
 */
export async function orgAccess(org: Org, apiVersion?: string): Promise<OrgAccess> {
  try {
    await org.refreshAuth();
  } catch {
    // An expired access-token login cannot be refreshed: the first request says so, with exit 3.
  }
  const conn = org.getConnection(apiVersion);
  const token = conn.accessToken;
  if (token === undefined || token === null || token === '')
    throw new SfError(
      `the org ${org.getUsername() ?? ''} has no access token: log in again with sf org login`,
      'NoAccessToken',
      [],
      EXIT.collection,
    );
  return { instanceUrl: conn.instanceUrl, env: { ...process.env, SF_ACCESS_TOKEN: token } };
}

/** Whether the flag was given on the command line, not filled from the default org. */
export function givenExplicitly(
  metadata: { flags?: Record<string, { setFromDefault?: boolean } | undefined> } | undefined,
  name: string,
): boolean {
  return metadata?.flags?.[name]?.setFromDefault !== true;
}

/** The output flags of the commands that write reports (audit, preflight). */
export interface OutputFlags {
  format?: string;
  output?: string;
  outputDir?: string;
}

/**
 * `--json`: stdout is the envelope's, so the command writes its JSON report to a file and the
 * file becomes `result`: `--output-dir` (json added to the formats), `--output FILE` (which must
 * then be `--format json`), else a temporary file.
 */
export async function withJsonReport<F extends OutputFlags, R>(
  flags: F,
  run: (flags: F) => Promise<R>,
): Promise<{ outcome: R; json: unknown }> {
  const { outputDir, output } = flags;
  if (outputDir !== undefined) {
    const formats = (flags.format ?? 'text').split(',').map((f) => f.trim());
    const format = (formats.includes('json') ? formats : [...formats, 'json']).join(',');
    const outcome = await run({ ...flags, format });
    return { outcome, json: await readJson(join(outputDir, 'runas-guard.json')) };
  }
  if (output !== undefined) {
    if (flags.format !== 'json')
      throw new CliError('--json with --output needs --format json (the file holds the result)');
    return { outcome: await run(flags), json: await readJson(output) };
  }
  const dir = await mkdtemp(join(tmpdir(), 'runas-guard-sf-'));
  try {
    const file = join(dir, 'report.json');
    const outcome = await run({ ...flags, format: 'json', output: file });
    return { outcome, json: await readJson(file) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function readJson(file: string): Promise<unknown> {
  return JSON.parse(await readFile(file, 'utf8')) as unknown;
}

type CommandError = Error & {
  exitCode?: unknown;
  hints?: unknown;
  actions?: unknown;
  oclif?: { exit?: unknown };
};

/** The exit code the standalone CLI gives an error (src/cli/main.ts): its own, else 3 or 2. */
function exitCodeOf(error: CommandError): number {
  // As `runas-guard audit --target-org ALIAS`, whose `sf org display` fails: could not collect.
  if (error.name === 'NamedOrgNotFoundError' || error.name === 'NoAuthInfoFound')
    return EXIT.collection;
  if (error.name === 'NoDefaultEnvError') return EXIT.usage; // no org at all: a usage error
  if (typeof error.oclif?.exit === 'number') return error.oclif.exit; // a flag the parser refused
  return error.exitCode === EXIT.collection ? EXIT.collection : EXIT.usage;
}

export abstract class RunasCommand<T> extends SfCommand<T> {
  /** Every failure as one sf-style error with the standalone CLI's exit code and hints as actions. */
  protected override async catch(error: CommandError): Promise<never> {
    const exitCode = exitCodeOf(error);
    // A flag the parser refused keeps its own shape (sf adds suggestions from it).
    if (error.oclif?.exit === exitCode) return super.catch(error);
    const hints = Array.isArray(error.hints) ? error.hints.map(String) : [];
    const actions = Array.isArray(error.actions) ? error.actions.map(String) : hints;
    // sf gives any TypeError exit 10; the standalone CLI gives an internal error exit 2.
    const name = error.name.includes('TypeError') ? 'RunasGuardError' : error.name;
    return super.catch(new SfError(error.message, name, actions, exitCode));
  }

  /** The `--json` error envelope without the stack trace and cause dump sf adds to it. */
  public override logJson(json: unknown): void {
    if (json !== null && typeof json === 'object' && 'stack' in json) {
      const rest = { ...(json as Record<string, unknown>) };
      delete rest.stack;
      delete rest.cause;
      super.logJson(rest);
      return;
    }
    super.logJson(json);
  }
}
