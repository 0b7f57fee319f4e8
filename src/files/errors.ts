// The one error of safe file I/O: it names the flag (when a flag gave the path), the path and the
// reason in one sentence, and is an input error (exit 2) whatever the cause (docs/adr/0008-files-and-inputs.md).

export type FileErrorCode =
  /** Nothing at the path (or a parent directory is missing). */
  | 'FILE_NOT_FOUND'
  /** A directory, FIFO, socket, device or (where refused) a symbolic link. */
  | 'FILE_NOT_REGULAR'
  /** Over the documented cap of its kind. */
  | 'FILE_TOO_LARGE'
  /** The system refused: permissions, a full disk, a read-only file system. */
  | 'FILE_IO_FAILED';

export class FileError extends Error {
  override readonly name = 'FileError';
  readonly code: FileErrorCode;
  /** Input and configuration errors are exit 2 (docs/adr/0005-audit-pipeline-and-exit-codes.md). */
  readonly exitCode = 2;
  /** The path as the user gave it. */
  readonly path: string;
  /** The flag that named the path (`--manifest`), when one did. */
  readonly label: string | undefined;
  /** The sentence without the flag and path (`is a FIFO, not a regular file`). */
  readonly reason: string;
  /** The system error code (`ENOENT`), when the system gave one. */
  readonly errno: string | undefined;
  /** Bytes seen, for FILE_TOO_LARGE. */
  readonly size: number | undefined;

  constructor(
    code: FileErrorCode,
    path: string,
    reason: string,
    options: { label?: string | undefined; errno?: string; size?: number; cause?: unknown } = {},
  ) {
    const where = options.label === undefined ? path : `${options.label}: ${path}`;
    super(
      `${where}: ${reason}`,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.code = code;
    this.path = path;
    this.label = options.label;
    this.reason = reason;
    this.errno = options.errno;
    this.size = options.size;
  }
}

/** What a non-regular file is, in words. */
export function kindOf(stats: {
  isDirectory(): boolean;
  isFIFO(): boolean;
  isSocket(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isSymbolicLink(): boolean;
}): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

/** `ENOENT` and friends as a short phrase; the code stays in the message for searching. */
export function errnoOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : 'error';
}

const PHRASES: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOSPC: 'no space left on the device',
  EROFS: 'read-only file system',
  EDQUOT: 'disk quota exceeded',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many symbolic links',
  ENOTDIR: 'a parent is not a directory',
  EISDIR: 'is a directory',
  EIO: 'input/output error',
  EXDEV: 'crosses file systems',
};

/** `permission denied (EACCES)`, or the bare code when it has no phrase here. */
export function describeErrno(error: unknown): string {
  const code = errnoOf(error);
  const phrase = PHRASES[code];
  return phrase === undefined ? code : `${phrase} (${code})`;
}
