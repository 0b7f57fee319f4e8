// Snapshot files (`--save-snapshot FILE`, `--snapshot FILE`): the collected OrgSnapshot as JSON,
// versioned and zod-validated on read, so an audit can be replayed offline with the collection's
// own clock (`collectedAt`). A snapshot never holds a token or secret: the collector never puts one in.

import { randomBytes } from 'node:crypto';
import { open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

import { OrgSnapshotSchema, SNAPSHOT_SCHEMA_VERSION } from '../model/snapshot.js';
import type { OrgSnapshot } from '../model/snapshot.js';
import { CollectError } from './errors.js';

/** Larger files are refused before parsing (a big org's scoped snapshot is a few MB). */
export const MAX_SNAPSHOT_BYTES = 256 * 1024 * 1024;

/** Writes the snapshot atomically (temporary file + rename), readable by the owner only. */
export async function writeSnapshot(file: string, snapshot: OrgSnapshot): Promise<void> {
  const checked = OrgSnapshotSchema.safeParse(snapshot);
  if (!checked.success) {
    throw new Error(
      `refusing to write an invalid snapshot: ${issuesOf(checked.error.issues).join('; ')}`,
    );
  }
  const text = `${JSON.stringify(snapshot, null, 2)}\n`;
  const temporary = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temporary, 'wx', 0o600);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** Reads and validates a snapshot; a wrong version or shape is a CollectError naming the file (exit 2). */
export async function readSnapshot(file: string): Promise<OrgSnapshot> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch (error) {
    throw new CollectError(
      'SNAPSHOT_INVALID',
      `${file}: cannot read the snapshot (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      {
        cause: error,
      },
    );
  }
  if (size > MAX_SNAPSHOT_BYTES) {
    throw new CollectError(
      'SNAPSHOT_INVALID',
      `${file}: ${size} bytes is larger than a snapshot may be (${MAX_SNAPSHOT_BYTES})`,
    );
  }
  const handle = await open(file, 'r');
  let text: string;
  try {
    text = await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
  return parseSnapshot(text, file);
}

/** Validates snapshot text; `file` names it in messages. @throws CollectError (exit 2). */
export function parseSnapshot(text: string, file: string): OrgSnapshot {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CollectError('SNAPSHOT_INVALID', `${file}: not JSON (${(error as Error).message})`);
  }
  const version =
    typeof json === 'object' && json !== null
      ? (json as { schemaVersion?: unknown }).schemaVersion
      : undefined;
  if (version !== SNAPSHOT_SCHEMA_VERSION) {
    throw new CollectError(
      'SNAPSHOT_VERSION_UNSUPPORTED',
      `${file}: snapshot schemaVersion ${JSON.stringify(version) ?? 'missing'} is not supported (this version reads ${SNAPSHOT_SCHEMA_VERSION})`,
      { hints: ['Collect the org again with this version of runas-guard (--save-snapshot).'] },
    );
  }
  const parsed = OrgSnapshotSchema.safeParse(json);
  if (!parsed.success) {
    const issues = issuesOf(parsed.error.issues);
    throw new CollectError(
      'SNAPSHOT_INVALID',
      `${file}: not a valid snapshot:\n${issues.join('\n')}`,
    );
  }
  // The schema mirrors OrgSnapshot; JSON holds no undefined, so optional fields are absent, not undefined.
  return parsed.data as OrgSnapshot;
}

function issuesOf(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string[] {
  return issues
    .slice(0, 20)
    .map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`);
}
