// `sf runas audit`: the standalone `runas-guard audit` (runAuditCommand) with the org from
// `--target-org`; with `--json` the report is the envelope's `result`.

import { Messages } from '@salesforce/core';
import { Flags } from '@salesforce/sf-plugins-core';
import { type AuditFlags, type AuditReport, runAuditCommand } from 'runas-guard';

import { givenExplicitly, orgAccess, RunasCommand, withJsonReport } from '../../runas-command.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('runas-guard-sf', 'runas.audit');

export default class Audit extends RunasCommand<AuditReport | undefined> {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = messages.getMessages('examples');

  public static override readonly flags = {
    'target-org': Flags.optionalOrg({
      summary: messages.getMessage('flags.target-org.summary'),
    }),
    'api-version': Flags.orgApiVersion(),
    project: Flags.string({ summary: messages.getMessage('flags.project.summary') }),
    snapshot: Flags.string({ summary: messages.getMessage('flags.snapshot.summary') }),
    manifest: Flags.string({ summary: messages.getMessage('flags.manifest.summary') }),
    format: Flags.string({ summary: messages.getMessage('flags.format.summary'), default: 'text' }),
    output: Flags.string({ summary: messages.getMessage('flags.output.summary') }),
    'output-dir': Flags.string({ summary: messages.getMessage('flags.output-dir.summary') }),
    'fail-on': Flags.string({ summary: messages.getMessage('flags.fail-on.summary') }),
    now: Flags.string({ summary: messages.getMessage('flags.now.summary') }),
    'sandbox-suffix': Flags.string({
      summary: messages.getMessage('flags.sandbox-suffix.summary'),
    }),
    framework: Flags.string({ summary: messages.getMessage('flags.framework.summary') }),
    verbose: Flags.boolean({ summary: messages.getMessage('flags.verbose.summary') }),
    'full-evidence': Flags.boolean({
      summary: messages.getMessage('flags.full-evidence.summary'),
    }),
    'allow-incomplete': Flags.boolean({
      summary: messages.getMessage('flags.allow-incomplete.summary'),
    }),
    timeout: Flags.string({
      summary: messages.getMessage('flags.timeout.summary'),
      default: '30m',
    }),
    'max-requests': Flags.string({ summary: messages.getMessage('flags.max-requests.summary') }),
    'save-snapshot': Flags.string({ summary: messages.getMessage('flags.save-snapshot.summary') }),
    probe: Flags.boolean({ summary: messages.getMessage('flags.probe.summary') }),
  };

  public async run(): Promise<AuditReport | undefined> {
    const { flags, metadata } = await this.parse(Audit);
    // The default org stands in for a missing --target-org only when nothing else names a source,
    // as the standalone CLI needs --target-org for --project to add the org's user state.
    const useOrg =
      flags['target-org'] !== undefined &&
      (givenExplicitly(metadata, 'target-org') ||
        (flags.project === undefined && flags.snapshot === undefined));
    const access =
      useOrg && flags['target-org']
        ? await orgAccess(flags['target-org'], flags['api-version'])
        : undefined;
    const common: AuditFlags = {
      ...(access !== undefined ? { instanceUrl: access.instanceUrl } : {}),
      ...(flags['api-version'] !== undefined ? { apiVersion: flags['api-version'] } : {}),
      ...(flags.project !== undefined ? { project: flags.project } : {}),
      ...(flags.snapshot !== undefined ? { snapshot: flags.snapshot } : {}),
      ...(flags.manifest !== undefined ? { manifest: flags.manifest } : {}),
      format: flags.format,
      ...(flags.output !== undefined ? { output: flags.output } : {}),
      ...(flags['output-dir'] !== undefined ? { outputDir: flags['output-dir'] } : {}),
      ...(flags['fail-on'] !== undefined ? { failOn: flags['fail-on'] } : {}),
      ...(flags.now !== undefined ? { now: flags.now } : {}),
      ...(flags['sandbox-suffix'] !== undefined ? { sandboxSuffix: flags['sandbox-suffix'] } : {}),
      ...(flags.framework !== undefined ? { framework: flags.framework } : {}),
      verbose: flags.verbose,
      fullEvidence: flags['full-evidence'],
      allowIncomplete: flags['allow-incomplete'],
      timeout: flags.timeout,
      ...(flags['max-requests'] !== undefined ? { maxRequests: flags['max-requests'] } : {}),
      ...(flags['save-snapshot'] !== undefined ? { saveSnapshot: flags['save-snapshot'] } : {}),
      probe: flags.probe,
    };
    const env = access?.env ?? process.env;
    if (!this.jsonEnabled()) {
      process.exitCode = (await runAuditCommand(common, env)).exitCode;
      return undefined; // the command printed the report
    }
    // --json: stdout is the envelope's; the JSON report goes to a file and becomes `result`.
    const { outcome, json } = await withJsonReport(common, (f) => runAuditCommand(f, env));
    process.exitCode = outcome.exitCode;
    return json as AuditReport;
  }
}
