// The `runas-guard` command line: thin commands over the library (SPEC.md section 3).

import { Command, CommanderError } from 'commander';

import { runDemoCommand } from './commands/demo.js';
import { runEmulatorCommand } from './commands/emulator.js';
import { CliError, EXIT } from './errors.js';
import { VERSION } from '../version.js';

function program(): Command {
  const cli = new Command('runas-guard')
    .description('Governs the identities Salesforce client-credentials integrations run as.')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  cli
    .command('emulator')
    .description('Serve an org fixture as a local Salesforce org on 127.0.0.1 (SPEC.md section 9)')
    .requiredOption('--org <dir>', 'org fixture directory')
    .option('--port <n>', 'port of the My Domain listener (default: a free port)')
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--faults <file>', 'fault injection rules (JSON)')
    .option(
      '--token-file <file>',
      'write the auditor token to this file (mode 0600) instead of stdout',
    )
    .option('--quiet', 'do not write the request log to stderr')
    .action(async (flags: Parameters<typeof runEmulatorCommand>[0]) => {
      process.exitCode = await runEmulatorCommand(flags);
    });

  cli
    .command('demo')
    .description('Serve the bundled demo org and talk to it over HTTP like a real org')
    .option('--verbose', 'show every request the emulator served')
    .action(async (flags: { verbose?: boolean }) => {
      process.exitCode = await runDemoCommand(flags);
    });

  return cli;
}

/** Runs the CLI and returns the exit code; never throws. */
export async function main(argv: string[]): Promise<number> {
  try {
    await program().parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof CliError) {
      process.stderr.write(`runas-guard: ${error.message}\n`);
      return error.exitCode;
    }
    // Fixture, configuration and internal errors: one line, exit 2.
    process.stderr.write(`runas-guard: ${(error as Error).message}\n`);
    return EXIT.usage;
  }
}
