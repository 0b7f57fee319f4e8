// Reading an input file safely: only a regular file, never more than its cap, never blocking.
// The file is opened with O_NONBLOCK and checked with fstat on the open handle, so a FIFO is
// refused instead of waiting for a writer, /dev/zero is refused instead of read, and nothing can be
// swapped between the check and the read (docs/adr/0008-files-and-inputs.md).

import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import type { Stats } from 'node:fs';

import { describeErrno, errnoOf, FileError, kindOf } from './errors.js';

/** The caps of docs/adr/0008-files-and-inputs.md, one place. */
export const INPUT_CAPS = {
  /** `--manifest`: a manifest is a few kilobytes. */
  manifest: 1024 * 1024,
  /** `--snapshot`: a large org's scoped snapshot is a few MB; room for the largest. */
  snapshot: 256 * 1024 * 1024,
  /** One metadata XML file of a fixture or SFDX project (a large Profile is a few MB). */
  metadata: 16 * 1024 * 1024,
  /** One `sf data export tree` file of an org fixture. */
  records: 64 * 1024 * 1024,
  /** Small configuration files: sfdx-project.json, emulator.json, a fault file. */
  config: 1024 * 1024,
} as const;

export interface ReadOptions {
  /** Larger files are refused before and while reading. */
  maxBytes: number;
  /** The flag that named the path, for the message (`--manifest`). */
  label?: string | undefined;
  /**
   * Follow a symbolic link at the path itself (default true: a user's own `--manifest` may be a
   * link). Fixture files pass false: a link could leave the fixture.
   */
  followSymlinks?: boolean;
}

// O_NONBLOCK makes opening a FIFO return at once; both flags are absent on Windows (then 0).
const NONBLOCK = constants.O_NONBLOCK ?? 0;
const NOFOLLOW = constants.O_NOFOLLOW ?? 0;

export interface OpenedRegularFile {
  handle: FileHandle;
  stats: Stats;
}

/**
 * Opens a regular file for reading without blocking and checks it on the handle.
 * The caller closes the handle. @throws FileError
 */
export async function openRegularFile(
  path: string,
  options: Omit<ReadOptions, 'maxBytes'> & { maxBytes?: number },
): Promise<OpenedRegularFile> {
  const label = options.label;
  const follow = options.followSymlinks ?? true;
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | NONBLOCK | (follow ? 0 : NOFOLLOW));
  } catch (error) {
    throw openError(path, error, label, follow);
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) {
      throw new FileError('FILE_NOT_REGULAR', path, `is ${kindOf(stats)}, not a regular file`, {
        label,
      });
    }
    if (options.maxBytes !== undefined && stats.size > options.maxBytes) {
      throw tooLarge(path, options.maxBytes, stats.size, label);
    }
    return { handle, stats };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** Reads a whole regular file within its cap. @throws FileError */
export async function readRegularFile(path: string, options: ReadOptions): Promise<Buffer> {
  const { handle, stats } = await openRegularFile(path, options);
  try {
    // Read at most cap + 1 bytes whatever fstat said: the file may grow while it is read.
    let chunk = Buffer.alloc(Math.min(options.maxBytes + 1, stats.size + 1));
    let length = 0;
    for (;;) {
      if (length === chunk.length) {
        if (length > options.maxBytes)
          throw tooLarge(path, options.maxBytes, undefined, options.label);
        // It grew: make room, still bounded by the cap.
        const bigger = Buffer.alloc(Math.min(options.maxBytes + 1, Math.max(length * 2, 4096)));
        chunk.copy(bigger, 0, 0, length);
        chunk = bigger;
      }
      let bytesRead: number;
      try {
        ({ bytesRead } = await handle.read(chunk, length, chunk.length - length, null));
      } catch (error) {
        throw new FileError('FILE_IO_FAILED', path, `cannot be read: ${describeErrno(error)}`, {
          label: options.label,
          errno: errnoOf(error),
          cause: error,
        });
      }
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > options.maxBytes) throw tooLarge(path, options.maxBytes, undefined, options.label);
    return chunk.subarray(0, length);
  } finally {
    await handle.close();
  }
}

/** Reads a regular file as UTF-8 text (without a byte-order mark). @throws FileError */
export async function readTextFile(path: string, options: ReadOptions): Promise<string> {
  const text = (await readRegularFile(path, options)).toString('utf8');
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

/** `1 MiB`, `256 MiB`, `512 KiB`: caps in the words of the docs. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / 1024 / 1024} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

/** `size` when fstat told it; undefined when the file grew past the cap while read. */
function tooLarge(
  path: string,
  cap: number,
  size: number | undefined,
  label: string | undefined,
): FileError {
  const actual = size === undefined ? '' : ` (${size} bytes)`;
  return new FileError(
    'FILE_TOO_LARGE',
    path,
    `is larger than the ${formatBytes(cap)} limit${actual}`,
    {
      label,
      ...(size !== undefined ? { size } : {}),
    },
  );
}

function openError(
  path: string,
  error: unknown,
  label: string | undefined,
  follow: boolean,
): FileError {
  const errno = errnoOf(error);
  if (errno === 'ENOENT')
    return new FileError('FILE_NOT_FOUND', path, 'does not exist', { label, errno, cause: error });
  // O_NOFOLLOW on a link fails with ELOOP (Linux) or EMLINK (FreeBSD); a socket cannot be opened.
  if (!follow && (errno === 'ELOOP' || errno === 'EMLINK'))
    return new FileError(
      'FILE_NOT_REGULAR',
      path,
      'is a symbolic link, which is not followed here',
      {
        label,
        errno,
        cause: error,
      },
    );
  if (errno === 'ENXIO' || errno === 'EOPNOTSUPP')
    return new FileError('FILE_NOT_REGULAR', path, 'is a socket, not a regular file', {
      label,
      errno,
      cause: error,
    });
  if (errno === 'EISDIR')
    return new FileError('FILE_NOT_REGULAR', path, 'is a directory, not a regular file', {
      label,
      errno,
      cause: error,
    });
  return new FileError('FILE_IO_FAILED', path, `cannot be read: ${describeErrno(error)}`, {
    label,
    errno,
    cause: error,
  });
}
