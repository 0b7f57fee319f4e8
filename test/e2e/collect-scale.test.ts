// The collector at scale, over HTTP on 127.0.0.1: one query batch of 300,000 rows goes through the
// real paging code page by page (no spread of a whole result, which overflows the stack above about
// 125,000 rows), from a bare REST server and through collectLive over the emulator; and IN lists of
// Ids are filled up to the URI limit: N Ids take the fewest requests whose URIs, as sent on the wire,
// stay within it. Counts only, never timings.

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, describe, expect, it } from 'vitest';

import { soqlOf } from '../../src/collect/catalog.js';
import { collectLive } from '../../src/collect/live/collect-live.js';
import { connectWithAccessToken } from '../../src/collect/live/connect.js';
import { DEFAULT_MAX_URI_BYTES, LiveIo } from '../../src/collect/live/requests.js';
import type { RequestContext } from '../../src/collect/tracker.js';
import { Transport } from '../../src/transport/http.js';
import { deterministicId } from '../../src/util/ids.js';
import { NORTHWIND, serveFixture } from '../helpers/emulator.js';

/** A request context that counts what it is told. */
function counter(): RequestContext & { requests: number; rows: number } {
  const ctx = {
    requests: 0,
    rows: 0,
    sent: () => {
      ctx.requests++;
    },
    received: (n: number) => {
      ctx.rows += n;
    },
  };
  return ctx;
}

/** Node's fetch, recording the path and query string of every URL exactly as it goes on the wire. */
function recordingFetch(sent: string[]): typeof fetch {
  return (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    sent.push(url.pathname + url.search);
    return fetch(input, init);
  };
}

describe('collector: one query batch of 300,000 rows', async () => {
  const TOTAL = 300_000;
  const PAGE = 2_000;
  const PARENT = deterministicId('0PS', 'scale-set');
  const row = (i: number) => ({
    attributes: { type: 'FieldPermissions' },
    Id: `01k${String(i).padStart(15, '0')}`,
    ParentId: PARENT,
    SobjectType: `Obj${i % 97}__c`,
    Field: `Obj${i % 97}__c.Field${i}__c`,
    PermissionsRead: true,
    PermissionsEdit: i % 3 === 0,
  });
  /** The REST query shape: pages of 2,000 rows, each but the last with a nextRecordsUrl. */
  const pagesServed: number[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const locator = /^\/services\/data\/v\d+\.\d+\/query\/01gSCALE-(\d+)$/.exec(url.pathname);
    const page = locator?.[1] === undefined ? 0 : Number(locator[1]);
    if (locator === null && !/^\/services\/data\/v\d+\.\d+\/query$/.test(url.pathname)) {
      res.writeHead(404).end();
      return;
    }
    pagesServed.push(page);
    const start = page * PAGE;
    const records = Array.from({ length: Math.min(PAGE, TOTAL - start) }, (_, k) => row(start + k));
    const done = start + PAGE >= TOTAL;
    res.writeHead(200, { 'Content-Type': 'application/json', Date: new Date(0).toUTCString() });
    res.end(
      JSON.stringify({
        totalSize: TOTAL,
        done,
        ...(done
          ? {}
          : {
              nextRecordsUrl: `${url.pathname.replace(/\/query.*$/, '')}/query/01gSCALE-${page + 1}`,
            }),
        records,
      }),
    );
  });
  await new Promise<void>((resolve) => {
    server.listen(0, '127.0.0.1', resolve);
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
    });
  });
  const instanceUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const io = new LiveIo(connectWithAccessToken(instanceUrl, 'scale-token'));

  it('pages through all of them without a stack overflow, and counts every row and page', async () => {
    const ctx = counter();
    const rows = await io.queryChunked('rest.query.FieldPermissions', {}, 'ids', [PARENT], ctx);
    expect(rows).toHaveLength(TOTAL);
    expect(rows[TOTAL - 1]?.Field).toBe(`Obj${(TOTAL - 1) % 97}__c.Field${TOTAL - 1}__c`);
    expect(ctx.requests).toBe(TOTAL / PAGE);
    expect(ctx.rows).toBe(TOTAL);
    expect(pagesServed).toEqual(Array.from({ length: TOTAL / PAGE }, (_, i) => i));
  });

  it('hands the rows to a consumer one page of 2,000 at a time, as they arrive', async () => {
    const ctx = counter();
    const sizes: number[] = [];
    let editable = 0;
    const count = await io.eachChunkedPage(
      'rest.query.FieldPermissions',
      {},
      'ids',
      [PARENT],
      ctx,
      (page) => {
        sizes.push(page.length);
        for (const r of page) if (r.PermissionsEdit === true) editable++;
      },
    );
    expect(count).toBe(TOTAL);
    expect(sizes).toEqual(Array.from({ length: TOTAL / PAGE }, () => PAGE));
    expect(editable).toBe(TOTAL / 3);
  });
});

describe('collector: IN lists of Ids filled up to the URI limit', async () => {
  const running = await serveFixture(NORTHWIND);
  const ids = Array.from({ length: 5_000 }, (_, i) => deterministicId('005', `scale-user-${i}`));
  /** On the wire, one more Id in the list adds `, '<18 characters>'` encoded: `%2C%20%27…%27`. */
  const PER_ID = '%2C%20%27'.length + 18 + '%27'.length;

  /** The wire length of the query with one Id, as the URL serialiser writes it (not our encoder). */
  function oneIdUriBytes(io: LiveIo): number {
    const soql = soqlOf('rest.query.User.byId', { lists: { userIds: [ids[0] ?? ''] } });
    const url = new URL(
      `${running.instanceUrl}${io.basePath(false)}/query?q=${encodeURIComponent(soql)}`,
    );
    return Buffer.byteLength(url.pathname + url.search);
  }

  async function batches(maxUriBytes?: number) {
    const sent: string[] = [];
    const before = running.emulator.state.log.length;
    const io = new LiveIo(connectWithAccessToken(running.instanceUrl, running.accessToken), {
      transport: new Transport({ fetch: recordingFetch(sent) }),
      ...(maxUriBytes === undefined ? {} : { maxUriBytes }),
    });
    const ctx = counter();
    const rows = await io.queryChunked('rest.query.User.byId', {}, 'userIds', ids, ctx);
    const log = running.emulator.state.log.slice(before);
    return { io, sent, rows, log, ctx, max: io.maxUriBytes };
  }

  for (const limit of [16_384, undefined]) {
    it(`5,000 Ids take the fewest requests under ${limit ?? `the default ${DEFAULT_MAX_URI_BYTES}`} bytes, each valid`, async () => {
      const { io, sent, rows, log, ctx, max } = await batches(limit);
      const perRequest = 1 + Math.floor((max - oneIdUriBytes(io)) / PER_ID);
      const expected = Math.ceil(ids.length / perRequest);
      expect(ctx.requests).toBe(expected);
      expect(sent).toHaveLength(expected);
      expect(log.map((e) => e.status)).toEqual(sent.map(() => 200));
      expect(rows).toEqual([]);
      for (const uri of sent) expect(Buffer.byteLength(uri)).toBeLessThanOrEqual(max);
      // Full: every batch but the last had no room for one Id more.
      for (const uri of sent.slice(0, -1))
        expect(Buffer.byteLength(uri)).toBeGreaterThan(max - PER_ID);
      const lists = sent.map((uri) => decodeURIComponent(uri).match(/'005\w{15}'/g) ?? []);
      expect(lists.flat()).toEqual(ids.map((id) => `'${id}'`));
    });
  }

  it('the default is 16,384 bytes of URI and headers less a 2 KiB reserve for the headers', () => {
    expect(DEFAULT_MAX_URI_BYTES).toBe(16_384 - 2_048);
  });
});

describe('collectLive: a permission set with 300,000 field permissions, over the emulator', async () => {
  const EXTRA = 300_000;
  const SET = 'Storefront_Orders_Integration';
  const big = await serveFixture(NORTHWIND, {
    variant: (org) => {
      const parent = org.records.get('PermissionSet')?.find((r) => r.Name === SET)?.Id;
      const rows = org.records.get('FieldPermissions');
      if (parent === undefined || rows === undefined) throw new Error(`no ${SET} in the fixture`);
      for (let i = 0; i < EXTRA; i++)
        rows.push({
          Id: deterministicId('01k', `bulk-${i}`),
          ParentId: parent,
          SobjectType: 'Order',
          Field: `Order.Bulk_${i}__c`,
          PermissionsRead: true,
          PermissionsEdit: i % 2 === 0,
        });
    },
  });
  const plain = await serveFixture(NORTHWIND);
  const collect = (running: typeof big) =>
    collectLive(connectWithAccessToken(running.instanceUrl, running.accessToken));

  it('collects every one of them, page by page, with no failed source', async () => {
    const [many, few] = [await collect(big), await collect(plain)];
    expect(many.failedRequests).toEqual([]);
    const fieldsOf = (s: typeof many) =>
      Object.keys(s.permissionSets.find((p) => p.name === SET)?.fieldPermissions ?? {});
    expect(fieldsOf(many).length - fieldsOf(few).length).toBe(EXTRA);
    expect(
      many.permissionSets.find((p) => p.name === SET)?.fieldPermissions['Order.Bulk_1__c'],
    ).toEqual({
      readable: true,
      editable: false,
    });
    expect((many.objects.Order?.length ?? 0) - (few.objects.Order?.length ?? 0)).toBe(EXTRA);
    // The same requests, and the FieldPermissions answer's extra pages of 2,000 rows.
    const rowsOf = (s: typeof many) =>
      [...s.permissionSets, ...s.mutingPermissionSets, ...s.profiles].reduce(
        (n, c) => n + Object.keys(c.fieldPermissions).length,
        0,
      );
    const pages = (rows: number) => Math.ceil(rows / 2_000);
    expect(many.apiRequests - few.apiRequests).toBe(pages(rowsOf(many)) - pages(rowsOf(few)));
  });
});
