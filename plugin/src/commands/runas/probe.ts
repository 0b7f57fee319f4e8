// `sf runas probe`: the standalone `runas-guard probe` (runProbeCommand) with the org from
// `--target-org`; with `--json` the probe report is the envelope's `result`.

import { Messages } from '@salesforce/core';
import { Flags } from '@salesforce/sf-plugins-core';
import { type ProbeFlags, type ProbeIo, runProbeCommand } from 'runas-guard';

import { givenExplicitly, orgAccess, readJson, RunasCommand } from '../../runas-command.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('runas-guard-sf', 'runas.probe');

export default class Probe extends RunasCommand<unknown> {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = messages.getMessages('examples');

  public static override readonly flags = {
    app: Flags.string({ summary: messages.getMessage('flags.app.summary'), required: true }),
    'target-org': Flags.optionalOrg({
      summary: messages.getMessage('flags.target-org.summary'),
    }),
    'api-version': Flags.orgApiVersion(),
    'client-id': Flags.string({ summary: messages.getMessage('flags.client-id.summary') }),
    'client-secret-env': Flags.string({
      summary: messages.getMessage('flags.client-secret-env.summary'),
    }),
    // Refused with exit 2, as by the standalone CLI: a secret in argv leaks.
    'client-secret': Flags.string({ hidden: true }),
    'login-url': Flags.string({ summary: messages.getMessage('flags.login-url.summary') }),
    project: Flags.string({ summary: messages.getMessage('flags.project.summary') }),
    snapshot: Flags.string({ summary: messages.getMessage('flags.snapshot.summary') }),
    manifest: Flags.string({ summary: messages.getMessage('flags.manifest.summary') }),
    format: Flags.string({ summary: messages.getMessage('flags.format.summary'), default: 'text' }),
    output: Flags.string({ summary: messages.getMessage('flags.output.summary') }),
    verbose: Flags.boolean({ summary: messages.getMessage('flags.verbose.summary') }),
  };

  public async run(): Promise<unknown> {
    const { flags, metadata } = await this.parse(Probe);
    const useOrg =
      flags['target-org'] !== undefined &&
      (givenExplicitly(metadata, 'target-org') ||
        (flags.project === undefined && flags.snapshot === undefined));
    const org = useOrg ? flags['target-org'] : undefined;
    const access = org === undefined ? undefined : await orgAccess(org, flags['api-version']);
    const json = this.jsonEnabled();
    const probeFlags: ProbeFlags = {
      app: flags.app,
      ...(access !== undefined ? { instanceUrl: access.instanceUrl } : {}),
      ...(flags['api-version'] !== undefined ? { apiVersion: flags['api-version'] } : {}),
      ...(flags['client-id'] !== undefined ? { clientId: flags['client-id'] } : {}),
      ...(flags['client-secret-env'] !== undefined
        ? { clientSecretEnv: flags['client-secret-env'] }
        : {}),
      ...(flags['client-secret'] !== undefined ? { clientSecret: flags['client-secret'] } : {}),
      ...(flags['login-url'] !== undefined ? { loginUrl: flags['login-url'] } : {}),
      ...(flags.project !== undefined ? { project: flags.project } : {}),
      ...(flags.snapshot !== undefined ? { snapshot: flags.snapshot } : {}),
      ...(flags.manifest !== undefined ? { manifest: flags.manifest } : {}),
      // --json: the command's JSON is captured below and becomes `result`.
      format: json ? 'json' : flags.format,
      ...(flags.output !== undefined ? { output: flags.output } : {}),
      verbose: flags.verbose,
    };
    let printed = '';
    const io: ProbeIo = {
      stdout: (text) => {
        if (json) printed += text;
        else process.stdout.write(text);
      },
      // The command's notes (no source, no manifest integration) are sf warnings.
      stderr: (text) => {
        if (json) this.warn(text.replace(/^runas-guard: (warning: )?/, '').trimEnd());
        else process.stderr.write(text);
      },
      stdin: process.stdin,
    };
    process.exitCode = await runProbeCommand(probeFlags, access?.env ?? process.env, io);
    if (!json) return undefined;
    if (flags.output !== undefined) {
      return readJson(flags.output);
    }
    return JSON.parse(printed) as unknown;
  }
}
