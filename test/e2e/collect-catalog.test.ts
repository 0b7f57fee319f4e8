// The request catalog against the emulator: each entry's sample request succeeds with the auditor's
// token (so the emulator implements every request the collector may send), and docs/permissions.md
// is what scripts/gen-permissions-doc.ts generates from the catalog.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { generatePermissionsDoc, PERMISSIONS_DOC } from '../../scripts/gen-permissions-doc.js';
import { CATALOG } from '../../src/collect/catalog.js';
import { connectWithAccessToken } from '../../src/collect/live/connect.js';
import { LiveIo, runSampleRequest } from '../../src/collect/live/requests.js';
import { RequestTracker } from '../../src/collect/tracker.js';
import { NORTHWIND, serveFixture } from '../helpers/emulator.js';

const ROOT = join(import.meta.dirname, '../..');

describe('request catalog: the emulator implements every entry', async () => {
  const running = await serveFixture(NORTHWIND);
  const io = new LiveIo(connectWithAccessToken(running.instanceUrl, running.accessToken));

  for (const entry of CATALOG) {
    it(`${entry.id} (${entry.api}) answers its sample request`, async () => {
      const tracker = new RequestTracker();
      const before = running.emulator.state.log.length;
      await runSampleRequest(io, entry, { sent: () => undefined });
      const sent = running.emulator.state.log.slice(before);
      expect(sent.length, 'requests sent').toBeGreaterThan(0);
      for (const e of sent) expect(e.status, `${e.method} ${e.path}`).toBe(200);
      // The same request through the tracker leaves its facet ok.
      await tracker.run(entry.id, (ctx) => runSampleRequest(io, entry, ctx));
      expect(tracker.failedRequests).toEqual([]);
    });
  }
});

describe('docs/permissions.md', () => {
  it('is generated from the catalog (run `npx tsx scripts/gen-permissions-doc.ts` when this fails)', async () => {
    const committed = readFileSync(join(ROOT, PERMISSIONS_DOC), 'utf8');
    expect(committed).toBe(await generatePermissionsDoc());
  });

  it('names every request, its documentation page and permission', async () => {
    const doc = await generatePermissionsDoc();
    for (const entry of CATALOG) {
      expect(doc, entry.id).toContain(`\`${entry.id}\``);
      expect(doc, entry.id).toContain(entry.docUrl);
    }
    expect(doc).toContain('<name>ModifyMetadata</name>');
    expect(doc).toMatch(/## Ways to need less/);
  });
});
