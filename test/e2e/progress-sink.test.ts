// What the progress line is fed (src/collect/progress.ts), from a real collection over HTTP: one
// event per request the collector counts, named by a catalog id (never a path, URL or value), the
// rows of the query pages; and nothing outside a command that asked for progress.

import { describe, expect, it } from 'vitest';

import { runAudit } from '../../src/audit/run-audit.js';
import { CATALOG } from '../../src/collect/catalog.js';
import {
  type CollectProgress,
  collectProgress,
  withCollectProgress,
} from '../../src/collect/progress.js';
import { runDoctor } from '../../src/doctor/index.js';
import { liveSource, NORTHWIND, serveFixture } from '../helpers/emulator.js';

const org = await serveFixture(NORTHWIND);
// The catalog's requests, and the identity read of the auditor (doctor, and the audit's own check).
const NAMES = new Set<string>([...CATALOG.map((entry) => entry.id), 'http.userinfo']);

/** A sink that keeps every event. */
function recorder(): CollectProgress & { names: string[]; rowCount: () => number } {
  const names: string[] = [];
  let rows = 0;
  return {
    names,
    rowCount: () => rows,
    request(name) {
      names.push(name);
    },
    rows(count) {
      rows += count;
    },
  };
}

describe('the progress of a collection', () => {
  it('audit: one event per request the snapshot counts, each a catalog id, and the rows read', async () => {
    const sink = recorder();
    const { snapshot } = await withCollectProgress(sink, () =>
      runAudit({ source: { kind: 'live', source: liveSource(org.instanceUrl, org.accessToken) } }),
    );
    // apiRequests counts the retries of the transport too, which the tracker never sees.
    expect(sink.names.length).toBe(snapshot.apiRequests - (snapshot.retries ?? 0));
    expect(sink.names.filter((name) => !NAMES.has(name))).toEqual([]);
    expect(new Set(sink.names)).toContain('rest.query.User');
    // At least one row per run-as user and per assignment read.
    expect(sink.rowCount()).toBeGreaterThanOrEqual(
      snapshot.users.length + snapshot.assignments.length,
    );
  });

  it('doctor: each request named by the catalog (or the identity read), as many as it counts', async () => {
    const sink = recorder();
    const report = await withCollectProgress(sink, () =>
      runDoctor(liveSource(org.instanceUrl, org.accessToken), { timeoutMs: 60_000 }),
    );
    expect(sink.names.length).toBe(report.apiRequests);
    expect(sink.names.filter((name) => !NAMES.has(name))).toEqual([]);
  });

  it('reaches nobody outside withCollectProgress', async () => {
    const sink = recorder();
    await withCollectProgress(sink, () => Promise.resolve());
    expect(collectProgress()).toBeUndefined();
    await runAudit({
      source: { kind: 'live', source: liveSource(org.instanceUrl, org.accessToken) },
    });
    expect(sink.names).toEqual([]);
  });
});
