// `sf runas preflight`: the standalone `runas-guard preflight` (runPreflightCommand); the org of
// an explicit `--target-org` adds the run-as users' assignments. With `--json` the preflight report
// is the envelope's `result`.

import { Messages } from '@salesforce/core';
import { Flags } from '@salesforce/sf-plugins-core';
import { type PreflightFlags, runPreflightCommand } from 'runas-guard';

import { givenExplicitly, orgAccess, RunasCommand, withJsonReport } from '../../runas-command.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('runas-guard-sf', 'runas.preflight');

export default class Preflight extends RunasCommand<unknown> {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = messages.getMessages('examples');

  public static override readonly flags = {
    project: Flags.string({
      summary: messages.getMessage('flags.project.summary'),
      required: true,
    }),
    base: Flags.string({ summary: messages.getMessage('flags.base.summary'), required: true }),
    head: Flags.string({ summary: messages.getMessage('flags.head.summary') }),
    manifest: Flags.string({ summary: messages.getMessage('flags.manifest.summary') }),
    format: Flags.string({ summary: messages.getMessage('flags.format.summary'), default: 'text' }),
    output: Flags.string({ summary: messages.getMessage('flags.output.summary') }),
    'output-dir': Flags.string({ summary: messages.getMessage('flags.output-dir.summary') }),
    'fail-on': Flags.string({ summary: messages.getMessage('flags.fail-on.summary') }),
    now: Flags.string({ summary: messages.getMessage('flags.now.summary') }),
    'sandbox-suffix': Flags.string({
      summary: messages.getMessage('flags.sandbox-suffix.summary'),
    }),
    'allow-incomplete': Flags.boolean({
      summary: messages.getMessage('flags.allow-incomplete.summary'),
    }),
    'target-org': Flags.optionalOrg({
      summary: messages.getMessage('flags.target-org.summary'),
    }),
    'api-version': Flags.orgApiVersion(),
    'max-requests': Flags.string({ summary: messages.getMessage('flags.max-requests.summary') }),
  };

  public async run(): Promise<unknown> {
    const { flags, metadata } = await this.parse(Preflight);
    // Preflight reads git; the org only when named (the default org is not read unasked).
    const org = givenExplicitly(metadata, 'target-org') ? flags['target-org'] : undefined;
    const access = org === undefined ? undefined : await orgAccess(org, flags['api-version']);
    const common: PreflightFlags = {
      project: flags.project,
      base: flags.base,
      ...(flags.head !== undefined ? { head: flags.head } : {}),
      ...(flags.manifest !== undefined ? { manifest: flags.manifest } : {}),
      format: flags.format,
      ...(flags.output !== undefined ? { output: flags.output } : {}),
      ...(flags['output-dir'] !== undefined ? { outputDir: flags['output-dir'] } : {}),
      ...(flags['fail-on'] !== undefined ? { failOn: flags['fail-on'] } : {}),
      ...(flags.now !== undefined ? { now: flags.now } : {}),
      ...(flags['sandbox-suffix'] !== undefined ? { sandboxSuffix: flags['sandbox-suffix'] } : {}),
      allowIncomplete: flags['allow-incomplete'],
      ...(access !== undefined ? { instanceUrl: access.instanceUrl } : {}),
      ...(flags['api-version'] !== undefined ? { apiVersion: flags['api-version'] } : {}),
      ...(flags['max-requests'] !== undefined ? { maxRequests: flags['max-requests'] } : {}),
    };
    // The org's token goes to the library in memory (as SF_ACCESS_TOKEN of its env), never printed.
    const env = access?.env ?? process.env;
    const run = (f: PreflightFlags) => runPreflightCommand(f, env);
    if (!this.jsonEnabled()) {
      process.exitCode = (await run(common)).exitCode;
      return undefined;
    }
    const { outcome, json } = await withJsonReport(common, run);
    process.exitCode = outcome.exitCode;
    return json;
  }
}
