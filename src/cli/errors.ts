// Exit codes, everywhere (docs/adr/0005-audit-pipeline-and-exit-codes.md): 0 clean, 1 findings, 2 usage/config/input, 3 could not collect.

export const EXIT = { ok: 0, findings: 1, usage: 2, collection: 3 } as const;

/** An error the CLI reports in one line and maps to an exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.usage,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
