// `runas-guard doctor`: would an audit with the connected user's access be complete? Exit 0 when it
// would, 3 when some rule would be not-evaluated (or incomplete) or the org cannot be reached or
// authenticated, 2 for usage errors.

import { resolveLiveSource } from '../../collect/live/connect.js';
import { resolveOutputTarget, writeFileAtomic } from '../../files/index.js';
import { DOCTOR_FORMATS, renderDoctor, runDoctor, type DoctorFormat } from '../../doctor/index.js';
import { CliError, EXIT } from '../errors.js';
import { withProgress } from '../progress.js';
import { maxRequestsFromFlag, timeoutFromFlag } from './audit.js';

export interface DoctorFlags {
  targetOrg?: string;
  instanceUrl?: string;
  auditorClientId?: string;
  auditorClientSecretEnv?: string;
  format?: string;
  output?: string;
  /** `--timeout`: the overall deadline (`30m`, `90s`). */
  timeout?: string;
  /** `--max-requests N`: doctor sends at most N API requests; the checks left are not tried. */
  maxRequests?: string;
  /** API version of the checks (default 62.0); the sf plugin's `--api-version`. */
  apiVersion?: string;
}

/** `source` is the positional argument: an org alias, the same as `--target-org`. */
export async function runDoctorCommand(
  source: string | undefined,
  flags: DoctorFlags,
  env: NodeJS.ProcessEnv = process.env,
  write: (text: string) => void = (text) => process.stdout.write(text),
): Promise<number> {
  const format = flags.format ?? 'text';
  const timeoutMs = timeoutFromFlag(flags.timeout);
  const maxRequests = maxRequestsFromFlag(flags.maxRequests);
  if (!(DOCTOR_FORMATS as readonly string[]).includes(format))
    throw new CliError(`--format: expected one of ${DOCTOR_FORMATS.join(', ')}, got "${format}"`);
  if (source !== undefined && flags.targetOrg !== undefined && source !== flags.targetOrg)
    throw new CliError(`doctor: the org "${source}" and --target-org ${flags.targetOrg} differ`);
  const targetOrg = source ?? flags.targetOrg;
  const live = resolveLiveSource(
    {
      ...(targetOrg !== undefined ? { targetOrg } : {}),
      ...(flags.instanceUrl !== undefined ? { instanceUrl: flags.instanceUrl } : {}),
      ...(flags.auditorClientId !== undefined ? { auditorClientId: flags.auditorClientId } : {}),
      ...(flags.auditorClientSecretEnv !== undefined
        ? { auditorClientSecretEnv: flags.auditorClientSecretEnv }
        : {}),
      ...(flags.apiVersion !== undefined ? { apiVersion: flags.apiVersion } : {}),
    },
    env,
  );
  if (live === undefined)
    throw new CliError(
      'doctor needs an org: give an alias (doctor ALIAS or --target-org ALIAS), --instance-url URL (token in SF_ACCESS_TOKEN) or the auditor app flags',
    );
  // A file that cannot be written is a usage error before the org is asked anything.
  if (flags.output !== undefined) await resolveOutputTarget(flags.output, '--output');
  const report = await withProgress(
    () => runDoctor(live, { timeoutMs, ...(maxRequests === undefined ? {} : { maxRequests }) }),
    { env },
  );
  const text = renderDoctor(format as DoctorFormat, report);
  if (flags.output === undefined) write(text);
  else await writeFileAtomic(flags.output, text, { label: '--output' });
  return report.complete ? EXIT.ok : EXIT.collection;
}
