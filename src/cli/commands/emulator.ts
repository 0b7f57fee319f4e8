// `runas-guard emulator --org DIR`: serves an org fixture and prints the ready line (README, "The local org").

import { loadFaultFile } from '../../emulator/faults.js';
import { type RunningEmulator, startEmulator } from '../../emulator/server.js';
import { resolveOutputTarget, writeFileAtomic } from '../../files/index.js';
import { loadOrgFixture } from '../../fixture/index.js';
import { CliError } from '../errors.js';

export interface EmulatorFlags {
  org: string;
  port?: string;
  host?: string;
  faults?: string;
  tokenFile?: string;
  quiet?: boolean;
}

export async function startEmulatorFromFlags(flags: EmulatorFlags): Promise<RunningEmulator> {
  // Digits only: Number() would also take '', '0x50' and '1e3'.
  const port =
    flags.port === undefined ? 0 : /^\d{1,5}$/.test(flags.port) ? Number(flags.port) : NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new CliError(`--port: expected a port number, got "${flags.port ?? ''}"`);
  }
  const org = await loadOrgFixture(flags.org);
  const faults = flags.faults === undefined ? [] : await loadFaultFile(flags.faults);
  return startEmulator({
    org,
    faults,
    port,
    ...(flags.host !== undefined ? { host: flags.host } : {}),
  });
}

export async function runEmulatorCommand(flags: EmulatorFlags): Promise<number> {
  // A directory, FIFO or device as --token-file is refused before a port is opened.
  if (flags.tokenFile !== undefined) await resolveOutputTarget(flags.tokenFile, '--token-file');
  const running = await startEmulatorFromFlags(flags);
  const ready: Record<string, string> = {
    instanceUrl: running.instanceUrl,
    loginUrl: running.loginUrl,
    genericLoginUrl: running.genericLoginUrl,
  };
  if (flags.tokenFile === undefined) {
    ready.accessToken = running.accessToken;
  } else {
    try {
      await writeFileAtomic(flags.tokenFile, running.accessToken, {
        label: '--token-file',
        mode: 0o600,
      });
    } catch (error) {
      // The listeners would keep the process alive: close them before reporting.
      await running.close();
      throw error;
    }
  }
  process.stdout.write(`${JSON.stringify(ready)}\n`);
  // The request log on stderr: method, path, redacted query, status; never a token.
  const log = running.emulator.state.log;
  let shown = 0;
  const flush = (): void => {
    if (flags.quiet === true) return;
    for (; shown < log.length; shown++) process.stderr.write(`${JSON.stringify(log[shown])}\n`);
  };
  const timer = setInterval(flush, 200);
  timer.unref();
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  clearInterval(timer);
  await running.close();
  // Requests answered since the last tick are logged too, before the process exits.
  flush();
  return 0;
}
