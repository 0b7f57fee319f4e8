// `monitor watch` through the CLI against Northwind served by the emulator, a day apart
// (test/fixtures/monitor/README.md), and a local webhook receiver: one alert per change, exactly
// once, also when the receiver goes down mid-run and comes back; Slack and Teams bodies; the
// webhook URL never in stdout, stderr, the store or a report; bad input exit 2 before collecting.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';

import type { DriftChange, DriftReport } from '../../src/drift/report.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/server.js';
import { loadOrgFixture } from '../../src/fixture/index.js';
import { openStore } from '../../src/monitor/store/index.js';
import type { AlertPayload } from '../../src/monitor/watch/alerts.js';
import { runCli, spawnCli } from '../helpers/cli.js';
import { guard, tempDir } from '../helpers/guard.js';
import { OK, Receiver } from './monitor-watch-receiver.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/monitor');
const SECRET = 'T0WATCH/B0WATCH/w4tchS3cr3tT0k3nXYZ';
const HOOK_VAR = 'RUNAS_GUARD_TEST_WEBHOOK_SECRET';

/** The changes between day 1 and day 2 (test/fixtures/monitor/README.md), as alerts name them. */
function subjectOf(change: DriftChange): string {
  switch (change.kind) {
    case 'user':
      return `user ${change.field} ${String(change.from)}→${String(change.to)}`;
    case 'access':
      return `access ${change.change} ${change.grant} via ${change.container}`;
    case 'preAuthorization':
      return `preAuthorization ${String(change.from)}→${String(change.to)}`;
    case 'policy':
      return `policy ${change.policyKey}`;
    case 'finding':
      return `finding ${change.change} ${change.ruleId}`;
    case 'runAs':
      return `runAs ${String(change.from)}→${String(change.to)}`;
  }
}

function changeOf(alert: AlertPayload): DriftChange {
  if (alert.change === undefined) throw new Error(`${alert.key} is not a change alert`);
  return alert.change;
}

/** The org served on one port across days: a day's fixture is swapped in by a restart. */
class Org {
  #running: RunningEmulator | undefined;
  #port = 0;
  #token: string | undefined;

  get instanceUrl(): string {
    return this.#running?.instanceUrl ?? '';
  }

  get token(): string {
    return this.#token ?? '';
  }

  async serve(day: 'northwind-day1' | 'northwind-day2'): Promise<void> {
    await this.close();
    const running = await startEmulator({
      org: await loadOrgFixture(join(FIXTURES, day)),
      port: this.#port,
      ...(this.#token !== undefined ? { accessToken: this.#token } : {}),
    });
    guard.watchEmulator(`the emulator of ${day}`, running);
    this.#running = running;
    this.#port = Number(new URL(running.instanceUrl).port);
    this.#token = running.accessToken;
  }

  async close(): Promise<void> {
    await this.#running?.close();
    this.#running = undefined;
  }
}

const org = new Org();
const receiver = new Receiver();

beforeAll(async () => {
  await receiver.start();
});
afterAll(async () => {
  await receiver.close();
  await org.close();
});

function watchArgs(db: string, extra: string[] = []): string[] {
  return [
    'monitor',
    'watch',
    '--db',
    db,
    '--instance-url',
    org.instanceUrl,
    '--interval',
    '1s',
    ...extra,
  ];
}

function env(): NodeJS.ProcessEnv {
  return { SF_ACCESS_TOKEN: org.token, [HOOK_VAR]: `${receiver.origin}/hooks/${SECRET}` };
}

function bodiesSince(start: number): unknown[] {
  return receiver.received.slice(start).map((r) => r.body);
}

/** Every byte the store keeps (the database and its WAL). */
function storeBytes(dir: string): string {
  return readdirSync(dir)
    .map((name) => readFileSync(join(dir, name)).toString('latin1'))
    .join('\n');
}

describe('monitor watch, day 1 then day 2 of Northwind', () => {
  const dir = tempDir('watch-e2e-');
  const db = join(dir, 'history.db');
  let delivered: AlertPayload[] = [];
  const outputs: string[] = [];

  it('the first run is the baseline: recorded, nothing alerted', async () => {
    await org.serve('northwind-day1');
    const start = receiver.received.length;
    const result = await runCli(
      watchArgs(db, ['--max-runs', '1', '--webhook-env', HOOK_VAR]),
      env(),
    );
    outputs.push(result.stdout, result.stderr);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^run 1 org 00D8d000004NwTr\w*: \d+ integrations, \d+ failing findings, 0 new alerts; 0 delivered, 0 pending, 0 rejected \(http:\/\/127\.0\.0\.1:\d+\/…\)\n$/,
    );
    expect(bodiesSince(start)).toEqual([]);
  }, 120_000);

  it('day 2: one alert per change, exactly the changes of the day, each once', async () => {
    await org.serve('northwind-day2');
    const start = receiver.received.length;
    const result = await runCli(
      watchArgs(db, ['--max-runs', '1', '--webhook-env', HOOK_VAR]),
      env(),
    );
    outputs.push(result.stdout, result.stderr);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    delivered = bodiesSince(start) as AlertPayload[];
    const keys = delivered.map((a) => a.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(result.stdout).toContain(
      `${delivered.length} new alerts; ${delivered.length} delivered, 0 pending, 0 rejected`,
    );
    const changes = delivered.filter((a) => a.type === 'change');
    // The user frozen, the set unassigned, the assignment expired (README): nothing else changed.
    const byApp = new Map<string, string[]>();
    for (const alert of changes) {
      const change = changeOf(alert);
      byApp.set(alert.app ?? '', [...(byApp.get(alert.app ?? '') ?? []), subjectOf(change)]);
    }
    expect([...byApp.keys()].sort()).toEqual([
      'Carrier_Tracking',
      'Ledger_Export',
      'Storefront_Orders',
    ]);
    expect(byApp.get('Carrier_Tracking')).toContain('user frozen false→true');
    expect(byApp.get('Storefront_Orders')).toContain('preAuthorization true→false');
    expect(
      byApp
        .get('Storefront_Orders')
        ?.some((s) => /^access lost \S+ via .*Storefront_Orders_Integration/.test(s)),
    ).toBe(true);
    expect(
      byApp
        .get('Ledger_Export')
        ?.some((s) => /^access lost \S+ via .*Ledger_Year_End_Close/.test(s)),
    ).toBe(true);
    // Every access change is a loss through one of the two containers that went away.
    for (const alert of changes) {
      const change = changeOf(alert);
      if (change.kind === 'access') {
        expect(change.change).toBe('lost');
        expect(change.container).toMatch(/Storefront_Orders_Integration|Ledger_Year_End_Close/);
      }
      expect(alert.org).toBe('00D8d000004NwTrEAK');
      expect(alert.run).toBe(2);
      expect(alert.fromRun).toBe(1);
      expect(alert.message).toContain(change.text);
    }
    // The two Setup Audit Trail rows of day 2, each one alert naming the integration it concerns
    // and, for the unassignment, what it loses (the set's content from day 1's stored snapshot).
    const events = delivered.filter((a) => a.type === 'event');
    expect(events.map((a) => [a.event?.kind, a.event?.id, a.app])).toEqual([
      ['auditTrail', '0Ym8d00000NwA07CAF', 'Storefront_Orders'],
      ['auditTrail', '0Ym8d00000NwA08CAF', 'Carrier_Tracking'],
    ]);
    expect(events[0]?.message).toMatch(
      /^Setup Audit Trail 0Ym8d00000NwA07CAF: 2026-11-25T16:42:09Z permission set Storefront_Orders_Integration unassigned \(PermSetUnassign by grace\.okafor@northwindtraders\.com\): Storefront_Orders loses .*Order create, Order edit, Order read \(the set as the previous run read it\) \(affects Storefront_Orders\)$/,
    );
    // The frozen user breaks its integration, and the alert says so.
    const frozen = changes.find((a) => changeOf(a).kind === 'user');
    expect(frozen?.breaks).toContain('Carrier_Tracking');
    expect(frozen?.severity).toBe('high');
  }, 120_000);

  it('the same day again alerts nothing: a change alerts once, ever', async () => {
    const start = receiver.received.length;
    const result = await runCli(
      watchArgs(db, ['--max-runs', '1', '--webhook-env', HOOK_VAR]),
      env(),
    );
    outputs.push(result.stdout, result.stderr);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('run 3 ');
    expect(result.stdout).toContain('0 new alerts; 0 delivered, 0 pending, 0 rejected');
    expect(bodiesSince(start)).toEqual([]);
  }, 120_000);

  it('the webhook URL appears nowhere: stdout, stderr, the store, the diff report', async () => {
    const report = await runCli([
      'monitor',
      'diff',
      '--db',
      db,
      '--from',
      '1',
      '--to',
      '2',
      '--format',
      'json',
    ]);
    expect(report.code).toBe(0);
    // One alert per change `monitor diff` shows between the same two runs, but the finding changes
    // that do not alert (docs/adr/0020-alerts.md): a failing finding changed, RG-0030 / RG-0031
    // (their events alert by Id).
    const diff = JSON.parse(report.stdout) as DriftReport;
    const shown = diff.integrations
      .flatMap((i) => i.changes)
      .filter(
        (c) => c.kind !== 'finding' || (c.change !== 'changed' && !/^RG-003[01]$/.test(c.ruleId)),
      )
      .map((c) => c.key)
      .sort();
    const alerted = delivered
      .filter((a) => a.type === 'change')
      .map((a) => changeOf(a).key)
      .sort();
    expect(alerted).toEqual(shown);
    for (const text of [...outputs, report.stdout, report.stderr, storeBytes(dir)]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain('w4tchS3cr3t');
    }
    expect(storeBytes(dir)).toContain(delivered[0]?.key ?? 'no alert delivered');
  }, 120_000);
});

/** Reads a child's stdout line by line. */
function lines(child: ReturnType<typeof spawnCli>): () => Promise<string> {
  const stdout = child.stdout;
  if (stdout === null) throw new Error('no stdout');
  const queue: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  createInterface({ input: stdout }).on('line', (line) => {
    const next = waiting.shift();
    if (next !== undefined) next(line);
    else queue.push(line);
  });
  return () => {
    const line = queue.shift();
    if (line !== undefined) return Promise.resolve(line);
    return new Promise((resolve) => waiting.push(resolve));
  };
}

describe('monitor watch while the webhook goes down and comes back', () => {
  const dir = tempDir('watch-down-');
  const db = join(dir, 'history.db');

  it('undelivered alerts stay pending in the store and the next iteration delivers each once', async () => {
    await org.serve('northwind-day1');
    const baseline = await runCli(watchArgs(db, ['--max-runs', '1']), {
      SF_ACCESS_TOKEN: org.token,
    });
    expect(baseline.code).toBe(0);
    await org.serve('northwind-day2');
    const start = receiver.received.length;
    // The receiver dies on the first POST of the run (its connection cut), and stays down.
    receiver.crashOnNextRequest();
    const child = spawnCli(watchArgs(db, ['--webhook-env', HOOK_VAR]), env());
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    // A failed expectation must not leave the loop posting to the shared receiver.
    onTestFinished(() => {
      if (child.exitCode === null) child.kill('SIGKILL');
    });
    const next = lines(child);

    const first = await next();
    const queued =
      /: \d+ integrations, \d+ failing findings, (\d+) new alerts; 0 delivered, (\d+) pending/.exec(
        first,
      );
    expect(queued, first).not.toBeNull();
    const count = Number(queued?.[1]);
    expect(count).toBeGreaterThan(0);
    expect(Number(queued?.[2])).toBe(count);
    expect(receiver.received.length).toBe(start);
    // In the store meanwhile: every alert pending, the one tried with its attempt and error.
    const store = await openStore(db);
    try {
      const pending = await store.pendingAlerts();
      expect(pending).toHaveLength(count);
      expect(pending.map((p) => p.attempts)).toEqual([1, ...Array<number>(count - 1).fill(0)]);
      // (The store cuts any URL in an error down to its origin: `/***`.)
      expect(pending[0]?.lastError).toMatch(
        /^the connection to http:\/\/127\.0\.0\.1:\d+(\/\*\*\*)? failed \(ECONNREFUSED\)$/,
      );
    } finally {
      await store.close();
    }

    // Back up: an iteration delivers every pending alert, then later ones deliver nothing more.
    await receiver.start();
    let line = await next();
    while (!line.includes(`; ${count} delivered`)) {
      expect(line).toMatch(/0 new alerts; 0 delivered/);
      line = await next();
    }
    expect(line).toContain(`0 new alerts; ${count} delivered, 0 pending, 0 rejected`);
    expect(await next()).toContain('0 new alerts; 0 delivered, 0 pending, 0 rejected');
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toContain('watch: stopping after this iteration');
    // The cut POST and the retries that found the port closed, each named by origin only.
    expect(stderr).toMatch(
      /alert \d+ not delivered \(attempt 1\): the connection to http:\/\/127\.0\.0\.1:\d+ failed/,
    );
    expect(stderr).toMatch(/alert \d+ not delivered \(attempt 3\): .*ECONNREFUSED/);

    const bodies = bodiesSince(start) as AlertPayload[];
    expect(bodies).toHaveLength(count);
    expect(new Set(bodies.map((b) => b.key)).size).toBe(count);
    for (const text of [stderr, storeBytes(dir)]) expect(text).not.toContain(SECRET);
  }, 180_000);
});

describe('monitor watch posts Slack and Teams bodies', () => {
  const dir = tempDir('watch-formats-');
  const db = join(dir, 'history.db');

  it('slack: text and blocks; teams: an Adaptive Card in a message', async () => {
    receiver.answer = OK;
    await org.serve('northwind-day1');
    expect(
      (await runCli(watchArgs(db, ['--max-runs', '1']), { SF_ACCESS_TOKEN: org.token })).code,
    ).toBe(0);

    await org.serve('northwind-day2');
    let start = receiver.received.length;
    const slack = await runCli(
      watchArgs(db, ['--max-runs', '1', '--webhook-env', HOOK_VAR, '--webhook-format', 'slack']),
      env(),
    );
    expect(slack.code).toBe(0);
    const slackBodies = bodiesSince(start) as { text: string; blocks: { type: string }[] }[];
    expect(slackBodies.length).toBeGreaterThan(0);
    for (const body of slackBodies) {
      expect(body.text).toMatch(/^runas-guard (critical|high|medium|low|info): /);
      expect(body.blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'context']);
    }
    expect(slackBodies.some((b) => b.text.includes('frozen'))).toBe(true);

    // Back to day 1: the reverse changes, posted as Teams cards.
    await org.serve('northwind-day1');
    start = receiver.received.length;
    const teams = await runCli(
      watchArgs(db, ['--max-runs', '1', '--webhook-env', HOOK_VAR, '--webhook-format', 'teams']),
      env(),
    );
    expect(teams.code).toBe(0);
    const teamsBodies = bodiesSince(start) as {
      type: string;
      attachments: {
        contentType: string;
        content: { type: string; version: string; body: { text?: string }[] };
      }[];
    }[];
    expect(teamsBodies.length).toBeGreaterThan(0);
    for (const body of teamsBodies) {
      expect(body.type).toBe('message');
      expect(body.attachments).toHaveLength(1);
      expect(body.attachments[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
      expect(body.attachments[0]?.content.type).toBe('AdaptiveCard');
      expect(body.attachments[0]?.content.version).toBe('1.4');
    }
    const texts = teamsBodies.flatMap(
      (b) => b.attachments[0]?.content.body.map((e) => e.text ?? '') ?? [],
    );
    expect(texts.some((t) => t.includes('frozen true → false'))).toBe(true);
    for (const text of [slack.stdout, slack.stderr, teams.stdout, teams.stderr])
      expect(text).not.toContain(SECRET);
  }, 180_000);
});

describe('monitor watch refuses a webhook that is not http(s) before collecting or writing', () => {
  it('exit 2, the URL not repeated, no store written', async () => {
    const db = join(tempDir('watch-bad-'), 'history.db');
    const result = await runCli(
      [
        'monitor',
        'watch',
        '--db',
        db,
        '--instance-url',
        'http://127.0.0.1:9',
        '--interval',
        '1s',
        '--webhook',
        `ftp://127.0.0.1/hooks/${SECRET}`,
      ],
      { SF_ACCESS_TOKEN: '00Dxx0000000001!AQbadbadbad' },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'runas-guard: --webhook: expected an http or https URL, not "ftp:" scheme\n',
    );
    expect(result.stdout).toBe('');
    expect(existsSync(db)).toBe(false);
  }, 60_000);
});
