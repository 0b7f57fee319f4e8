// The one error the history store raises (docs/adr/0017-history-store.md): a store that cannot be
// opened or written is the user's configuration (`--db`), so the CLI prints the message and exits 2.

import { redactQuery } from '../../util/redact.js';

export class StoreError extends Error {
  override readonly name = 'StoreError';
  /** Exit 2: usage, configuration or input (docs/adr/0005-audit-pipeline-and-exit-codes.md). */
  readonly exitCode = 2;
}

/** `postgres://user:***@host/db`: the password of a URL (and a `?password=` parameter) hidden. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    parsed.search = redactQuery(parsed.search);
    return parsed.toString();
  } catch {
    // Not a URL: hide whatever sits between `user:` and `@`, and any password parameter.
    return url.replace(/(\/\/[^/:@]*:)[^@]*@/, '$1***@').replace(/(password=)[^&\s]*/gi, '$1***');
  }
}

/** The password of a connection URL, raw and decoded: the values a message must never show. */
export function passwordsOf(url: string): string[] {
  try {
    const raw = new URL(url).password;
    if (raw === '') return [];
    let decoded = raw;
    try {
      decoded = decodeURIComponent(raw);
    } catch {
      // A malformed escape: the raw form is all there is.
    }
    return [...new Set([raw, decoded])];
  } catch {
    return [];
  }
}

/** A driver's message with the connection's secrets removed, one line. */
export function cleanMessage(error: unknown, secrets: readonly string[]): string {
  const raw = error instanceof Error ? error.message : String(error);
  let out = raw.replace(/\s+/g, ' ').trim();
  // Shorter values would star random letters; the drivers never quote a password anyway.
  for (const secret of secrets) if (secret.length >= 3) out = out.split(secret).join('***');
  return out === '' ? 'unknown error' : out;
}
