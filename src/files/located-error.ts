// The error of an input file the tool reads as a whole (an SFDX project, an org fixture): it names
// the file, the line where known, the record and the field, so the CLI prints `file:line` and exits 2.
// The SFDX metadata reader raises it as a ProjectError, the org fixture loader as a FixtureError.

export interface LocatedErrorDetails {
  /** Path relative to the directory read, with `/` separators. */
  file: string;
  line?: number | undefined;
  /** The record's referenceId (or `#<index>` when it has none). */
  record?: string | undefined;
  /** Field or element name; dotted for nested ones (`clients.0.app`). */
  field?: string | undefined;
  hints?: string[] | undefined;
  cause?: unknown;
}

export class LocatedError<Code extends string = string> extends Error {
  override readonly name: string = 'LocatedError';
  readonly code: Code;
  readonly file: string;
  readonly line: number | undefined;
  readonly record: string | undefined;
  readonly field: string | undefined;
  readonly hints: string[];
  /** The sentence without the location prefix. */
  readonly reason: string;

  constructor(code: Code, reason: string, details: LocatedErrorDetails) {
    super(
      `${formatLocation(details)}: ${reason}`,
      details.cause === undefined ? undefined : { cause: details.cause },
    );
    this.code = code;
    this.reason = reason;
    this.file = details.file;
    this.line = details.line;
    this.record = details.record;
    this.field = details.field;
    this.hints = details.hints ?? [];
  }

  /** Where it is, as the constructor took it (to raise the same error again elsewhere). */
  get details(): LocatedErrorDetails {
    return {
      file: this.file,
      line: this.line,
      record: this.record,
      field: this.field,
      hints: this.hints,
    };
  }
}

function formatLocation(details: LocatedErrorDetails): string {
  let out = details.line === undefined ? details.file : `${details.file}:${details.line}`;
  if (details.record !== undefined) out += ` record ${details.record}`;
  if (details.field !== undefined) out += ` field ${details.field}`;
  return out;
}

/** 1-based line of a character offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
