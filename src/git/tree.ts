// Reading a project from git objects, never from a checkout (preflight, docs/preflight.md): refs are
// resolved with `git rev-parse --verify`, a tree is listed with `git ls-tree -r -z --long`, and blobs
// come through one `git cat-file --batch` process. The git binary is run with execFile/spawn and
// argument arrays (no shell); nothing is ever written to the repository or its working tree.

import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { dirname, isAbsolute, posix, relative, resolve } from 'node:path';

import { GitError } from './errors.js';

/** Caps as the disk reader's (src/metadata/project.ts): a hostile tree cannot flood the reader. */
export const MAX_TREE_FILES = 100_000;
const MAX_LIST_BYTES = 64 * 1024 * 1024;

/** The environment git runs with: no prompts, no pager, no locale-dependent messages. */
const GIT_ENV = {
  GIT_TERMINAL_PROMPT: '0',
  GIT_PAGER: 'cat',
  LC_ALL: 'C',
  GIT_OPTIONAL_LOCKS: '0',
  // A project directory named with * or :( is a path, not a pattern.
  GIT_LITERAL_PATHSPECS: '1',
};

function git(cwd: string, args: readonly string[], maxBuffer = 1024 * 1024): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    execFile(
      'git',
      args,
      { cwd, env: { ...process.env, ...GIT_ENV }, maxBuffer, encoding: 'utf8', timeout: 120_000 },
      (error, stdout) => {
        if (error) {
          const code = (error as { code?: unknown }).code;
          if (code === 'ENOENT')
            reject(new GitError('GIT_NOT_FOUND', 'the git binary is not on PATH'));
          else reject(new Error(error.message));
        } else resolvePromise(stdout);
      },
    );
  });
}

/** A ref as the user gave it: printable, not an option, not absurdly long. */
function checkRef(ref: string, flag: string): void {
  // eslint-disable-next-line no-control-regex
  if (ref === '' || ref.length > 256 || /[\u0000-\u001f\u007f]/.test(ref) || ref.startsWith('-'))
    throw new GitError(
      'REF_INVALID',
      `${flag}: not a git ref: ${JSON.stringify(ref.slice(0, 80))}`,
    );
}

export interface GitRepository {
  /** The repository's top-level directory. */
  root: string;
  /** The project directory relative to the root, `/`-separated (`''` at the root). */
  prefix: string;
  shallow: boolean;
}

/**
 * The git repository holding the project directory `dir` (which may be absent from the working
 * tree: its nearest existing parent is asked). @throws GitError
 */
export async function openRepository(dir: string): Promise<GitRepository> {
  let probe = resolve(dir);
  while (!(await stat(probe).catch(() => undefined))?.isDirectory()) {
    const parent = dirname(probe);
    if (parent === probe) break;
    probe = parent;
  }
  let top: string;
  try {
    top = (await git(probe, ['rev-parse', '--show-toplevel'])).trim();
  } catch (error) {
    if (error instanceof GitError) throw error;
    throw new GitError('NOT_A_REPOSITORY', `--project ${dir} is not inside a git repository`);
  }
  const rel = relative(top, resolve(dir));
  if (rel.startsWith('..') || isAbsolute(rel))
    throw new GitError('NOT_A_REPOSITORY', `--project ${dir} is outside the repository ${top}`);
  const shallow =
    (await git(top, ['rev-parse', '--is-shallow-repository']).catch(() => 'false')).trim() ===
    'true';
  return {
    root: top,
    prefix: rel
      .split(/[\\/]+/)
      .filter(Boolean)
      .join('/'),
    shallow,
  };
}

/** The commit a ref names, as a full object id. @throws GitError naming the ref (and the fetch to run on a shallow clone) */
export async function resolveCommit(
  repo: GitRepository,
  ref: string,
  flag: string,
): Promise<string> {
  checkRef(ref, flag);
  try {
    const out = await git(repo.root, [
      'rev-parse',
      '--verify',
      '--quiet',
      '--end-of-options',
      `${ref}^{commit}`,
    ]);
    const id = out.trim();
    if (!/^[0-9a-f]{40}(?:[0-9a-f]{24})?$/.test(id)) throw new Error('unexpected rev-parse answer');
    return id;
  } catch (error) {
    if (error instanceof GitError) throw error;
    const shown = JSON.stringify(ref);
    if (repo.shallow)
      throw new GitError(
        'REF_NOT_FOUND',
        `${flag} ${shown}: no such commit in this shallow clone; fetch it first: git fetch --deepen=100 (or git fetch origin ${ref.replace(/^origin\//, '')}; in CI, a checkout with fetch-depth: 0)`,
      );
    throw new GitError('REF_NOT_FOUND', `${flag} ${shown}: no such commit in ${repo.root}`);
  }
}

interface TreeEntry {
  object: string;
  size: number;
}

/**
 * Blob texts by object id, shared by the two sides of a change: a file whose blob is the same on
 * both sides is read from git once (preflight reads at the head only what the change touched).
 * Bounded: past `maxChars` nothing more is kept, and such blobs are read again (same result).
 */
export class BlobCache {
  private readonly texts = new Map<string, string>();
  private chars = 0;

  constructor(private readonly maxChars = 128 * 1024 * 1024) {}

  get(object: string): string | undefined {
    return this.texts.get(object);
  }

  set(object: string, text: string): void {
    if (this.texts.has(object) || this.chars + text.length > this.maxChars) return;
    this.texts.set(object, text);
    this.chars += text.length;
  }
}

export interface GitTreeOptions {
  /** Shared with the other side of the change: blobs already read are not read again. */
  cache?: BlobCache | undefined;
  /** Called for each blob actually read from git (`cat-file`), not for one the cache held. */
  onBlobRead?: ((path: string) => void) | undefined;
}

/**
 * The project's files at one commit: `list` and `read` as the metadata reader's file source asks
 * (src/metadata/project.ts). Paths are relative to the project directory. `close()` ends the
 * cat-file process.
 */
export class GitTree {
  private batch: BlobReader | undefined;

  private constructor(
    private readonly repo: GitRepository,
    /** The ref as the user named it (messages). */
    readonly ref: string,
    readonly commit: string,
    private readonly entries: ReadonlyMap<string, TreeEntry>,
    private readonly dirs: ReadonlySet<string>,
    private readonly options: GitTreeOptions,
  ) {}

  /** Lists the project directory at `commit`. @throws GitError when the directory is not in that tree */
  static async open(
    repo: GitRepository,
    ref: string,
    commit: string,
    options: GitTreeOptions = {},
  ): Promise<GitTree> {
    const args = ['ls-tree', '-r', '-z', '--long', '--full-tree', '--end-of-options', commit];
    if (repo.prefix !== '') args.push('--', `${repo.prefix}/`);
    let out: string;
    try {
      out = await git(repo.root, args, MAX_LIST_BYTES);
    } catch (error) {
      if (error instanceof GitError) throw error;
      throw new GitError('TREE_UNREADABLE', `${ref}: git ls-tree failed on ${commit.slice(0, 12)}`);
    }
    const entries = new Map<string, TreeEntry>();
    const dirs = new Set<string>();
    const strip = repo.prefix === '' ? 0 : repo.prefix.length + 1;
    for (const record of out.split('\0')) {
      if (record === '') continue;
      // <mode> SP <type> SP <object> SP+ <size> TAB <path>
      const tab = record.indexOf('\t');
      const [mode, type, object, size] = record.slice(0, tab).split(/ +/);
      const path = record.slice(tab + 1).slice(strip);
      // Symbolic links and submodules are skipped, as the disk reader skips links.
      if (type !== 'blob' || mode === '120000' || object === undefined) continue;
      entries.set(path, { object, size: Number(size) });
      if (entries.size > MAX_TREE_FILES)
        throw new GitError(
          'TOO_MANY_FILES',
          `${ref}: more than ${MAX_TREE_FILES} files under ${repo.prefix || '.'}`,
        );
      const parts = path.split('/');
      for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
    }
    if (entries.size === 0)
      throw new GitError(
        'PROJECT_NOT_IN_TREE',
        `${ref} (${commit.slice(0, 12)}) has no project directory ${repo.prefix === '' ? '.' : repo.prefix}`,
      );
    return new GitTree(repo, ref, commit, entries, dirs, options);
  }

  /** Every file path, sorted. */
  paths(): string[] {
    return [...this.entries.keys()].sort();
  }

  /** The blob id of a file, for comparing two trees without reading them. */
  objectOf(path: string): string | undefined {
    return this.entries.get(path)?.object;
  }

  isDirectory(rel: string): boolean {
    return rel === '' || this.dirs.has(rel);
  }

  /** Every file under the directory `rel`, dot-names included (the secret scan reads them). */
  filesUnder(rel: string): string[] {
    const base = rel === '' || rel === '.' ? '' : `${rel}/`;
    return this.paths().filter((p) => p.startsWith(base));
  }

  /** Files under the directory `rel`, with the disk walker's exclusions (dot-names, node_modules). */
  listFiles(rel: string): string[] {
    const base = rel === '' || rel === '.' ? '' : `${rel}/`;
    return this.paths().filter(
      (p) =>
        p.startsWith(base) &&
        !p
          .slice(base.length)
          .split('/')
          .some((part) => part.startsWith('.') || part === 'node_modules'),
    );
  }

  /** A file's text; undefined when the tree has no such file. @throws GitError past `maxBytes` */
  async read(path: string, maxBytes: number): Promise<string | undefined> {
    const entry = this.entries.get(path);
    if (entry === undefined) return undefined;
    if (entry.size > maxBytes)
      throw new GitError('FILE_TOO_LARGE', `${this.ref}: ${path} is larger than ${maxBytes} bytes`);
    const cached = this.options.cache?.get(entry.object);
    if (cached !== undefined) return cached;
    this.options.onBlobRead?.(path);
    this.batch ??= new BlobReader(this.repo.root);
    const text = (await this.batch.read(entry.object)).toString('utf8');
    this.options.cache?.set(entry.object, text);
    return text;
  }

  /** A package directory path inside the project, `/`-separated; undefined when it leaves it. */
  static packagePath(path: string): string | undefined {
    if (posix.isAbsolute(path) || /^[a-zA-Z]:/.test(path)) return undefined;
    const normal = posix.normalize(path.replace(/\\/g, '/')).replace(/\/+$/, '');
    if (normal === '..' || normal.startsWith('../')) return undefined;
    return normal === '.' ? '' : normal;
  }

  close(): void {
    this.batch?.close();
    this.batch = undefined;
  }
}

/** One `git cat-file --batch` process: object ids in, `<id> blob <size>\n<bytes>\n` out, in order. */
class BlobReader {
  private readonly child: ChildProcessWithoutNullStreams;
  private buffer = Buffer.alloc(0);
  private readonly pending: { resolve: (b: Buffer) => void; reject: (e: Error) => void }[] = [];
  private failed: Error | undefined;

  constructor(root: string) {
    this.child = spawn('git', ['cat-file', '--batch'], {
      cwd: root,
      env: { ...process.env, ...GIT_ENV },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child.stdout.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.drain();
    });
    this.child.stderr.resume();
    const fail = (error: Error): void => {
      this.failed ??= error;
      for (const p of this.pending.splice(0)) p.reject(this.failed);
    };
    this.child.on('error', (e) => {
      fail(
        new GitError(
          'GIT_NOT_FOUND',
          `git cat-file could not start (${(e as { code?: string }).code ?? 'error'})`,
        ),
      );
    });
    this.child.on('close', () => {
      fail(new GitError('TREE_UNREADABLE', 'git cat-file ended early'));
    });
    this.child.stdin.on('error', () => undefined);
  }

  read(object: string): Promise<Buffer> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise((resolvePromise, reject) => {
      this.pending.push({ resolve: resolvePromise, reject });
      this.child.stdin.write(`${object}\n`);
    });
  }

  private drain(): void {
    for (;;) {
      const next = this.pending[0];
      if (next === undefined) return;
      const eol = this.buffer.indexOf(10);
      if (eol === -1) return;
      const header = this.buffer.subarray(0, eol).toString('utf8');
      const [, type, sizeText] = header.split(' ');
      if (type !== 'blob') {
        this.pending.shift();
        this.buffer = this.buffer.subarray(eol + 1);
        next.reject(
          new GitError(
            'TREE_UNREADABLE',
            `git object ${header.split(' ')[0] ?? ''} is not a readable blob`,
          ),
        );
        continue;
      }
      const size = Number(sizeText);
      if (this.buffer.length < eol + 1 + size + 1) return;
      const body = this.buffer.subarray(eol + 1, eol + 1 + size);
      this.buffer = this.buffer.subarray(eol + 1 + size + 1);
      this.pending.shift();
      next.resolve(Buffer.from(body));
    }
  }

  close(): void {
    this.child.stdin.end();
    if (this.child.exitCode === null) this.child.kill();
  }
}
