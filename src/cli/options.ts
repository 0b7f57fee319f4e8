// Options that several commands share, declared once so their names and help never drift apart.

import type { Command } from 'commander';

/** The live source flags of every command that reads an org (audit, probe, doctor). */
export function addLiveSourceOptions(command: Command): Command {
  return command
    .option('--target-org <alias>', 'an org authenticated with the Salesforce CLI')
    .option('--instance-url <url>', "the org's My Domain URL (token in SF_ACCESS_TOKEN)")
    .option('--auditor-client-id <id>', "client id of the auditor's own client-credentials app")
    .option(
      '--auditor-client-secret-env <var>',
      "environment variable holding the auditor app's secret",
    );
}

/** `--format`'s help: one format, or several with `--output-dir` (docs/formats.md). */
export const REPORT_FORMAT_HELP =
  'text | json | sarif | junit | markdown | html; several, comma-separated, with --output-dir';
/** `--output-dir`'s help. */
export const OUTPUT_DIR_HELP =
  'write each --format to DIR/runas-guard.<ext> (.txt, .json, .sarif, .junit.xml, .md, .html)';
