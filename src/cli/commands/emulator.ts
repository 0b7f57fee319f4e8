// `runas-guard emulator --org DIR`: serves an org fixture and prints the ready line (SPEC.md section 3).

import { writeFile } from 'node:fs/promises';

import { loadFaultFile } from '../../emulator/faults.js';
import { type RunningEmulator, startEmulator } from '../../emulator/server.js';
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
  const port = flags.port === undefined ? 0 : Number(flags.port);
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
  const running = await startEmulatorFromFlags(flags);
  const ready: Record<string, string> = {
    instanceUrl: running.instanceUrl,
    loginUrl: running.loginUrl,
    genericLoginUrl: running.genericLoginUrl,
  };
  if (flags.tokenFile === undefined) {
    ready.accessToken = running.accessToken;
  } else {
    await writeFile(flags.tokenFile, running.accessToken, { mode: 0o600 });
  }
  process.stdout.write(`${JSON.stringify(ready)}\n`);
  if (flags.quiet !== true) {
    // The request log on stderr: method, path, redacted query, status; never a token.
    const log = running.emulator.state.log;
    let shown = 0;
    const timer = setInterval(() => {
      for (; shown < log.length; shown++) process.stderr.write(`${JSON.stringify(log[shown])}\n`);
    }, 200);
    timer.unref();
  }
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await running.close();
  return 0;
}
