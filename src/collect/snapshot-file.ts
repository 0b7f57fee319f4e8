// Snapshot files (`--save-snapshot FILE`, `--snapshot FILE`): the collected OrgSnapshot as JSON,
// versioned and zod-validated on read, so an audit can be replayed offline with the collection's
// own clock (`collectedAt`). A snapshot never holds a token or secret: the collector never puts one in.

import { FileError, INPUT_CAPS, readTextFile, writeFileAtomic } from '../files/index.js';
import { OrgSnapshotSchema, SNAPSHOT_SCHEMA_VERSION } from '../model/snapshot.js';
import type { OrgSnapshot } from '../model/snapshot.js';
import { CollectError } from './errors.js';

/** Larger files are refused before parsing (a big org's scoped snapshot is a few MB). */
export const MAX_SNAPSHOT_BYTES = INPUT_CAPS.snapshot;

/**
 * Writes the snapshot atomically (temporary file + rename), readable by the owner only, and only
 * to a regular file (a symbolic link is written through). `label` names the flag in errors.
 * @throws FileError (exit 2) when the path is a directory, FIFO, device or cannot be written.
 */
export async function writeSnapshot(
  file: string,
  snapshot: OrgSnapshot,
  label = '--save-snapshot',
): Promise<void> {
  const text = JSON.stringify(snapshot, null, 2);
  // What is checked is what `--snapshot` will read back: the JSON text, where no key is undefined.
  const checked = OrgSnapshotSchema.safeParse(JSON.parse(text));
  if (!checked.success) {
    throw new Error(
      `refusing to write an invalid snapshot: ${issuesOf(checked.error.issues).join('; ')}`,
    );
  }
  await writeFileAtomic(file, `${text}\n`, { label, mode: 0o600 });
}

/**
 * Reads and validates a snapshot: a regular file within MAX_SNAPSHOT_BYTES (a FIFO or device is
 * refused without blocking); a wrong version or shape is a CollectError naming the file (exit 2).
 */
export async function readSnapshot(file: string, label = '--snapshot'): Promise<OrgSnapshot> {
  let text: string;
  try {
    text = await readTextFile(file, { maxBytes: MAX_SNAPSHOT_BYTES, label });
  } catch (error) {
    if (!(error instanceof FileError)) throw error;
    throw new CollectError('SNAPSHOT_INVALID', error.message, { cause: error });
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
  return parsed.data;
}

function issuesOf(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string[] {
  return issues
    .slice(0, 20)
    .map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`);
}
