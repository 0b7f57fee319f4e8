// Every fault rule field against the emulator over HTTP with plain fetch: injected headers, redirects,
// malformed JSON and SOAP shapes, truncation, stalls, drips, huge bodies and endless query pages.

import { afterAll, describe, expect, it, vi } from 'vitest';

import type { FaultRule } from '../../src/emulator/faults.js';
import { startEmulator } from '../../src/emulator/server.js';
import { loadOrgFixture } from '../../src/fixture/index.js';
import { DEMO_ORG, serveFixture } from '../helpers/emulator.js';
import { startCatcher } from '../helpers/hostile.js';

const catcher = await startCatcher();
afterAll(() => catcher.close());

/** A real, valid query whose `marker` the rules below match on. */
function soql(marker: string): string {
  return `SELECT Id, Name FROM User WHERE Name != '${marker}' ORDER BY Name`;
}

const faults: FaultRule[] = [
  {
    path: '/query$',
    query: "'headers'",
    headers: {
      'Content-Type': 'text/html; charset=ISO-8859-1',
      Date: 'Sat, 01 Jan 2000 00:00:00 GMT',
      'X-Odd': 'yes',
    },
  },
  { path: '/query$', query: "'short-length'", headers: { 'Content-Length': '5' } },
  {
    path: '/query$',
    query: "'long-length'",
    headers: { 'Content-Length': '100000', Connection: 'close' },
  },
  { path: '/query$', query: "'redirect-away'", status: 302, location: `${catcher.url}/stolen` },
  {
    path: '/query$',
    query: "'redirect-here'",
    status: 307,
    location: '/services/data/v62.0/limits',
    jsonBody: { moved: true },
  },
  { path: '/query$', query: "'json-real-status'", jsonBody: { records: 'x' } },
  {
    path: '/query$',
    query: "'json-status'",
    status: 400,
    jsonBody: { totalSize: 1, done: true, records: [1, null, 'a'] },
  },
  { path: '/query$', query: "'no-content'", status: 204, body: 'ignored' },
  { path: '/query$', query: "'truncate'", truncate: true, times: 1 },
  { path: '/query$', query: "'endless'", endlessPages: true },
  { path: '/tooling/query$', endlessPages: true },
  { path: '/query$', query: "'stall'", stall: true },
  { path: '/drip$', dripMs: 5, times: 1 },
  { path: '/huge-small$', hugeBodyBytes: 5_000_000 },
  { path: '/huge$', hugeBodyBytes: 600_000_000, status: 200 },
  { method: 'POST', path: '^/services/Soap/m/', times: 1, body: unknownResultEnvelope() },
];

const running = await serveFixture(DEMO_ORG, { faults });
const auth = { Authorization: `Bearer ${running.accessToken}` };

type Init = Omit<RequestInit, 'headers'>;

function get(path: string, init: Init = {}): Promise<Response> {
  return fetch(`${running.instanceUrl}${path}`, { ...init, headers: auth });
}

/** The body's reader, typed: Node's fetch types its body loosely. */
function readerOf(response: Response): ReadableStreamDefaultReader<Uint8Array> {
  const body = response.body as ReadableStream<Uint8Array> | null;
  if (body === null) throw new Error('no body');
  return body.getReader();
}

function query(marker: string, init: Init = {}): Promise<Response> {
  return get(`/services/data/v62.0/query?q=${encodeURIComponent(soql(marker))}`, init);
}

function unknownResultEnvelope(): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" ' +
    'xmlns="http://soap.sforce.com/2006/04/metadata"><soapenv:Body><listMetadataResponse>' +
    '<result><somethingElse><fullName>Hidden</fullName></somethingElse></result>' +
    '</listMetadataResponse></soapenv:Body></soapenv:Envelope>'
  );
}

describe('headers', () => {
  it('sets odd headers on the real answer, after the emulator’s own Date', async () => {
    const response = await query('headers');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=ISO-8859-1');
    expect(response.headers.get('date')).toBe('Sat, 01 Jan 2000 00:00:00 GMT');
    expect(response.headers.get('x-odd')).toBe('yes');
    const body = JSON.parse(await response.text()) as { records: unknown[] };
    expect(body.records.length).toBeGreaterThan(0);
  });

  it('sends a Content-Length shorter than the body: the client reads only that much', async () => {
    const real = await (await query('real')).text();
    const response = await query('short-length');
    expect(real.length).toBeGreaterThan(5);
    expect(await response.text()).toBe(real.slice(0, 5));
  });

  it('sends a Content-Length longer than the body, then closes: the body never completes', async () => {
    const response = await query('long-length');
    expect(response.headers.get('content-length')).toBe('100000');
    await expect(response.text()).rejects.toThrow();
  });
});

describe('redirects', () => {
  it('answers 302 with an absolute Location on another origin', async () => {
    const response = await query('redirect-away', { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(`${catcher.url}/stolen`);
    expect(await response.text()).toBe('');
  });

  it('answers 307 with a relative Location and a body', async () => {
    const response = await query('redirect-here', { redirect: 'manual' });
    expect(response.status).toBe(307);
    expect(response.headers.get('location')).toBe('/services/data/v62.0/limits');
    expect(await response.json()).toEqual({ moved: true });
  });

  it('sends a client that follows to the catcher, which records it without the token value', async () => {
    const before = catcher.requests.length;
    const response = await query('redirect-away');
    expect(await response.json()).toEqual({ totalSize: 0, done: true, records: [] });
    expect(catcher.requests.slice(before).map((r) => [r.method, r.path])).toEqual([
      ['GET', '/stolen'],
    ]);
  });
});

describe('the catcher', () => {
  it('records whether a token came, never the token', async () => {
    const before = catcher.requests.length;
    await fetch(`${catcher.url}/services/data/v62.0/query?q=x`, { headers: auth });
    await fetch(`${catcher.url}/id?oauth_token=${running.accessToken}`);
    const caught = catcher.requests.slice(before);
    expect(caught.map((r) => [r.authorization, r.tokenInQuery])).toEqual([
      [true, false],
      [false, true],
    ]);
    expect(caught.map((r) => r.path)).toEqual(['/services/data/v62.0/query', '/id']);
    expect(JSON.stringify(caught)).not.toContain(running.accessToken);
  });
});

describe('malformed shapes', () => {
  it('answers a JSON value with the real status', async () => {
    const response = await query('json-real-status');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.text()).toBe('{"records":"x"}');
  });

  it('answers a JSON value with the given status', async () => {
    const response = await query('json-status');
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ totalSize: 1, done: true, records: [1, null, 'a'] });
  });

  it('sends no body with a status that cannot carry one', async () => {
    const response = await query('no-content');
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
  });

  it('answers a Metadata API call with the real SOAP status and type around an unknown <result>', async () => {
    const envelope = (operation: string): string =>
      '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" ' +
      'xmlns="http://soap.sforce.com/2006/04/metadata"><soapenv:Header><SessionHeader>' +
      `<sessionId>${running.accessToken}</sessionId></SessionHeader></soapenv:Header><soapenv:Body>` +
      `${operation}</soapenv:Body></soapenv:Envelope>`;
    const list = envelope(
      '<listMetadata><queries><type>ConnectedApp</type></queries><asOfVersion>62.0</asOfVersion></listMetadata>',
    );
    const post = (): Promise<Response> =>
      fetch(`${running.instanceUrl}/services/Soap/m/62.0`, {
        method: 'POST',
        headers: { 'Content-Type': 'text/xml; charset=UTF-8', SOAPAction: '""' },
        body: list,
      });
    const faulted = await post();
    const real = await post();
    expect(faulted.status).toBe(200);
    expect(real.status).toBe(200);
    expect(faulted.headers.get('content-type')).toBe(real.headers.get('content-type'));
    expect(real.headers.get('content-type')).toMatch(/xml/);
    expect(await faulted.text()).toBe(unknownResultEnvelope());
    expect(await real.text()).toContain('<result>');
  });

  it('truncates the real answer to half its bytes', async () => {
    const faulted = await (await query('truncate')).text();
    const real = await (await query('truncate')).text();
    expect(faulted).toBe(real.slice(0, Math.floor(Buffer.byteLength(real) / 2)));
  });

  it('still answers a query string with malformed percent-encoding (no 500)', async () => {
    const response = await get('/services/data/v62.0/query?q=SELECT%E0%A4%A');
    expect(response.status).toBe(400);
  });
});

describe('stall', () => {
  it('never answers until the client gives up; the request then ends as dropped', async () => {
    const rule = faults.findIndex((f) => f.stall === true);
    const before = running.emulator.state.faults.matched[rule] ?? 0;
    const controller = new AbortController();
    const pending = query('stall', { signal: controller.signal });
    await vi.waitFor(() => {
      expect(running.emulator.state.faults.matched[rule]).toBe(before + 1);
    });
    controller.abort();
    await expect(pending).rejects.toThrow();
    await vi.waitFor(() => {
      expect(running.emulator.state.log.filter((e) => e.status === 599).length).toBe(1);
    });
  });

  it('does not keep the emulator from closing', async () => {
    const org = await loadOrgFixture(DEMO_ORG);
    const own = await startEmulator({ org, faults: [{ path: '/limits$', stall: true }] });
    const pending = fetch(`${own.instanceUrl}/services/data/v62.0/limits`, {
      headers: { Authorization: `Bearer ${own.accessToken}` },
    });
    await vi.waitFor(() => {
      expect(own.emulator.state.faults.matched).toEqual([1]);
    });
    await own.close();
    await expect(pending).rejects.toThrow();
  });
});

describe('dripMs', () => {
  it('sends the real answer one byte at a time', async () => {
    const read = async (): Promise<{ status: number; text: string; chunks: number }> => {
      const response = await get('/services/data/v62.0/drip');
      const reader = readerOf(response);
      const parts: Buffer[] = [];
      for (let r = await reader.read(); !r.done; r = await reader.read())
        parts.push(Buffer.from(r.value));
      return {
        status: response.status,
        text: Buffer.concat(parts).toString(),
        chunks: parts.length,
      };
    };
    const dripped = await read();
    const real = await read();
    expect(dripped.status).toBe(real.status);
    expect(dripped.text).toBe(real.text);
    expect(real.text.length).toBeGreaterThan(20);
    // Each chunk is one byte as sent; a slow test machine may join a few, never all.
    expect(dripped.chunks).toBeGreaterThan(real.chunks);
  });
});

describe('hugeBodyBytes', () => {
  it('streams exactly N bytes of JSON-looking rows', async () => {
    const body = Buffer.from(await (await get('/services/data/v62.0/huge-small')).arrayBuffer());
    expect(body.length).toBe(5_000_000);
    expect(body.subarray(0, 100).toString()).toMatch(
      /^\{"totalSize":1,"done":true,"records":\[\{"attributes":\{"type":"Account"\},"Id":"001/,
    );
  });

  it('streams 600 MB without holding it: a client reads 4 MB and stops', async () => {
    const rss = process.memoryUsage().rss;
    const response = await get('/services/data/v62.0/huge');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBeNull();
    const reader = readerOf(response);
    let read = 0;
    while (read < 4 * 1024 * 1024) {
      const chunk = await reader.read();
      if (chunk.done) throw new Error('ended early');
      read += chunk.value.length;
    }
    await reader.cancel();
    // Emulator and client share this process: a body held whole would add about 600 MB.
    expect(process.memoryUsage().rss - rss).toBeLessThan(200 * 1024 * 1024);
  });
});

describe('endlessPages', () => {
  interface Page {
    totalSize: number;
    done: boolean;
    nextRecordsUrl?: string;
    records: unknown[];
  }

  it('answers done: false with a fresh same-origin locator on every page, forever', async () => {
    const first = (await (await query('endless')).json()) as Page;
    expect(first.done).toBe(false);
    expect(first.records.length).toBeGreaterThan(0);
    const seen = new Set<string>();
    let page = first;
    for (let i = 0; i < 60; i++) {
      const next = page.nextRecordsUrl ?? '';
      expect(next).toMatch(/^\/services\/data\/v62\.0\/query\/01g\w+-\d+$/);
      expect(seen.has(next)).toBe(false);
      seen.add(next);
      const response = await get(next);
      expect(response.status).toBe(200);
      page = (await response.json()) as Page;
      expect(page.done).toBe(false);
      expect(page.totalSize).toBe(first.totalSize);
      expect(page.records).toEqual(first.records);
    }
    expect(seen.size).toBe(60);
  });

  it('keeps a Tooling query on the Tooling locator path', async () => {
    const response = await get(
      `/services/data/v62.0/tooling/query?q=${encodeURIComponent('SELECT Id FROM PermissionSet')}`,
    );
    const page = (await response.json()) as Page;
    expect(page.done).toBe(false);
    expect(page.nextRecordsUrl).toMatch(/^\/services\/data\/v62\.0\/tooling\/query\/01g\w+-\d+$/);
    const next = (await (await get(page.nextRecordsUrl ?? '')).json()) as Page;
    expect(next.nextRecordsUrl).not.toBe(page.nextRecordsUrl);
  });
});

describe('closing', () => {
  it('ends a drip and a huge body in flight, without printing errors', async () => {
    const errors = vi.spyOn(console, 'error');
    const org = await loadOrgFixture(DEMO_ORG);
    const own = await startEmulator({
      org,
      faults: [
        { path: '/huge$', hugeBodyBytes: 600_000_000 },
        { path: '/sobjects$', dripMs: 50 },
      ],
    });
    const headers = { Authorization: `Bearer ${own.accessToken}` };
    const huge = readerOf(await fetch(`${own.instanceUrl}/services/data/v62.0/huge`, { headers }));
    const drip = readerOf(
      await fetch(`${own.instanceUrl}/services/data/v62.0/sobjects`, { headers }),
    );
    expect((await huge.read()).done).toBe(false);
    expect((await drip.read()).done).toBe(false);
    await own.close();
    const drain = async (reader: ReadableStreamDefaultReader<Uint8Array>): Promise<string> => {
      try {
        while (!(await reader.read()).done);
        return 'ended';
      } catch {
        return 'failed';
      }
    };
    // The sockets were torn down: the client sees a broken body, never a complete one.
    expect(await drain(huge)).toBe('failed');
    expect(await drain(drip)).toBe('failed');
    expect(errors).not.toHaveBeenCalled();
    errors.mockRestore();
  });
});

describe('invalid rules', () => {
  it('stop the emulator before it listens', async () => {
    const org = await loadOrgFixture(DEMO_ORG);
    await expect(
      startEmulator({ org, faults: [{ path: '/ok' }, { path: '/query$', query: '(' }] }),
    ).rejects.toThrow(/faults\[1\]\.query: invalid regular expression/);
  });
});
