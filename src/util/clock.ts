// Time is injected everywhere: results must not depend on the machine's calendar date (docs/salesforce-behaviour.md 7.2).

export interface Clock {
  now(): Date;
}

/** A clock that starts at `start` and advances with real elapsed time (the emulator's org clock). */
export function runningClock(start: Date): Clock {
  const origin = performance.now();
  return { now: () => new Date(start.getTime() + Math.round(performance.now() - origin)) };
}

/** A clock that never moves (tests, snapshot replay). */
export function fixedClock(at: Date): Clock {
  return { now: () => new Date(at.getTime()) };
}
