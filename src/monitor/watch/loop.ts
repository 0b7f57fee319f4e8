// The watch loop: one iteration (record, alert, deliver) every interval until `maxRuns` or a
// signal. A signal never cuts an iteration short: the loop ends after the current one, so the run
// is recorded whole and the store is closed by the caller (docs/adr/0020-alerts.md).

export interface LoopOptions {
  /** From the start of one iteration to the start of the next (a slow iteration starts the next at once). */
  intervalMs: number;
  /** Stop after this many iterations (tests, one-shot cron); unbounded when absent. */
  maxRuns?: number;
  /** Aborted by SIGINT / SIGTERM: no new iteration starts, the wait ends at once. */
  signal: AbortSignal;
  /** Monotonic milliseconds (tests fix it). */
  now?: () => number;
}

/** Waits `ms`, or less when the signal is aborted. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Runs `iteration` (given its 1-based number) until done; resolves with the number of iterations run. */
export async function runLoop(
  options: LoopOptions,
  iteration: (n: number) => Promise<void>,
): Promise<number> {
  const now = options.now ?? (() => performance.now());
  let runs = 0;
  while (!options.signal.aborted && (options.maxRuns === undefined || runs < options.maxRuns)) {
    const started = now();
    runs += 1;
    await iteration(runs);
    if (options.maxRuns !== undefined && runs >= options.maxRuns) break;
    await pause(Math.max(0, options.intervalMs - (now() - started)), options.signal);
  }
  return runs;
}
