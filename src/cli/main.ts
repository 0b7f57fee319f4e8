// The `runas-guard` command line: thin commands over the library (docs/architecture.md 4.9).

import { Command, CommanderError, Option } from 'commander';

import { type AuditFlags, runAuditCommand } from './commands/audit.js';
import { registerCompare } from './commands/compare.js';
import { runDemoCommand } from './commands/demo.js';
import { type DoctorFlags, runDoctorCommand } from './commands/doctor.js';
import { runEmulatorCommand } from './commands/emulator.js';
import { registerMonitor } from './commands/monitor.js';
import { registerWatch } from './commands/monitor-watch.js';
import { type PreflightFlags, runPreflightCommand } from './commands/preflight.js';
import { type ProbeFlags, runProbeCommand } from './commands/probe.js';
import { runRulesCommand } from './commands/rules.js';
import { runSuggestCommand, type SuggestFlags } from './commands/suggest.js';
import { CliError, EXIT } from './errors.js';
import { addLiveSourceOptions, OUTPUT_DIR_HELP, REPORT_FORMAT_HELP } from './options.js';
import { nearMiss } from '../util/edit-distance.js';
import { VERSION } from '../version.js';

function program(): Command {
  const cli = new Command('runas-guard')
    .description('Governs the identities Salesforce client-credentials integrations run as.')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  cli
    .command('emulator')
    .description('Serve an org fixture as a local Salesforce org on 127.0.0.1 (docs/emulator.md)')
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

  addLiveSourceOptions(
    cli
      .command('audit')
      .description(
        'Audit every client-credentials app and its run-as user against the rule catalog',
      ),
  )
    .option('--project <dir>', 'an SFDX project (configuration only)')
    .option('--snapshot <file>', 're-evaluate a saved snapshot offline')
    .option('--manifest <file>', 'integration manifest (default: runas-guard.yaml when present)')
    .option('--format <formats>', REPORT_FORMAT_HELP, 'text')
    .option('--output <file>', 'write the report to a file instead of stdout')
    .option('--output-dir <dir>', OUTPUT_DIR_HELP)
    .option(
      '--fail-on <level>',
      'exit 1 on failures at or above: critical | high | medium | low | info',
    )
    .option('--now <iso>', "evaluation time (default: the org's clock at collection)")
    .option('--sandbox-suffix <name>', 'sandbox username suffix (e.g. uat)')
    .option(
      '--framework <id>',
      'group the report by the controls of a framework (e.g. owasp-nhi-2025)',
    )
    .option('--verbose', 'also show passes, evidence and remediation')
    .option(
      '--full-evidence',
      'list every excess grant and field in the report (default: the first 10, with counts)',
    )
    .option('--allow-incomplete', 'do not exit 3 when a source could not be collected')
    .option('--timeout <duration>', 'overall deadline of live collection (e.g. 30m, 90s)', '30m')
    .option('--max-requests <n>', 'send at most N API requests; what is left is not collected')
    .option('--save-snapshot <file>', 'write the collected snapshot to a file')
    .option('--probe', 'also probe each integration whose secret is in RUNAS_GUARD_SECRET_<APP>')
    .action(async (flags: AuditFlags) => {
      process.exitCode = (await runAuditCommand(flags)).exitCode;
    });

  addLiveSourceOptions(
    cli
      .command('probe')
      .description(
        "Request a token with an app's own client credentials and run its read-only follow-on calls; diagnose any failure",
      )
      .requiredOption('--app <name>', 'developer name of the Connected App or External Client App')
      .option(
        '--client-id <id>',
        "the app's consumer key (default: manifest clientId, app metadata)",
      )
      .option(
        '--client-secret-env <var>',
        "environment variable holding the app's consumer secret (default: read from stdin)",
      )
      .addOption(new Option('--client-secret <value>').hideHelp())
      .option('--login-url <url>', "token host (default: the org's My Domain)"),
  )
    .option('--project <dir>', 'an SFDX project (configuration only)')
    .option('--snapshot <file>', 'rank causes with the facts of a saved snapshot')
    .option('--manifest <file>', 'integration manifest (default: runas-guard.yaml when present)')
    .option('--format <format>', 'text | json', 'text')
    .option('--output <file>', 'write the result to a file instead of stdout')
    .option('--verbose', 'also each request, every candidate cause and the full diagnosis')
    .action(async (flags: ProbeFlags) => {
      process.exitCode = await runProbeCommand(flags);
    });

  addLiveSourceOptions(
    cli
      .command('doctor')
      .description(
        "Check the connected user's own access against every request the audit sends (docs/permissions.md)",
      )
      .argument('[source]', 'an org alias the Salesforce CLI knows (as --target-org)'),
  )
    .option('--format <format>', 'text | json', 'text')
    .option('--output <file>', 'write the result to a file instead of stdout')
    .option('--timeout <duration>', 'overall deadline (e.g. 30m, 90s)', '30m')
    .option('--max-requests <n>', 'send at most N API requests; the checks left are not tried')
    .action(async (source: string | undefined, flags: DoctorFlags) => {
      process.exitCode = await runDoctorCommand(source, flags);
    });

  addLiveSourceOptions(
    cli
      .command('suggest')
      .description(
        "Write the least-privilege permission set for an app's declared needs, its policy file pre-authorizing it, and the steps to move (docs/suggest.md)",
      )
      .requiredOption('--app <name>', 'developer name of the Connected App or External Client App')
      .requiredOption('--out <dir>', 'directory to write the source-format files to'),
  )
    .option('--project <dir>', 'an SFDX project (its policy file is updated)')
    .option('--snapshot <file>', 'a saved snapshot')
    .option('--manifest <file>', 'integration manifest (default: runas-guard.yaml when present)')
    .option('--name <name>', 'API name of the permission set (default: <App>_Least_Privilege)')
    .option('--format <format>', 'text | json', 'text')
    .option('--force', 'replace files that already exist under --out')
    .option('--now <iso>', "evaluation time (default: the org's clock at collection)")
    .option('--timeout <duration>', 'overall deadline of live collection (e.g. 30m, 90s)', '30m')
    .action(async (flags: SuggestFlags) => {
      process.exitCode = await runSuggestCommand(flags);
    });

  cli
    .command('preflight')
    .description(
      "Compare a change's git commits: declared needs an integration loses, access it gains, what else the change introduces (docs/preflight.md)",
    )
    .requiredOption('--project <dir>', 'the SFDX project directory, inside a git repository')
    .requiredOption('--base <ref>', 'the git commit the change starts from (e.g. origin/main)')
    .option('--head <ref>', 'the git commit of the change (default: HEAD; never the working tree)')
    .option(
      '--manifest <file>',
      "integration manifest (default: the head's <project>/runas-guard.yaml)",
    )
    .option('--format <formats>', REPORT_FORMAT_HELP, 'text')
    .option('--output <file>', 'write the report to a file instead of stdout')
    .option('--output-dir <dir>', OUTPUT_DIR_HELP)
    .option(
      '--fail-on <level>',
      'exit 1 on introduced failures at or above: critical | high | medium | low | info',
    )
    .option('--now <iso>', 'evaluation time (default: the start of the current UTC day)')
    .option('--sandbox-suffix <name>', 'sandbox username suffix (e.g. uat)')
    .option('--allow-incomplete', 'do not exit 2 when an integration cannot be evaluated')
    .option(
      '--target-org <alias>',
      "live source: the run-as users' assignments from the org the Salesforce CLI knows as alias",
    )
    .option('--instance-url <url>', 'live source: the org at this URL, token in SF_ACCESS_TOKEN')
    .option(
      '--max-requests <n>',
      'live source: send at most N API requests; what is left is not collected',
    )
    .action(async (flags: PreflightFlags) => {
      process.exitCode = (await runPreflightCommand(flags)).exitCode;
    });

  registerCompare(cli);

  registerMonitor(cli, [registerWatch]);

  cli
    .command('rules')
    .description('The rule catalog: list, or explain one rule')
    .argument('[action]', 'list | explain', 'list')
    .argument('[id]', 'rule id or slug (explain)')
    .option('--format <format>', 'text | json', 'text')
    .action((action: string, id: string | undefined, flags: { format?: string }) => {
      if (action !== 'list' && action !== 'explain')
        throw new CliError(`rules: unknown action "${action}"`);
      if (flags.format !== undefined && flags.format !== 'text' && flags.format !== 'json') {
        throw new CliError(`--format: expected text or json, got "${flags.format}"`);
      }
      process.exitCode = runRulesCommand(
        {
          action,
          ...(id !== undefined ? { id } : {}),
          ...(flags.format !== undefined ? { format: flags.format } : {}),
        },
        (s) => process.stdout.write(s),
      );
    });

  cli
    .command('demo')
    .description(
      'Serve the bundled demo org in the emulator and audit it over HTTP like a real org',
    )
    .option('--verbose', 'the full audit report: every finding with its evidence and remediation')
    .option('--format <format>', 'text | json', 'text')
    .action(async (flags: { verbose?: boolean; format?: string }) => {
      process.exitCode = await runDemoCommand(flags);
    });

  return cli;
}

/**
 * The command an argument list names when no command of the program has that name (`help NAME`
 * included). Commander would print the top help and exit 0 for `frobnicate --help`.
 */
export function unknownCommandOf(cli: Command, argv: readonly string[]): string | undefined {
  // The program's own options take no value, so the first operand is the command.
  const end = argv.indexOf('--');
  const operands = (end === -1 ? argv : argv.slice(0, end)).filter((a) => !a.startsWith('-'));
  const known = new Set(cli.commands.flatMap((c) => [c.name(), ...c.aliases()]));
  const [first, second] = operands;
  if (first === undefined) return undefined;
  if (first === 'help') return second === undefined || known.has(second) ? undefined : second;
  return known.has(first) ? undefined : first;
}

/** Runs the CLI and returns the exit code; never throws. */
export async function main(argv: string[]): Promise<number> {
  try {
    const cli = program();
    const unknown = unknownCommandOf(cli, argv);
    if (unknown !== undefined) {
      const known = cli.commands.map((c) => c.name());
      const near = nearMiss(unknown, known);
      throw new CliError(
        `unknown command ${JSON.stringify(unknown.slice(0, 100))}${near === undefined ? '' : ` (did you mean ${near}?)`}; commands: ${known.join(', ')}`,
      );
    }
    await cli.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof CliError) {
      process.stderr.write(`runas-guard: ${error.message}\n`);
      return error.exitCode;
    }
    // Collection errors carry their exit code (3: could not collect or authenticate); fixture,
    // manifest, configuration and internal errors are exit 2. One message, no stack.
    const e = error as { message?: string; exitCode?: unknown; hints?: unknown };
    process.stderr.write(`runas-guard: ${e.message ?? String(error)}\n`);
    if (Array.isArray(e.hints))
      for (const hint of e.hints) process.stderr.write(`  ${String(hint)}\n`);
    return e.exitCode === EXIT.collection ? EXIT.collection : EXIT.usage;
  }
}

/**
 * The binary's entry: runs the CLI and sets the exit code. Whatever a hostile server left open (a
 * socket that never closes) must not keep the process alive once the command is done: the unref'd
 * timer ends it then, and never delays a process that has nothing left to do.
 */
export async function runAndExit(argv: string[]): Promise<void> {
  // A reader that stops early (`| head`) closes the pipe: the output is no longer wanted, which is
  // not a crash. The exit code stays the command's.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  const code = await main(argv);
  process.exitCode = code;
  setTimeout(() => process.exit(code), 2_000).unref();
}
