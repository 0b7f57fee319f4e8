// The one error family the collector throws (docs/architecture.md 5). Per-request failures are not
// thrown: they go to the ledger. What is thrown stops the run: the auditor could not authenticate,
// a live source is misconfigured, or a snapshot file cannot be read.

export type CollectErrorCode =
  /** The auditor's own token was refused (exit 3). */
  | 'AUTH_FAILED'
  /** The org could not be reached at all: connection refused, unknown host, TLS (exit 3). */
  | 'UNREACHABLE'
  /** The org's identity (Organization row) or clock could not be read: every finding depends on them (exit 3). */
  | 'ORG_UNREADABLE'
  /** `sf` is not on PATH (exit 3). */
  | 'SF_CLI_MISSING'
  /** `sf` ran but could not give the org's URL or token (exit 3). */
  | 'SF_CLI_FAILED'
  /** Flags or environment of a live source are wrong or incomplete (exit 2). */
  | 'SOURCE_INVALID'
  /** A snapshot file is not valid JSON or not a snapshot (exit 2). */
  | 'SNAPSHOT_INVALID'
  /** A snapshot written by another schema version (exit 2). */
  | 'SNAPSHOT_VERSION_UNSUPPORTED';

const EXIT_CODES: Readonly<Record<CollectErrorCode, 2 | 3>> = {
  AUTH_FAILED: 3,
  UNREACHABLE: 3,
  ORG_UNREADABLE: 3,
  SF_CLI_MISSING: 3,
  SF_CLI_FAILED: 3,
  SOURCE_INVALID: 2,
  SNAPSHOT_INVALID: 2,
  SNAPSHOT_VERSION_UNSUPPORTED: 2,
};

export class CollectError extends Error {
  readonly code: CollectErrorCode;
  /** The CLI exit code (docs/architecture.md 5): 2 for usage and input, 3 for collection and auth. */
  readonly exitCode: 2 | 3;
  readonly hints: readonly string[];

  constructor(
    code: CollectErrorCode,
    message: string,
    options: { cause?: unknown; hints?: readonly string[] } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CollectError';
    this.code = code;
    this.exitCode = EXIT_CODES[code];
    this.hints = options.hints ?? [];
  }
}
