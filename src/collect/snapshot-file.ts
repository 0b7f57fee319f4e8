// Snapshot files (`--save-snapshot FILE`, `--snapshot FILE`): the collected OrgSnapshot as JSON,
// versioned and zod-validated on read, so an audit can be replayed offline with the collection's
// own clock (`collectedAt`). A snapshot never holds a token or secret: the collector never puts one in.

import type { z } from 'zod';

import {
  FileError,
  INPUT_CAPS,
  prettyJsonChunks,
  readTextFile,
  writeFileAtomic,
} from '../files/index.js';
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
  // Checked as an object and written in chunks: the whole text, its copies on the way to the file and
  // the snapshot parsed back from it took about 380 MB at enterprise scale (docs/performance.md).
  // What counts is what `--snapshot` will read back, the JSON: an object the check refuses (a key set
  // to undefined, which JSON drops) is checked again as its JSON text, which decides.
  if (!validateSnapshot(snapshot).success) {
    const checked = validateSnapshot(JSON.parse(JSON.stringify(snapshot)));
    if (!checked.success) {
      throw new Error(
        `refusing to write an invalid snapshot: ${issuesOf(checked.error.issues).join('; ')}`,
      );
    }
  }
  await writeFileAtomic(file, textOf(snapshot), { label, mode: 0o600 });
}

function* textOf(snapshot: OrgSnapshot): Generator<string> {
  yield* prettyJsonChunks(snapshot);
  yield '\n';
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
  const parsed = validateSnapshot(json);
  if (!parsed.success) {
    const issues = issuesOf(parsed.error.issues);
    throw new CollectError(
      'SNAPSHOT_INVALID',
      `${file}: not a valid snapshot:\n${issues.join('\n')}`,
    );
  }
  return parsed.data;
}

/**
 * The fields of the rows of the two largest arrays (Login History, the Setup Audit Trail: a
 * hundred thousand rows at enterprise scale), in the schema's order; each a text.
 */
const PLAIN_ROWS = {
  loginHistory: {
    fields: ['id', 'username', 'loginTime', 'loginType', 'status', 'application', 'sourceIp'],
    optional: new Set(['id', 'application', 'sourceIp']),
  },
  auditTrail: {
    fields: ['id', 'action', 'section', 'display', 'createdDate', 'createdBy'],
    optional: new Set(['id', 'section', 'createdBy']),
  },
} as const;

type PlainRows = { [K in keyof typeof PLAIN_ROWS]: OrgSnapshot[K] };

/**
 * zod over the snapshot, but the rows of PLAIN_ROWS checked by hand (zod takes about ten times as
 * long on them): each row as zod returns it, fields in the schema's order. A row this check does
 * not accept sends the whole snapshot through zod, whose issues name it; the result is zod's
 * either way (snapshot-file.test.ts compares both).
 * @internal exported for that test.
 */
export function validateSnapshot(
  json: unknown,
): { success: true; data: OrgSnapshot } | { success: false; error: z.ZodError } {
  const rows = plainRows(json);
  if (rows === undefined) return OrgSnapshotSchema.safeParse(json);
  const parsed = OrgSnapshotSchema.safeParse({ ...(json as object), ...EMPTY_ROWS });
  if (!parsed.success) return parsed;
  return { success: true, data: { ...parsed.data, ...rows } };
}

const EMPTY_ROWS: { [K in keyof typeof PLAIN_ROWS]: [] } = { loginHistory: [], auditTrail: [] };

function plainRows(json: unknown): PlainRows | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const out: Partial<Record<keyof typeof PLAIN_ROWS, unknown[]>> = {};
  for (const [key, shape] of Object.entries(PLAIN_ROWS) as [
    keyof typeof PLAIN_ROWS,
    (typeof PLAIN_ROWS)[keyof typeof PLAIN_ROWS],
  ][]) {
    const list = (json as Record<string, unknown>)[key];
    if (!Array.isArray(list)) return undefined;
    const rows: Record<string, string>[] = [];
    for (const row of list as unknown[]) {
      if (typeof row !== 'object' || row === null || Array.isArray(row)) return undefined;
      const record = row as Record<string, unknown>;
      let seen = 0;
      const copy: Record<string, string> = {};
      for (const field of shape.fields) {
        if (!Object.hasOwn(record, field)) {
          if (!(shape.optional as ReadonlySet<string>).has(field)) return undefined;
          continue;
        }
        const value = record[field];
        if (typeof value !== 'string') return undefined;
        copy[field] = value;
        seen += 1;
      }
      // A key the schema does not know: zod names it.
      if (Object.keys(record).length !== seen) return undefined;
      rows.push(copy);
    }
    out[key] = rows;
  }
  return out as PlainRows;
}

function issuesOf(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string[] {
  return issues
    .slice(0, 20)
    .map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`);
}
