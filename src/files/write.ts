// Writing an output file safely: atomically (a temporary file in the target's directory, then a
// rename), and only ever to a regular file. A symbolic link is written through: its final target is
// replaced and the link stays a link. A directory, FIFO, socket or device is refused before
// anything is written (docs/adr/0008-files-and-inputs.md).

import { randomBytes } from 'node:crypto';
import { lstat, open, readlink, realpath, rename, rm, stat } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

import { describeErrno, errnoOf, FileError, kindOf } from './errors.js';

/** Symbolic links followed from the given path before giving up (Linux allows 40). */
export const MAX_SYMLINK_HOPS = 40;

export interface OutputTarget {
  /** The file that will be replaced or created, links resolved (absolute). */
  path: string;
  /** Its permission bits when it exists, else undefined. */
  existingMode: number | undefined;
}

export interface WriteOptions {
  /** The flag that named the path (`--output`), for messages. */
  label?: string | undefined;
  /**
   * Permission bits of the written file. Default: those of the file it replaces, else 0666 less
   * the umask, as a plain write would give. Secrets-adjacent outputs pass 0o600.
   */
  mode?: number;
}

/**
 * Where a write to `path` lands: links resolved, the target a regular file or absent in an
 * existing directory. Call it before long work to fail early. @throws FileError (exit 2)
 */
export async function resolveOutputTarget(path: string, label?: string): Promise<OutputTarget> {
  // The kernel's view first: it resolves magic links (/dev/stdout -> /proc/self/fd/1 -> a pipe)
  // that readlink cannot name. What exists and is not a regular file is refused here.
  const final = await stat(path).catch(() => undefined);
  if (final !== undefined && !final.isFile()) {
    const where = await realpath(path).catch(() => undefined);
    const through =
      where === undefined || where === resolve(path) ? '' : ` (the link leads to ${where})`;
    throw new FileError(
      'FILE_NOT_REGULAR',
      path,
      `is ${kindOf(final)}${through}, not a regular file: refusing to write to it`,
      { label },
    );
  }
  let current = resolve(path);
  for (let hop = 0; hop <= MAX_SYMLINK_HOPS; hop++) {
    let stats;
    try {
      stats = await lstat(current);
    } catch (error) {
      if (errnoOf(error) !== 'ENOENT') throw cannotWrite(path, current, error, label);
      await checkDirectory(path, dirname(current), label);
      return { path: current, existingMode: undefined };
    }
    if (stats.isSymbolicLink()) {
      let link: string;
      try {
        link = await readlink(current);
      } catch (error) {
        throw cannotWrite(path, current, error, label);
      }
      current = resolve(dirname(current), link);
      continue;
    }
    if (!stats.isFile()) {
      const through = current === resolve(path) ? '' : ` (the link leads to ${current})`;
      throw new FileError(
        'FILE_NOT_REGULAR',
        path,
        `is ${kindOf(stats)}${through}, not a regular file: refusing to write to it`,
        { label },
      );
    }
    return { path: current, existingMode: stats.mode & 0o777 };
  }
  throw new FileError(
    'FILE_NOT_REGULAR',
    path,
    `leads through more than ${MAX_SYMLINK_HOPS} symbolic links`,
    { label },
  );
}

/**
 * Writes `data` to `path` atomically: readers see the old file or the new one, never a part.
 * `data` may be chunks of text (prettyJsonChunks), written one after the other.
 * @throws FileError (exit 2)
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array | Iterable<string>,
  options: WriteOptions = {},
): Promise<void> {
  const label = options.label;
  const target = await resolveOutputTarget(path, label);
  const directory = dirname(target.path);
  const temporary = join(
    directory,
    `.${basename(target.path)}.${randomBytes(6).toString('hex')}.tmp`,
  );
  const mode = options.mode ?? target.existingMode;
  let handle: FileHandle;
  try {
    // 'wx': created here and now, never an existing file or a planted link.
    handle = await open(temporary, 'wx', mode ?? 0o666);
  } catch (error) {
    throw cannotWrite(path, directory, error, label);
  }
  try {
    try {
      // An explicit or inherited mode is exact (open's mode is reduced by the umask).
      if (mode !== undefined) await handle.chmod(mode);
      if (typeof data === 'string' || data instanceof Uint8Array) await handle.writeFile(data);
      else for (const chunk of data) await handle.writeFile(chunk);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, target.path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw cannotWrite(path, target.path, error, label);
  }
}

async function checkDirectory(path: string, directory: string, label: string | undefined) {
  let stats;
  try {
    stats = await stat(directory);
  } catch (error) {
    if (errnoOf(error) === 'ENOENT')
      throw new FileError(
        'FILE_NOT_FOUND',
        path,
        `cannot be written: the directory ${directory} does not exist`,
        {
          label,
          errno: 'ENOENT',
          cause: error,
        },
      );
    throw cannotWrite(path, directory, error, label);
  }
  if (!stats.isDirectory())
    throw new FileError(
      'FILE_NOT_FOUND',
      path,
      `cannot be written: ${directory} is not a directory`,
      { label },
    );
}

function cannotWrite(
  path: string,
  where: string,
  error: unknown,
  label: string | undefined,
): FileError {
  const at = where === resolve(path) ? '' : ` (at ${where})`;
  return new FileError('FILE_IO_FAILED', path, `cannot be written${at}: ${describeErrno(error)}`, {
    label,
    errno: errnoOf(error),
    cause: error,
  });
}
