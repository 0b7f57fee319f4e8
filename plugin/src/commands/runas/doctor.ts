// `sf runas doctor`: the standalone `runas-guard doctor` (runDoctorCommand) for the org of
// `--target-org` (or the default org); with `--json` the doctor report is the envelope's `result`.

import { Messages } from '@salesforce/core';
import { Flags } from '@salesforce/sf-plugins-core';
import { type DoctorFlags, runDoctorCommand } from 'runas-guard';

import { orgAccess, readJson, RunasCommand } from '../../runas-command.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('runas-guard-sf', 'runas.doctor');

export default class Doctor extends RunasCommand<unknown> {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = messages.getMessages('examples');

  public static override readonly flags = {
    'target-org': Flags.requiredOrg(),
    'api-version': Flags.orgApiVersion(),
    format: Flags.string({ summary: messages.getMessage('flags.format.summary'), default: 'text' }),
    output: Flags.string({ summary: messages.getMessage('flags.output.summary') }),
    timeout: Flags.string({
      summary: messages.getMessage('flags.timeout.summary'),
      default: '30m',
    }),
    'max-requests': Flags.string({ summary: messages.getMessage('flags.max-requests.summary') }),
  };

  public async run(): Promise<unknown> {
    const { flags } = await this.parse(Doctor);
    const access = await orgAccess(flags['target-org'], flags['api-version']);
    const json = this.jsonEnabled();
    const doctorFlags: DoctorFlags = {
      instanceUrl: access.instanceUrl,
      format: json ? 'json' : flags.format,
      ...(flags.output !== undefined ? { output: flags.output } : {}),
      timeout: flags.timeout,
      ...(flags['api-version'] !== undefined ? { apiVersion: flags['api-version'] } : {}),
      ...(flags['max-requests'] !== undefined ? { maxRequests: flags['max-requests'] } : {}),
    };
    let printed = '';
    process.exitCode = await runDoctorCommand(undefined, doctorFlags, access.env, (text) => {
      if (json) printed += text;
      else process.stdout.write(text);
    });
    if (!json) return undefined;
    if (flags.output !== undefined) {
      return readJson(flags.output);
    }
    return JSON.parse(printed) as unknown;
  }
}
