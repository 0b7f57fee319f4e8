// RG-0026's evidence: consumer secrets and private keys in the files of a project's package
// directories. Every file is read (metadata or not, text or not), in bounded chunks, and only where
// a secret starts is kept: file, line and kind. The value itself never leaves this module.

import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

import { FileError, openRegularFile, type OpenedRegularFile } from '../../files/index.js';
import { ProjectError } from '../../metadata/errors.js';
import type { SourceSecret, SourceSecretKind } from '../../model/snapshot.js';

/** Bytes of all files read before giving up: a wrong or hostile directory must not run for hours. */
export const MAX_SCAN_BYTES = 512 * 1024 * 1024;
/** Files visited before giving up (the same bound as the metadata reader's). */
export const MAX_SCAN_FILES = 100_000;
const MAX_DEPTH = 32;
const CHUNK_BYTES = 1024 * 1024;
/**
 * Characters kept from one chunk for the next, so that a marker cut by a chunk boundary is still
 * found. Longer than any match of the patterns below (their repetitions are bounded).
 */
const OVERLAP = 1024;
/** Directories that are never part of the project's own source. */
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', '.sf', '.sfdx']);

/**
 * A non-empty `<consumerSecret>` element (Connected App `oauthConfig`, External Client App global
 * OAuth settings; docs/salesforce-behaviour.md 2.2), a Salesforce access token, and the start of a PEM private key of any algorithm,
 * encrypted or not (`-----BEGIN RSA PRIVATE KEY-----`, `-----BEGIN OPENSSH PRIVATE KEY-----`,
 * `-----BEGIN PGP PRIVATE KEY BLOCK-----`). `<consumerSecret/>` and `<consumerSecret></consumerSecret>`
 * hold nothing; `isConsumerSecretOptional` is another element.
 */
const PATTERNS: readonly { kind: SourceSecretKind; pattern: RegExp }[] = [
  { kind: 'consumerSecret', pattern: /<consumerSecret(?:\s[^<>]{0,200})?>\s{0,200}[^<\s]/g },
  { kind: 'privateKey', pattern: /-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----/g },
  // An access or session token: the org id (00D, 15 or 18 characters), `!`, then the token
  // proper. An org id alone, or a consumer key (3MVG...), is not one.
  {
    kind: 'accessToken',
    pattern: /(?<![0-9A-Za-z])00D[0-9A-Za-z]{12}(?:[0-9A-Za-z]{3})?![0-9A-Za-z._]{40,400}/g,
  },
];

/**
 * PKCS#12 key stores exist to carry a private key with its certificate; they are binary, so no
 * marker finds them. Reported at line 1.
 */
const KEY_STORE_EXTENSIONS = ['.p12', '.pfx'];

export interface SecretHit {
  /** 1-based line where the secret starts. */
  line: number;
  kind: SourceSecretKind;
}

/** The secrets in one text: where each starts, in order. */
export function findSecrets(text: string): SecretHit[] {
  const scanner = new ChunkScanner();
  scanner.push(text, true);
  return scanner.hits;
}

export interface ScanOptions {
  /** The app whose metadata a file is, by project-relative path (`/`-separated). */
  appOfFile?: ReadonlyMap<string, string>;
  /** Project-relative paths never scanned (emulator.json of an org fixture). */
  exclude?: ReadonlySet<string>;
}

/**
 * Scans every file under the package directories (relative to `root`, `/`-separated). Symbolic
 * links are not followed: they could leave the project or loop. Sorted by file, then line.
 */
export async function scanSecrets(
  root: string,
  packageDirectories: readonly string[],
  options: ScanOptions = {},
): Promise<SourceSecret[]> {
  const files = new Set<string>();
  for (const dir of packageDirectories) await walk(root, dir === '.' ? '' : dir, 0, files);
  const budget = { bytes: MAX_SCAN_BYTES };
  const out: SourceSecret[] = [];
  for (const file of [...files].sort()) {
    if (options.exclude?.has(file) === true) continue;
    const app = options.appOfFile?.get(file);
    const at = (hit: SecretHit): SourceSecret => ({ file, ...hit, ...(app ? { app } : {}) });
    if (KEY_STORE_EXTENSIONS.some((ext) => file.toLowerCase().endsWith(ext))) {
      out.push(at({ line: 1, kind: 'privateKey' }));
      continue;
    }
    for (const hit of await scanFile(root, file, budget)) out.push(at(hit));
  }
  return out;
}

/**
 * A project's files read from elsewhere than the disk (preflight: a git tree,
 * docs/preflight.md). `files(dir)` lists every file under a package directory, dot-names
 * included; `read` returns a file's UTF-8 text within `maxBytes` (throws ProjectError past it).
 */
export interface SecretScanSource {
  files(dir: string): readonly string[];
  read(file: string, maxBytes: number, optional?: boolean): Promise<string | undefined>;
  /** An id of the file's content (a git blob id), when known: see ScanCache. */
  contentId?(file: string): string | undefined;
}

/**
 * What scanning a content found, by content id: preflight scans both sides of a change through
 * one cache, so the head reads and scans only the blobs the change touched.
 */
export type ScanCache = Map<string, { bytes: number; hits: readonly SecretHit[] }>;

/**
 * `scanSecrets` over another file source: the same patterns, exclusions, caps and results as on
 * disk, a file at a time (a git blob is read whole; the per-file cap is the bytes left to scan).
 */
export async function scanSecretsFrom(
  source: SecretScanSource,
  packageDirectories: readonly string[],
  options: ScanOptions = {},
  cache?: ScanCache,
): Promise<SourceSecret[]> {
  const files = new Set<string>();
  for (const dir of packageDirectories) {
    const base = dir === '.' ? '' : dir;
    for (const file of source.files(base)) {
      const below = base === '' ? file : file.slice(base.length + 1);
      if (below.split('/').some((part) => SKIPPED_DIRECTORIES.has(part))) continue;
      files.add(file);
      if (files.size > MAX_SCAN_FILES)
        throw new ProjectError(
          'TOO_MANY_FILES',
          `more than ${MAX_SCAN_FILES} files under the package directories`,
          { file: base === '' ? '.' : base },
        );
    }
  }
  let left = MAX_SCAN_BYTES;
  const out: SourceSecret[] = [];
  for (const file of [...files].sort()) {
    if (options.exclude?.has(file) === true) continue;
    const app = options.appOfFile?.get(file);
    const at = (hit: SecretHit): SourceSecret => ({ file, ...hit, ...(app ? { app } : {}) });
    if (KEY_STORE_EXTENSIONS.some((ext) => file.toLowerCase().endsWith(ext))) {
      out.push(at({ line: 1, kind: 'privateKey' }));
      continue;
    }
    const id = cache === undefined ? undefined : source.contentId?.(file);
    const known = id === undefined ? undefined : cache?.get(id);
    // Within the budget as if read again (a file past it is read, and refused, as before).
    if (known !== undefined && known.bytes <= left) {
      left -= known.bytes;
      for (const hit of known.hits) out.push(at(hit));
      continue;
    }
    let text: string | undefined;
    try {
      text = await source.read(file, left, true);
    } catch (error) {
      if (error instanceof ProjectError && error.code === 'FILE_TOO_LARGE')
        throw new ProjectError(
          'FILE_TOO_LARGE',
          `the package directories hold more than ${MAX_SCAN_BYTES} bytes to scan for secrets`,
          { file, cause: error },
        );
      throw error;
    }
    if (text === undefined) continue;
    const bytes = Buffer.byteLength(text, 'utf8');
    left -= bytes;
    const hits = findSecrets(text);
    if (id !== undefined) cache?.set(id, { bytes, hits });
    for (const hit of hits) out.push(at(hit));
  }
  return out;
}

async function walk(root: string, rel: string, depth: number, out: Set<string>): Promise<void> {
  if (depth > MAX_DEPTH) return;
  const entries = await readdir(join(root, rel), { withFileTypes: true });
  for (const entry of entries) {
    const child = rel === '' ? entry.name : `${rel}/${entry.name}`;
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name)) await walk(root, child, depth + 1, out);
    } else if (entry.isFile()) {
      out.add(child);
      if (out.size > MAX_SCAN_FILES) {
        throw new ProjectError(
          'TOO_MANY_FILES',
          `more than ${MAX_SCAN_FILES} files under the package directories`,
          { file: rel === '' ? '.' : rel },
        );
      }
    }
  }
}

async function scanFile(
  root: string,
  file: string,
  budget: { bytes: number },
): Promise<SecretHit[]> {
  const path = join(root, ...file.split('/'));
  // Checked on the open handle: a FIFO, device or link put in the walk's place is skipped, never read.
  let opened: OpenedRegularFile;
  try {
    opened = await openRegularFile(path, { followSymlinks: false });
  } catch (error) {
    if (error instanceof FileError && error.code === 'FILE_NOT_REGULAR') return [];
    if (error instanceof FileError)
      throw new ProjectError('FILE_UNREADABLE', error.reason, { file, cause: error });
    throw error;
  }
  const { handle } = opened;
  const size = opened.stats.size;
  budget.bytes -= size;
  if (budget.bytes < 0) {
    await handle.close();
    throw new ProjectError(
      'FILE_TOO_LARGE',
      `the package directories hold more than ${MAX_SCAN_BYTES} bytes to scan for secrets`,
      { file },
    );
  }
  try {
    const decoder = new TextDecoder('utf-8');
    const scanner = new ChunkScanner();
    const buffer = Buffer.alloc(CHUNK_BYTES);
    // Bounded by the size read at open: a file that grows while it is read is not followed.
    let left = size;
    while (left > 0) {
      const { bytesRead } = await handle.read(buffer, 0, Math.min(CHUNK_BYTES, left));
      if (bytesRead === 0) break;
      left -= bytesRead;
      scanner.push(decoder.decode(buffer.subarray(0, bytesRead), { stream: true }), false);
    }
    scanner.push(decoder.decode(), true);
    return scanner.hits;
  } finally {
    await handle.close();
  }
}

/** Finds the patterns in text that arrives in pieces, counting lines as it goes. */
class ChunkScanner {
  readonly hits: SecretHit[] = [];
  /** Text not yet examined to its end: the tail of the previous pieces. */
  #pending = '';
  /** Line number of the first character of `#pending`. */
  #line = 1;

  push(text: string, last: boolean): void {
    const all = this.#pending + text;
    // Matches that start before `cut` are complete (OVERLAP exceeds any match); later ones wait.
    const cut = last ? all.length : Math.max(0, all.length - OVERLAP);
    const found: { index: number; kind: SourceSecretKind }[] = [];
    for (const { kind, pattern } of PATTERNS) {
      for (const match of all.matchAll(pattern))
        if (match.index < cut) found.push({ index: match.index, kind });
    }
    found.sort((a, b) => a.index - b.index);
    let line = this.#line;
    let from = 0;
    for (const { index, kind } of found) {
      line += countNewlines(all, from, index);
      from = index;
      this.hits.push({ line, kind });
    }
    this.#line = line + countNewlines(all, from, cut);
    this.#pending = all.slice(cut);
  }
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) count++;
  return count;
}
