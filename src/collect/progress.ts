// Progress of live collection, for a command that shows it (src/cli/progress.ts draws it on a
// terminal). The sink travels in an AsyncLocalStorage rather than through every caller's options:
// audit, probe, suggest, preflight, doctor and monitor reach the request tracker by different
// paths, and only the command knows whether its stderr is a terminal. Only counts and request
// names pass through it, never a URL, a token or a value of a record.

import { AsyncLocalStorage } from 'node:async_hooks';

export interface CollectProgress {
  /** One HTTP request is sent for the named step: a catalog id such as `rest.query.User`. */
  request(name: string): void;
  /** A query page of `count` rows arrived. */
  rows(count: number): void;
}

const current = new AsyncLocalStorage<CollectProgress>();

/** Runs `fn` with `sink` receiving the progress of every collection it starts. */
export function withCollectProgress<T>(sink: CollectProgress, fn: () => Promise<T>): Promise<T> {
  return current.run(sink, fn);
}

/** The sink of the command running now, if it shows progress. */
export function collectProgress(): CollectProgress | undefined {
  return current.getStore();
}
