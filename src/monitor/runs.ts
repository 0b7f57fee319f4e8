// Which stored runs a command means: `--from` / `--to` / `--org` resolved against the store, with
// a clear message (exit 2) for a run that does not exist, runs of two orgs or nothing to compare.

import { MonitorError } from './errors.js';
import type { HistoryStore, RunSummary, StoredRun } from './store/types.js';

export interface RunSelection {
  from?: number | undefined;
  to?: number | undefined;
  /** `--org KEY`: the org id (the project name for a project). */
  orgKey?: string | undefined;
}

/** `run 12 (2026-11-26T12:00:00.000Z)`: how reports name a stored run. */
export function runLabel(run: Pick<RunSummary, 'id' | 'collectedAt'>): string {
  return `run ${run.id} (${run.collectedAt})`;
}

async function loadRun(store: HistoryStore, id: number, flag: string): Promise<StoredRun> {
  const run = await store.loadRun(id);
  if (run === undefined) throw new MonitorError(`${flag} ${id}: no such run in the store`);
  return run;
}

/** The org a command is about: `--org`, else the only org of the store. */
export async function orgOf(store: HistoryStore, orgKey: string | undefined): Promise<string> {
  const runs = await store.listRuns();
  const orgs = [...new Set(runs.map((r) => r.orgKey))].sort();
  if (orgKey !== undefined) {
    if (!orgs.includes(orgKey))
      throw new MonitorError(
        `--org ${orgKey}: no run of this org in the store${orgs.length > 0 ? ` (orgs: ${orgs.join(', ')})` : ''}`,
      );
    return orgKey;
  }
  const [only, ...others] = orgs;
  if (only === undefined)
    throw new MonitorError('the store holds no run yet: record one with `monitor record`');
  if (others.length > 0)
    throw new MonitorError(
      `the store holds runs of ${orgs.length} orgs (${orgs.join(', ')}): give --org KEY`,
    );
  return only;
}

function checkOrg(run: StoredRun, orgKey: string | undefined, flag: string): void {
  if (orgKey !== undefined && run.orgKey !== orgKey)
    throw new MonitorError(`${flag} ${run.id} is a run of ${run.orgKey}, not of --org ${orgKey}`);
}

/**
 * The two runs a diff compares: `--to` (default the org's newest run) and `--from` (default the
 * run of the same org recorded just before `--to`). Both must be runs of one org: comparing two
 * orgs is `runas-guard compare`.
 */
export async function selectRunPair(
  store: HistoryStore,
  selection: RunSelection,
): Promise<{ from: StoredRun; to: StoredRun }> {
  const given =
    selection.from === undefined ? undefined : await loadRun(store, selection.from, '--from');
  let to: StoredRun;
  if (selection.to !== undefined) to = await loadRun(store, selection.to, '--to');
  else {
    const orgKey = given?.orgKey ?? (await orgOf(store, selection.orgKey));
    const latest = await store.latestRun(orgKey);
    if (latest === undefined) throw new MonitorError(`no run of ${orgKey} in the store`);
    to = latest;
  }
  checkOrg(to, selection.orgKey, '--to');
  let from = given;
  if (from === undefined) {
    const earlier = (await store.listRuns({ orgKey: to.orgKey })).filter((r) => r.id < to.id);
    const previous = earlier.at(-1);
    if (previous === undefined)
      throw new MonitorError(
        `${runLabel(to)} is the first run of ${to.orgKey}: there is nothing before it to compare (record another run, or give --from)`,
      );
    from = await loadRun(store, previous.id, '--from');
  }
  checkOrg(from, selection.orgKey, '--from');
  if (from.orgKey !== to.orgKey)
    throw new MonitorError(
      `--from ${from.id} is a run of ${from.orgKey} and --to ${to.id} a run of ${to.orgKey}: a diff compares two runs of one org (two orgs: runas-guard compare)`,
    );
  return { from, to };
}
