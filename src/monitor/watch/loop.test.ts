import { describe, expect, it } from 'vitest';

import { runLoop } from './loop.js';

describe('runLoop', () => {
  it('runs maxRuns iterations, numbered from 1', async () => {
    const seen: number[] = [];
    const runs = await runLoop(
      { intervalMs: 1, maxRuns: 3, signal: new AbortController().signal },
      (n) => {
        seen.push(n);
        return Promise.resolve();
      },
    );
    expect(runs).toBe(3);
    expect(seen).toEqual([1, 2, 3]);
  });

  it('a signal during an iteration lets it finish and starts no other', async () => {
    const stop = new AbortController();
    const finished: number[] = [];
    const runs = await runLoop({ intervalMs: 1, signal: stop.signal }, async (n) => {
      if (n === 2) stop.abort();
      await new Promise((resolve) => setTimeout(resolve, 20));
      finished.push(n);
    });
    expect(runs).toBe(2);
    expect(finished).toEqual([1, 2]);
  });

  it('a signal during the wait ends the loop without waiting out the interval', async () => {
    const stop = new AbortController();
    const ended = runLoop({ intervalMs: 3_600_000, signal: stop.signal }, () => Promise.resolve());
    setTimeout(() => {
      stop.abort();
    }, 10);
    // Would time out (an hour) if the wait ignored the signal.
    expect(await ended).toBe(1);
  });

  it('an iteration that throws ends the loop with its error', async () => {
    await expect(
      runLoop({ intervalMs: 1, signal: new AbortController().signal }, () =>
        Promise.reject(new Error('bad input')),
      ),
    ).rejects.toThrow('bad input');
  });
});
