// `runas-guard probe --app NAME` (README, "Probe an integration"; docs/adr/0006-probe.md): the app's own client-credentials token
// request and read-only follow-on calls against the org's My Domain, each step timed, every failure
// diagnosed with the audit's facts about the app and its run-as user when a source is given.
//
// The probed app's secret comes from `--client-secret-env VAR` or stdin, never from a flag value; it
// is sent in the token request body only, and every text this command writes is redacted of it.

import { exitCodeOf } from '../../analyze/outcome.js';
import { integrationOf, NO_ACTIONS } from '../../audit/probe-audit.js';
import { runAudit, TOOL, type AuditOutcome } from '../../audit/run-audit.js';
import { API_VERSION } from '../../collect/live/connect.js';
import { resolveOutputTarget, writeFileAtomic } from '../../files/index.js';
import type { ProbeReport } from '../../model/probe-report.js';
import type { OrgSnapshot } from '../../model/snapshot.js';
import {
  factsFromSnapshot,
  probeActionsOf,
  probeClientCredentials,
  ProbeInputError,
  type ProbeResult,
} from '../../probe/index.js';
import { renderProbeJson } from '../../report/probe-json.js';
import { renderProbeText } from '../../report/probe-text.js';
import { type Clock, runningClock } from '../../util/clock.js';
import { redactSessionIds, redactValues } from '../../util/redact.js';
import { CliError, EXIT } from '../errors.js';
import { withProgress } from '../progress.js';
import { manifestFromFlags, sourceFromFlags, type SourceFlags } from './audit.js';

export { SECRET_ENV_PREFIX, secretEnvVarOf, secretsFromEnv } from './audit.js';

export interface ProbeFlags extends SourceFlags {
  app?: string;
  /** Consumer key of the probed app (not a secret). */
  clientId?: string;
  /** Environment variable holding the probed app's consumer secret. */
  clientSecretEnv?: string;
  /** Refused with exit 2: a secret on the command line leaks into shell history and `ps`. */
  clientSecret?: string;
  /** Token host; default the org's My Domain (the live source's instance URL). */
  loginUrl?: string;
  manifest?: string;
  format?: string;
  output?: string;
  verbose?: boolean;
}

/** Where the command reads and writes; `process` by default, in-memory in tests. */
export interface ProbeIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Read for the secret when `--client-secret-env` is absent and it is not a TTY. */
  stdin: SecretInput;
  /** Times the steps; default the org's clock (live) or the machine's. */
  clock?: Clock;
  /** Per request of the probe; default 30 s. */
  timeoutMs?: number;
  /** How long stdin may take to deliver the secret; default 10 s. */
  stdinTimeoutMs?: number;
}

export type SecretInput = AsyncIterable<string | Buffer> & {
  isTTY?: boolean;
  destroy?: () => void;
};

export const PROBE_FORMATS = ['text', 'json'] as const;

/** A consumer secret is tens of characters; stdin beyond this is not one. */
const MAX_STDIN_BYTES = 4096;
const APP_NAME = /^[A-Za-z][A-Za-z0-9_]{0,79}$/;

export function processIo(): ProbeIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stdin: process.stdin,
  };
}

function hasSource(flags: SourceFlags): boolean {
  return [
    flags.targetOrg,
    flags.instanceUrl,
    flags.auditorClientId,
    flags.auditorClientSecretEnv,
    flags.project,
    flags.snapshot,
  ].some((v) => v !== undefined);
}

interface AuditContext {
  outcome: AuditOutcome;
  snapshot: OrgSnapshot;
  source: 'live' | 'snapshot';
}

export async function runProbeCommand(
  flags: ProbeFlags,
  env: NodeJS.ProcessEnv = process.env,
  io: ProbeIo = processIo(),
): Promise<number> {
  // Usage first, before anything is read or sent.
  if (flags.clientSecret !== undefined)
    throw new CliError(
      '--client-secret is not accepted: a secret on the command line leaks into shell history and process lists; use --client-secret-env VAR or pipe it on stdin',
    );
  const app = flags.app?.trim();
  if (app === undefined || app === '') throw new CliError('probe needs --app NAME');
  if (!APP_NAME.test(app))
    throw new CliError(`--app: not an app developer name: ${JSON.stringify(app.slice(0, 100))}`);
  const format = flags.format ?? 'text';
  if (!(PROBE_FORMATS as readonly string[]).includes(format))
    throw new CliError(`--format: expected one of ${PROBE_FORMATS.join(', ')}, got "${format}"`);
  if (!hasSource(flags) && flags.loginUrl === undefined)
    throw new CliError(
      'probe needs a source (--target-org ALIAS, --instance-url URL, the auditor app flags or --snapshot FILE) or at least --login-url URL',
    );
  const source = hasSource(flags) ? sourceFromFlags(flags, env) : undefined;
  const manifest = await manifestFromFlags(flags.manifest);
  // A directory, FIFO or device is refused before the token request, not after.
  if (flags.output !== undefined) await resolveOutputTarget(flags.output, '--output');
  const integration = integrationOf(manifest, app);
  const clientSecret = await secretOf(flags, env, io);

  // The audit's facts: collected live, or replayed from a snapshot.
  let audit: AuditContext | undefined;
  if (source !== undefined) {
    const outcome = await withProgress(() => runAudit({ source, manifest }), { env });
    audit = {
      outcome,
      snapshot: outcome.snapshot,
      source: source.kind === 'live' ? 'live' : 'snapshot',
    };
    const failed = outcome.report.collection.failedRequests;
    if (failed.length > 0)
      io.stderr(
        `runas-guard: warning: the audit could not collect ${failed.length} request(s) (first: ${failed[0]?.request ?? ''} ${failed[0]?.errorCode ?? ''}); the diagnosis may lack facts\n`,
      );
  } else {
    io.stderr(
      "runas-guard: no source given: the diagnosis cannot use the audit's facts (give --instance-url, --target-org or --snapshot)\n",
    );
  }
  const snapshot = audit?.snapshot;
  // The org's My Domain: as the audit read it, else as --instance-url names it (an org that did not
  // answer the audit is still probed, and found unreachable: exit 3).
  const myDomain =
    snapshot?.org?.instanceUrl ??
    (audit?.source === 'live' && flags.instanceUrl !== undefined
      ? new URL(flags.instanceUrl).origin
      : undefined);
  const loginUrl = flags.loginUrl ?? myDomain;
  if (loginUrl === undefined) {
    if (audit?.source === 'live')
      throw new CliError(
        "the audit could not read the org's My Domain (see the warning above); give --login-url URL",
        EXIT.collection,
      );
    throw new CliError('no token host: the source names no org; give --login-url URL');
  }

  const snapshotApp = snapshot?.apps.find((a) => a.name.toLowerCase() === app.toLowerCase());
  const clientId = flags.clientId ?? integration?.clientId ?? snapshotApp?.consumerKey;
  if (clientId === undefined)
    throw new CliError(
      `no client id for ${app}: give --client-id, or set clientId in the manifest (the org ${snapshotApp === undefined ? 'has no such app or could not be read' : 'does not expose its consumer key'})`,
    );
  if (integration === undefined)
    io.stderr(
      `runas-guard: ${app} has no manifest integration: probing the token, identity and REST API only\n`,
    );

  const facts =
    audit === undefined
      ? undefined
      : factsFromSnapshot(audit.snapshot, snapshotApp?.name ?? app, audit.outcome.report.findings, {
          ...(audit.snapshot.org?.timeZone !== undefined
            ? { timeZone: audit.snapshot.org.timeZone }
            : {}),
          ...(integration?.network !== undefined
            ? { egressIps: integration.network.egressIps }
            : {}),
        });
  // The org's clock (the Date header at collection) advanced by real time: login hours are the
  // org's; a replayed snapshot is old, so the machine's clock then.
  const clock =
    io.clock ??
    runningClock(audit?.source === 'live' ? new Date(audit.snapshot.collectedAt) : new Date());

  let result: ProbeResult;
  try {
    result = await probeClientCredentials(
      {
        app: snapshotApp?.name ?? app,
        loginUrl,
        ...(myDomain !== undefined ? { instanceUrl: myDomain } : {}),
        clientId,
        clientSecret,
        actions: integration === undefined ? NO_ACTIONS : probeActionsOf(integration),
        apiVersion: snapshot?.apiVersion ?? API_VERSION,
      },
      {
        clock,
        ...(facts !== undefined ? { facts } : {}),
        ...(io.timeoutMs !== undefined ? { timeoutMs: io.timeoutMs } : {}),
      },
    );
  } catch (error) {
    if (error instanceof ProbeInputError) throw new CliError(error.message);
    throw error;
  }

  const report: ProbeReport = {
    schemaVersion: 1,
    tool: { ...TOOL },
    generatedAt: new Date().toISOString(),
    facts: {
      source: audit?.source ?? 'none',
      ...(snapshot !== undefined ? { collectedAt: snapshot.collectedAt } : {}),
      failingRules: [...(facts?.failingRules ?? [])],
    },
    probe: result,
  };
  const rendered =
    format === 'json'
      ? renderProbeJson(report)
      : renderProbeText(report, { verbose: flags.verbose === true });
  // The probe already redacted its result; this guards every other string on the way out.
  const text = redactSessionIds(redactValues(rendered, secretsOf(clientSecret, flags, env)));
  if (flags.output === undefined) io.stdout(text);
  else await writeFileAtomic(flags.output, text, { label: '--output', mode: 0o600 });
  return exitCodeOf({ probes: [result] });
}

/** The secrets this run knows of: the probed app's, the auditor's token or secret. */
function secretsOf(clientSecret: string, flags: ProbeFlags, env: NodeJS.ProcessEnv): string[] {
  const secrets = [clientSecret];
  const token = env.SF_ACCESS_TOKEN?.trim();
  if (token !== undefined && token !== '') secrets.push(token);
  const auditor =
    flags.auditorClientSecretEnv === undefined ? undefined : env[flags.auditorClientSecretEnv];
  if (auditor !== undefined && auditor !== '') secrets.push(auditor);
  return secrets;
}

/** `--client-secret-env VAR`, else stdin when it is not a terminal. Never echoed. */
async function secretOf(flags: ProbeFlags, env: NodeJS.ProcessEnv, io: ProbeIo): Promise<string> {
  const name = flags.clientSecretEnv;
  if (name !== undefined) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
      throw new CliError(
        `--client-secret-env: not an environment variable name: ${JSON.stringify(name.slice(0, 100))}`,
      );
    const value = env[name];
    if (value === undefined || value.trim() === '')
      throw new CliError(`the environment variable ${name} (--client-secret-env) is not set`);
    return value.trim();
  }
  if (io.stdin.isTTY === true)
    throw new CliError(
      "no secret: give --client-secret-env VAR, or pipe the app's consumer secret on stdin",
    );
  const value = await readStdin(io.stdin, io.stdinTimeoutMs ?? 10_000);
  if (value === '')
    throw new CliError(
      "no secret: stdin was empty; give --client-secret-env VAR, or pipe the app's consumer secret on stdin",
    );
  return value;
}

/** Reads stdin to its end, bounded in size and time, so a silent or endless pipe cannot hang the run. */
async function readStdin(stdin: SecretInput, timeoutMs: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  let timer: NodeJS.Timeout | undefined;
  const read = (async () => {
    for await (const chunk of stdin) {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      size += buffer.length;
      if (size > MAX_STDIN_BYTES)
        throw new CliError(`stdin holds more than ${MAX_STDIN_BYTES} bytes: not a consumer secret`);
      chunks.push(buffer);
    }
  })();
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(
        new CliError(
          `no secret arrived on stdin within ${Math.round(timeoutMs / 1000)} s; use --client-secret-env VAR`,
        ),
      );
    }, timeoutMs);
  });
  try {
    await Promise.race([read, timeout]);
  } catch (error) {
    stdin.destroy?.();
    throw error;
  } finally {
    clearTimeout(timer);
  }
  return Buffer.concat(chunks).toString('utf8').trim();
}
