// Requests against the floor (docs/performance.md, "Collection" and "Benchmark") on seeded orgs of
// bench/generate.ts served by the emulator: the audit of the medium org sends exactly the number of
// requests written here (the generator is seeded, so the count is deterministic), within 1.25x the
// floor of bench/floor.ts; and doubling the apps of the small org adds exactly what the floor adds
// (pages of rows and Metadata reads), nothing per app; a wide org (150 apps, 700 fields per set)
// collects completely. Counts, not timings.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { auditFacts, floorOf } from '../../bench/floor.js';
import { generateOrgFixture, NOW } from '../../bench/generate.js';
import type { GenerateOptions } from '../../bench/generate.js';
import { connect } from '../../bench/jsforce.js';
import { runAudit } from '../../src/audit/run-audit.js';
import { fixedClock } from '../../src/util/clock.js';
import { liveSource, serveFixture } from '../helpers/emulator.js';

// The generated fixture is input, with its apps' consumer secrets in emulator.json: not a test
// output for the guard's temp-dir scan (tempDir), so it lives in a directory of its own, removed after.
const FIXTURES = mkdtempSync(join(tmpdir(), 'rg-floor-fixtures-'));
afterAll(() => {
  rmSync(FIXTURES, { recursive: true, force: true });
});

/** The audit's requests on `bench:gen --scale medium` (seed 1), as the emulator logged them. */
const MEDIUM_REQUESTS = 49;

interface Measured {
  /** Requests the emulator logged during the audit. */
  sent: number;
  /** The audit's own count (collection.apiRequests). */
  reported: number;
  exitCode: number;
  failed: number;
  floor: number;
}

async function measure(options: GenerateOptions): Promise<Measured> {
  const dir = join(
    FIXTURES,
    `${options.scale}-${options.apps ?? 'default'}-${options.fieldsPerSet ?? 'default'}`,
  );
  await generateOrgFixture(dir, options);
  const running = await serveFixture(dir, { clock: fixedClock(new Date(NOW)) });
  const before = running.emulator.state.log.length;
  const outcome = await runAudit({
    source: { kind: 'live', source: liveSource(running.instanceUrl, running.accessToken) },
  });
  const sent = running.emulator.state.log.length - before;
  const floor = floorOf(await auditFacts(connect(running.instanceUrl, running.accessToken)));
  await running.close();
  return {
    sent,
    reported: outcome.report.collection.apiRequests,
    exitCode: outcome.exitCode,
    failed: outcome.report.collection.failedRequests.length,
    floor: floor.total,
  };
}

describe('requests against the floor on generated orgs', () => {
  it('medium: exactly the known count, within 1.25x the floor, nothing failed', async () => {
    const m = await measure({ scale: 'medium' });
    expect(m.failed).toBe(0);
    expect(m.exitCode).not.toBe(3);
    expect(m.reported).toBe(m.sent);
    expect(m.sent).toBe(MEDIUM_REQUESTS);
    expect(m.sent / m.floor).toBeLessThanOrEqual(1.25);
  }, 600_000);

  it('small, 10 then 20 apps: the second adds exactly what its floor adds', async () => {
    const ten = await measure({ scale: 'small', apps: 10 });
    const twenty = await measure({ scale: 'small', apps: 20 });
    for (const m of [ten, twenty]) {
      expect(m.failed).toBe(0);
      expect(m.exitCode).not.toBe(3);
      expect(m.sent / m.floor).toBeLessThanOrEqual(1.25);
    }
    // The floor grows (more run-as users' rows, more Metadata reads): the test can fail.
    expect(twenty.floor).toBeGreaterThan(ten.floor);
    expect(twenty.sent - ten.sent).toBe(twenty.floor - ten.floor);
  }, 600_000);

  it('wide (150 apps, 700 fields per set, as the org that once exited 3): nothing failed, within 1.25x', async () => {
    const m = await measure({ scale: 'small', apps: 150, fieldsPerSet: 700 });
    expect(m.failed).toBe(0);
    expect(m.exitCode).not.toBe(3);
    expect(m.reported).toBe(m.sent);
    expect(m.sent / m.floor).toBeLessThanOrEqual(1.25);
  }, 600_000);
});
