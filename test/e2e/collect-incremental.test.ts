// The incremental read of the Setup Audit Trail and Login History (docs/adr/0021-incremental-lifecycle-events.md)
// against the emulator over 127.0.0.1: the SOQL sent reads after the given instant instead of the
// window, with the same number of requests, and every row carries its Salesforce Id.

import { join } from 'node:path';

import { Connection } from '@jsforce/jsforce-node';
import { describe, expect, it } from 'vitest';

import { catalogEntry, renderSoql } from '../../src/collect/catalog.js';
import { collectLive } from '../../src/collect/live/collect-live.js';
import type { CollectLiveOptions } from '../../src/collect/live/collect-live.js';
import { connectWithAccessToken } from '../../src/collect/live/connect.js';
import type { RunningEmulator } from '../../src/emulator/server.js';
import type { RequestLogEntry } from '../../src/emulator/state.js';
import { serveFixture } from '../helpers/emulator.js';

const DAY2 = join(import.meta.dirname, '../fixtures/monitor/northwind-day2');

async function collect(running: RunningEmulator, options: CollectLiveOptions = {}) {
  const before = running.emulator.state.log.length;
  const snapshot = await collectLive(
    connectWithAccessToken(running.instanceUrl, running.accessToken),
    options,
  );
  return { snapshot, log: running.emulator.state.log.slice(before) };
}

function soqlOf(log: readonly RequestLogEntry[], object: string): string[] {
  return log
    .filter((e) => e.path.includes('/query'))
    .map((e) => decodeURIComponent(e.query.replace(/\+/g, ' ')).replace(/^\?q=/, ''))
    .filter((soql) => new RegExp(`FROM ${object}\\b`).test(soql));
}

/** The first 15 characters: the fixture gives 15-character Ids, the API answers 18. */
const key = (id: string | undefined): string => (id ?? '').slice(0, 15);

describe('incremental history read (Northwind, day 2)', async () => {
  const running = await serveFixture(DAY2);

  it('reads the window with every row carrying its Id', async () => {
    const { snapshot, log } = await collect(running);
    expect(soqlOf(log, 'SetupAuditTrail')).toEqual([
      expect.stringMatching(/WHERE CreatedDate >= LAST_N_DAYS:90 ORDER BY/),
    ]);
    expect(snapshot.auditTrail.map((e) => key(e.id))).toEqual([
      '0Ym8d00000NwA08',
      '0Ym8d00000NwA07',
      '0Ym8d00000NwA06',
      '0Ym8d00000NwA05',
      // 01 to 04 (June and July) are older than 90 days.
    ]);
    expect(snapshot.loginHistory.length).toBeGreaterThan(0);
    for (const row of snapshot.loginHistory) expect(row.id, row.loginTime).toMatch(/^0Ya\w{15}$/);
  });

  it('reads only after the given instants, in as many requests as the window', async () => {
    const window = await collect(running);
    const history = {
      auditTrailSince: '2026-11-25T16:45:00.000Z',
      loginHistorySince: '2026-11-25T09:00:00.000Z',
    };
    const { snapshot, log } = await collect(running, { history });

    const [trail] = soqlOf(log, 'SetupAuditTrail');
    expect(trail).toMatch(/WHERE CreatedDate > 2026-11-25T16:45:00Z ORDER BY CreatedDate DESC$/);
    const logins = soqlOf(log, 'LoginHistory');
    expect(logins.length).toBeGreaterThan(0);
    for (const soql of logins) {
      expect(soql).toMatch(/WHERE UserId IN \('005/);
      expect(soql).toMatch(/AND LoginTime > 2026-11-25T09:00:00Z ORDER BY LoginTime DESC$/);
      expect(soql).not.toMatch(/LAST_N_DAYS/);
    }
    expect(log.length).toBe(window.log.length);
    expect(log.every((e) => e.method === 'GET' || e.path.includes('/Soap/m/'))).toBe(true);

    // The rows after the instants, and only those.
    expect(snapshot.auditTrail.map((e) => [key(e.id), e.action])).toEqual([
      ['0Ym8d00000NwA08', 'frozeuser'],
    ]);
    expect(snapshot.loginHistory.map((l) => [key(l.id), l.loginTime])).toEqual(
      window.snapshot.loginHistory
        .filter((l) => l.loginTime > history.loginHistorySince)
        .map((l) => [key(l.id), l.loginTime]),
    );
    expect(snapshot.loginHistory.length).toBeGreaterThan(0);
    expect(snapshot.loginHistory.length).toBeLessThan(window.snapshot.loginHistory.length);
    expect(snapshot.ledger.auditTrail?.status).toBe('ok');
    expect(snapshot.ledger.loginHistory?.status).toBe('ok');
  });

  it('asks for the instants once the org and its run-as users are read', async () => {
    const asked: [string, readonly string[]][] = [];
    const { snapshot, log } = await collect(running, {
      history: (orgId, runAsUsernames) => {
        asked.push([orgId, runAsUsernames]);
        return Promise.resolve({ auditTrailSince: '2026-11-25T16:00:00Z' });
      },
    });
    expect(asked).toEqual([
      [
        snapshot.org?.id,
        [
          'carrier.integration@northwindtraders.com',
          'ledger.integration@northwindtraders.com',
          'storefront.integration@northwindtraders.com',
          'supplier.integration@northwindtraders.com',
        ],
      ],
    ]);
    expect(soqlOf(log, 'SetupAuditTrail')).toEqual([
      expect.stringMatching(/CreatedDate > 2026-11-25T16:00:00Z /),
    ]);
    // Login History without a since: its window.
    for (const soql of soqlOf(log, 'LoginHistory')) expect(soql).toMatch(/LAST_N_DAYS:90/);
    expect(snapshot.auditTrail.map((e) => key(e.id))).toEqual([
      '0Ym8d00000NwA08',
      '0Ym8d00000NwA07',
    ]);
  });

  it("answers the catalog's incremental SOQL to jsforce with Ids and only later rows", async () => {
    const conn = new Connection({
      instanceUrl: running.instanceUrl,
      accessToken: running.accessToken,
      version: '62.0',
    });
    const { request } = catalogEntry('rest.query.SetupAuditTrail');
    if (request.kind !== 'query' || request.incremental === undefined)
      throw new Error('no incremental read');
    const result = await conn.query<{ Id: string; CreatedDate: string }>(
      renderSoql(request.incremental, { datetimes: { since: '2026-11-25T16:00:00Z' } }),
    );
    expect(result.records.map((r) => [key(r.Id), r.CreatedDate])).toEqual([
      ['0Ym8d00000NwA08', '2026-11-26T08:15:31.000+0000'],
      ['0Ym8d00000NwA07', '2026-11-25T16:42:09.000+0000'],
    ]);
  });
});
