// Starts an org fixture in the emulator on 127.0.0.1 for a test, and closes it afterwards. The
// suite-wide guards (guard.ts) watch it: its tokens and client secrets never appear in any output,
// and it receives only reads and token requests unless the test opts out with `allowWrites`.

import { join } from 'node:path';

import { afterAll } from 'vitest';

import { resolveLiveSource } from '../../src/collect/live/connect.js';
import type { LiveSource } from '../../src/collect/live/connect.js';
import type { FaultRule } from '../../src/emulator/faults.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/server.js';
import { loadOrgFixture } from '../../src/fixture/index.js';
import type { OrgModel } from '../../src/model/org.js';
import type { Clock } from '../../src/util/clock.js';
import { guard } from './guard.js';

export const FIXTURES = join(import.meta.dirname, '../fixtures/orgs');
export const NORTHWIND = join(FIXTURES, 'northwind-integrations');
export const DEMO_ORG = join(import.meta.dirname, '../../demo/org');

export interface ServeOptions {
  /** Changes the loaded org before serving it: a fixture variant without copying files. */
  variant?: (org: OrgModel) => void;
  clock?: Clock;
  faults?: FaultRule[];
  /** Why this test drives writes on purpose (jsforce create, deploy): skips the read-only guard. */
  allowWrites?: string;
}

/** Serves a fixture for the rest of the test file. */
export async function serveFixture(
  dir: string,
  options: ServeOptions = {},
): Promise<RunningEmulator> {
  const org = await loadOrgFixture(dir);
  options.variant?.(org);
  const running = await startEmulator({
    org,
    ...(options.clock !== undefined ? { clock: options.clock } : {}),
    ...(options.faults !== undefined ? { faults: options.faults } : {}),
  });
  guard.watchEmulator(
    `the emulator of ${dir.split('/').slice(-1)[0] ?? dir}`,
    running,
    options.allowWrites !== undefined ? { allowWrites: options.allowWrites } : {},
  );
  afterAll(() => running.close());
  return running;
}

/** The emulator as a live source, exactly as `--instance-url` with SF_ACCESS_TOKEN gives it. */
export function liveSource(instanceUrl: string, token: string): LiveSource {
  const source = resolveLiveSource({ instanceUrl }, { SF_ACCESS_TOKEN: token });
  if (source === undefined) throw new Error('no live source');
  return source;
}

/** The consumer key and secret of an app, from the fixture's emulator.json. */
export function clientOf(org: OrgModel, app: string): { clientId: string; clientSecret: string } {
  const client = org.clients.find((c) => c.app === app);
  if (client === undefined) throw new Error(`no client for ${app}`);
  return { clientId: client.consumerKey, clientSecret: client.consumerSecret };
}
