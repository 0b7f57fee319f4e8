// `runas-guard suggest --app NAME --out DIR [source] [--manifest FILE]` (docs/suggest.md): collect the
// source as the audit does, suggest the least-privilege permission set for the app's integration,
// write it and the app's policy file under DIR, print what to do. Nothing is written unless every
// file can be: existing files need --force (docs/adr/0016-suggest.md).

import { lstat, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';

import { declaredIntegration } from '../../analyze/declared.js';
import { runAudit } from '../../audit/run-audit.js';
import { resolveOutputTarget, writeFileAtomic } from '../../files/index.js';
import type { Facet } from '../../model/snapshot.js';
import {
  findPolicySource,
  permissionSetFile,
  policyFile,
  renderSuggestJson,
  renderSuggestText,
  suggest,
  SuggestError,
} from '../../suggest/index.js';
import type { SuggestedFile } from '../../suggest/index.js';
import { nearMiss } from '../../util/edit-distance.js';
import { CliError, EXIT } from '../errors.js';
import { parseInstant } from '../instant.js';
import { withProgress } from '../progress.js';
import { manifestFromFlags, sourceFromFlags, timeoutFromFlag } from './audit.js';
import type { SourceFlags } from './audit.js';

export interface SuggestFlags extends SourceFlags {
  app: string;
  out: string;
  manifest?: string;
  /** API name of the permission set (default `<App>_Least_Privilege`). */
  name?: string;
  format?: string;
  /** Replace files that already exist under --out. */
  force?: boolean;
  now?: string;
  timeout?: string;
}

/** The facets a suggestion reads: a failed one is exit 3, never a guess. */
const NEEDED: readonly Facet[] = ['apps', 'users', 'access'];

export async function runSuggestCommand(
  flags: SuggestFlags,
  env: NodeJS.ProcessEnv = process.env,
  write: (text: string) => void = (text) => process.stdout.write(text),
): Promise<number> {
  const format = flags.format ?? 'text';
  if (format !== 'text' && format !== 'json')
    throw new CliError(
      `--format: expected text or json, got ${JSON.stringify(format.slice(0, 40))}`,
    );
  if (flags.out === '') throw new CliError('--out: expected a directory, got ""');
  const now = flags.now === undefined ? undefined : parseInstant(flags.now, '--now');
  const timeoutMs = timeoutFromFlag(flags.timeout);
  const source = sourceFromFlags(flags, env);
  const loaded = await manifestFromFlags(flags.manifest);
  // Shown in messages: a flag value is cut, never echoed at any length.
  const appName = flags.app.slice(0, 100);
  // Undeclared needs are a usage error before anything is collected.
  if (loaded === undefined)
    throw new CliError(
      `suggest grants what the integration manifest declares: give --manifest FILE (or a runas-guard.yaml here) with an entry for ${appName} and its needs (docs/manifest.md)`,
    );
  const entry = declaredIntegration(loaded, flags.app);
  if (entry === undefined) {
    const near = nearMiss(
      appName,
      (loaded.manifest.integrations ?? []).map((i) => i.app),
    );
    throw new CliError(
      `${loaded.file}: no integration declares the app ${appName}${near === undefined ? '' : ` (did you mean ${near}?)`}: add an entry with app: ${appName} and its needs (objects, fields, systemPermissions) (docs/manifest.md)`,
    );
  }
  if (entry.needs === undefined)
    throw new CliError(
      `${loaded.file}: the integration ${entry.name} declares no needs: add needs (objects, fields, systemPermissions) for ${appName} (docs/manifest.md)`,
    );
  await checkOutDir(flags.out);

  const { snapshot } = await withProgress(
    () =>
      runAudit({
        source,
        manifest: loaded,
        now,
        allowIncomplete: true,
        timeoutMs,
      }),
    { env },
  );
  for (const facet of NEEDED) {
    const entry = snapshot.ledger[facet];
    if (entry?.status === 'failed')
      throw new CliError(
        `could not collect ${facet}: ${entry.request} failed (${entry.errorCode})${entry.permission === undefined ? '' : `; the auditing user needs ${entry.permission}`}`,
        EXIT.collection,
      );
  }

  let suggestion;
  try {
    suggestion = suggest({
      snapshot,
      manifest: loaded.manifest,
      app: flags.app,
      now: now ?? snapshot.collectedAt,
      name: flags.name,
    });
  } catch (error) {
    if (error instanceof SuggestError) throw new CliError(error.message);
    throw error;
  }
  const app = snapshot.apps.find((a) => a.name === suggestion.app.name);
  if (app === undefined) throw new Error(`internal error: ${suggestion.app.name} vanished`);
  const project =
    source.kind === 'project' || source.kind === 'project+live' ? source.dir : undefined;
  const policySource = project === undefined ? undefined : await findPolicySource(project, app);
  const files: SuggestedFile[] = [
    permissionSetFile(suggestion.permissionSet),
    policyFile(app, suggestion.permissionSet.name, policySource),
  ];
  await writeAll(flags.out, files, flags.force === true);

  const report = {
    suggestion,
    outDir: flags.out,
    files: files.map((f) => ({
      path: f.path,
      origin: f.origin,
      ...(f.from === undefined ? {} : { from: f.from }),
    })),
  };
  write(format === 'json' ? renderSuggestJson(report) : renderSuggestText(report));
  return EXIT.ok;
}

/** `--out`: an existing directory, or absent (created). @throws CliError */
async function checkOutDir(dir: string): Promise<void> {
  const stats = await lstat(dir).catch(() => undefined);
  if (stats !== undefined && !stats.isDirectory())
    throw new CliError(`--out: ${dir} exists and is not a directory`);
}

/** Every target checked first: an existing file without --force writes nothing at all. */
async function writeAll(
  out: string,
  files: readonly SuggestedFile[],
  force: boolean,
): Promise<void> {
  const targets = files.map((f) => ({ file: f, path: join(out, ...f.path.split('/')) }));
  const existing: string[] = [];
  for (const { path } of targets) {
    const stats = await lstat(path).catch(() => undefined);
    if (stats !== undefined) existing.push(path);
  }
  if (existing.length > 0 && !force)
    throw new CliError(
      `--out: ${existing.join(', ')} already exist${existing.length === 1 ? 's' : ''}: nothing was written; pass --force to replace`,
    );
  for (const { path } of targets) {
    try {
      await mkdir(dirname(path), { recursive: true });
    } catch (error) {
      const reason = (error as { code?: string }).code ?? 'error';
      throw new CliError(`--out: ${dirname(path)} cannot be created (${reason})`);
    }
    await resolveOutputTarget(path, '--out');
  }
  for (const { file, path } of targets) await writeFileAtomic(path, file.text, { label: '--out' });
}
