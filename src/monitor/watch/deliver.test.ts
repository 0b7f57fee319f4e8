import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { OK, Receiver } from '../../../test/e2e/monitor-watch-receiver.js';
import { backends } from '../../../test/store/backends.js';
import { openStore } from '../store/index.js';
import type { HistoryStore, RunInput } from '../store/types.js';
import type { AlertPayload } from './alerts.js';
import { deliverPending, REJECTED_PREFIX, streamChannel, webhookChannel } from './deliver.js';
import { webhookOf } from './webhook.js';

const ORG = '00D000000000001';
const SECRET_PATH = '/hooks/T0/B0/s3cr3tW3bh00kT0k3n';

function payload(key: string): AlertPayload {
  return {
    key,
    type: 'change',
    org: ORG,
    run: 0,
    at: '2026-11-25T12:00:00.000Z',
    severity: 'high',
    message: `change ${key}`,
    breaks: [],
  };
}

function run(keys: readonly string[]): RunInput {
  return {
    orgKey: ORG,
    source: 'test',
    collectedAt: '2026-11-25T12:00:00.000Z',
    recordedAt: '2026-11-25T12:00:01.000Z',
    toolVersion: 'test',
    exitCode: 0,
    integrations: [],
    findings: [],
    events: [],
    highWater: {},
    alerts: keys.map((key) => ({ key, payload: payload(key) })),
  };
}

/** No wait between attempts; the sleeps asked for are kept. */
function noWait(sleeps: number[]) {
  return {
    sleep: (ms: number) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    random: () => 0.999,
  };
}

const { backends: BACKENDS } = await backends();
afterAll(async () => {
  for (const backend of BACKENDS) await backend.cleanup();
}, 60_000);

describe.each(BACKENDS)('deliverPending on $name', (backend) => {
  const receiver = new Receiver();
  let store: HistoryStore;

  beforeAll(async () => {
    await receiver.start();
  });
  afterAll(() => receiver.close());
  beforeEach(async (context) => {
    if (backend.skip !== undefined) {
      context.skip(backend.skip);
      return;
    }
    store = await openStore(await backend.fresh());
    receiver.received.length = 0;
    receiver.answer = OK;
    return () => store.close();
  });
  const channel = () =>
    webhookChannel(webhookOf(`${receiver.origin}${SECRET_PATH}`, '--webhook', 'json'));

  it('delivers each pending alert once, oldest first, with the run id the store gave it', async () => {
    const runId = await store.recordRun(run(['a', 'b', 'c']));
    const summary = await deliverPending(store, ORG, channel(), noWait([]));
    expect(summary).toEqual({ delivered: 3, pending: 0, rejected: 0 });
    const bodies = receiver.received.map((r) => r.body as AlertPayload);
    expect(bodies.map((b) => [b.key, b.run])).toEqual([
      ['a', runId],
      ['b', runId],
      ['c', runId],
    ]);
    expect(await store.pendingAlerts(ORG)).toEqual([]);
    expect(await deliverPending(store, ORG, channel(), noWait([]))).toEqual({
      delivered: 0,
      pending: 0,
      rejected: 0,
    });
    expect(receiver.received).toHaveLength(3);
  });

  it('without a webhook each alert is one line on the stream, and delivered', async () => {
    await store.recordRun(run(['a', 'b']));
    const lines: string[] = [];
    const summary = await deliverPending(
      store,
      ORG,
      streamChannel((line) => lines.push(line)),
      noWait([]),
    );
    expect(summary).toEqual({ delivered: 2, pending: 0, rejected: 0 });
    expect(lines).toEqual(['alert high change a\n', 'alert high change b\n']);
    expect(await store.pendingAlerts(ORG)).toEqual([]);
  });

  it('a key already queued for the org is not queued again', async () => {
    await store.recordRun(run(['a']));
    await deliverPending(store, ORG, channel(), noWait([]));
    await store.recordRun(run(['a', 'b']));
    await deliverPending(store, ORG, channel(), noWait([]));
    expect(receiver.received.map((r) => (r.body as AlertPayload).key)).toEqual(['a', 'b']);
  });

  it('retries a transient failure with growing jittered backoff, then delivers once', async () => {
    await store.recordRun(run(['a']));
    let calls = 0;
    receiver.answer = (_q, r) => {
      calls += 1;
      if (calls < 3) r.writeHead(503).end();
      else OK(_q, r);
    };
    const sleeps: number[] = [];
    const summary = await deliverPending(store, ORG, channel(), noWait(sleeps));
    expect(summary).toEqual({ delivered: 1, pending: 0, rejected: 0 });
    expect(receiver.received).toHaveLength(3);
    // Full jitter below 1 s, then below 2 s.
    expect(sleeps).toEqual([999, 1998]);
  });

  it('a webhook that stays down: one alert uses its attempts, the rest wait; all delivered once later', async () => {
    await store.recordRun(run(['a', 'b', 'c']));
    const down = new Receiver();
    await down.start();
    const url = `${down.origin}${SECRET_PATH}`;
    await down.close();
    const failures: string[] = [];
    const summary = await deliverPending(
      store,
      ORG,
      webhookChannel(webhookOf(url, '--webhook', 'json')),
      {
        ...noWait([]),
        onFailure: (alert, attempt, error) => failures.push(`${alert.key} ${attempt} ${error}`),
      },
    );
    expect(summary).toEqual({ delivered: 0, pending: 3, rejected: 0 });
    expect(failures).toHaveLength(3);
    expect(failures.every((f) => f.startsWith('a '))).toBe(true);
    const pending = await store.pendingAlerts(ORG);
    expect(pending.map((p) => [p.key, p.attempts])).toEqual([
      ['a', 1],
      ['b', 0],
      ['c', 0],
    ]);
    expect(pending[0]?.lastError).toContain(down.origin);
    expect(JSON.stringify(pending)).not.toContain('s3cr3t');
    // Back up (the test's receiver stands for the restarted webhook).
    const back = await deliverPending(store, ORG, channel(), noWait([]));
    expect(back).toEqual({ delivered: 3, pending: 0, rejected: 0 });
    expect(receiver.received.map((r) => (r.body as AlertPayload).key)).toEqual(['a', 'b', 'c']);
  });

  it('a refusal (404) is kept as rejected, not sent again unless asked', async () => {
    await store.recordRun(run(['a', 'b']));
    receiver.answer = (_q, r) => r.writeHead(404).end();
    const first = await deliverPending(store, ORG, channel(), noWait([]));
    expect(first).toEqual({ delivered: 0, pending: 0, rejected: 2 });
    expect(receiver.received).toHaveLength(2);
    const kept = await store.pendingAlerts(ORG);
    expect(kept.map((p) => p.lastError?.startsWith(REJECTED_PREFIX))).toEqual([true, true]);
    receiver.answer = OK;
    const again = await deliverPending(store, ORG, channel(), noWait([]));
    expect(again).toEqual({ delivered: 0, pending: 0, rejected: 2 });
    expect(receiver.received).toHaveLength(2);
    const retried = await deliverPending(store, ORG, channel(), {
      ...noWait([]),
      retryRejected: true,
    });
    expect(retried).toEqual({ delivered: 2, pending: 0, rejected: 0 });
    expect(receiver.received).toHaveLength(4);
  });
});
