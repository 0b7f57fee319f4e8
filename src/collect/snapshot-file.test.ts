import { execFileSync } from 'node:child_process';
import { lstat, mkdtemp, readFile, readlink, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';

import { OrgSnapshotSchema } from '../model/snapshot.js';
import type { OrgSnapshot } from '../model/snapshot.js';
import { CollectError } from './errors.js';
import { readSnapshot, validateSnapshot, writeSnapshot } from './snapshot-file.js';

const dir = await mkdtemp(join(tmpdir(), 'rg-snapshot-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

function minimal(): OrgSnapshot {
  return {
    schemaVersion: 1,
    tool: { name: 'runas-guard', version: '0.1.0' },
    mode: 'live',
    org: {
      id: '00D000000000001AAA',
      instanceUrl: 'https://acme.my.salesforce.com',
      isSandbox: false,
    },
    project: null,
    collectedAt: '2026-11-25T12:00:00.000Z',
    apps: [],
    users: [
      {
        username: 'svc@acme.com',
        isActive: true,
        profileName: 'Minimum Access - API Only Integrations',
      },
    ],
    profiles: [],
    permissionSets: [],
    mutingPermissionSets: [],
    permissionSetGroups: [],
    assignments: [],
    objects: { Account: ['Industry'] },
    loginHistory: [],
    auditTrail: [],
    oauthTokens: [],
    ledger: {
      apps: {
        status: 'failed',
        request: 'metadata.listMetadata.apps',
        errorCode: 'INSUFFICIENT_ACCESS',
        message: 'no',
      },
    },
    apiRequests: 3,
    failedRequests: [
      {
        request: 'metadata.listMetadata.apps',
        facet: 'apps',
        errorCode: 'INSUFFICIENT_ACCESS',
        message: 'no',
      },
    ],
  };
}

describe('snapshot files', () => {
  it('round-trips a snapshot, owner-readable only', async () => {
    const file = join(dir, 'ok.json');
    await writeSnapshot(file, minimal());
    expect(await readSnapshot(file)).toEqual(minimal());
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('refuses another schema version with a typed error naming the file', async () => {
    const file = join(dir, 'v2.json');
    await writeFile(file, JSON.stringify({ ...minimal(), schemaVersion: 2 }));
    const error = await readSnapshot(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CollectError);
    expect(error).toMatchObject({ code: 'SNAPSHOT_VERSION_UNSUPPORTED', exitCode: 2 });
    expect((error as Error).message).toContain(file);
  });

  it('lists what is wrong in a malformed snapshot, and rejects unknown keys and non-JSON', async () => {
    const file = join(dir, 'bad.json');
    const bad = {
      ...minimal(),
      users: [{ username: 7, isActive: 'yes', profileName: 'x' }],
      extra: true,
    };
    await writeFile(file, JSON.stringify(bad));
    const error = (await readSnapshot(file).catch((e: unknown) => e)) as CollectError;
    expect(error.code).toBe('SNAPSHOT_INVALID');
    expect(error.message).toMatch(/users\.0\.username: /);
    expect(error.message).toMatch(/users\.0\.isActive: /);
    expect(error.message).toMatch(/extra/);

    await writeFile(file, '{"schemaVersion": 1,');
    await expect(readSnapshot(file)).rejects.toMatchObject({ code: 'SNAPSHOT_INVALID' });
    await expect(readSnapshot(join(dir, 'missing.json'))).rejects.toMatchObject({
      code: 'SNAPSHOT_INVALID',
    });
  });

  it("holds a failed request to the report's contract: a request name is never empty", async () => {
    const file = join(dir, 'empty-request.json');
    const failed = minimal().failedRequests?.[0];
    if (failed === undefined) throw new Error('minimal() has a failed request');
    await writeFile(
      file,
      JSON.stringify({ ...minimal(), failedRequests: [{ ...failed, request: '' }] }),
    );
    await expect(readSnapshot(file)).rejects.toThrow(/failedRequests\.0\.request: /);
    const ledger = { apps: { ...failed, facet: undefined, status: 'failed', request: '' } };
    await writeFile(file, JSON.stringify({ ...minimal(), ledger }));
    await expect(readSnapshot(file)).rejects.toThrow(/ledger\.apps\.request: /);
  });

  it('checks what it writes: a key set to undefined is left out, as JSON has it', async () => {
    const file = join(dir, 'undefined-key.json');
    const user = { ...minimal().users[0], name: undefined } as unknown as OrgSnapshot['users'][0];
    await writeSnapshot(file, { ...minimal(), users: [user] });
    expect(await readSnapshot(file)).toEqual(minimal());
  });

  it('refuses to write an invalid snapshot and leaves no file behind', async () => {
    const file = join(dir, 'never.json');
    await expect(writeSnapshot(file, { ...minimal(), collectedAt: 'yesterday' })).rejects.toThrow(
      /collectedAt/,
    );
    await expect(readFile(file)).rejects.toThrow();
  });

  it('reads only a regular file: a FIFO or /dev/zero is refused at once, naming the flag (exit 2)', async () => {
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    await expect(readSnapshot(fifo)).rejects.toMatchObject({
      code: 'SNAPSHOT_INVALID',
      exitCode: 2,
      message: `--snapshot: ${fifo}: is a named pipe (FIFO), not a regular file`,
    });
    await expect(readSnapshot('/dev/zero', '--source')).rejects.toMatchObject({
      message: '--source: /dev/zero: is a character device, not a regular file',
    });
  });

  it('writes through a symbolic link and refuses a FIFO, leaving both as they were', async () => {
    const target = join(dir, 'target.json');
    const link = join(dir, 'link.json');
    await symlink('target.json', link);
    await writeSnapshot(link, minimal());
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readlink(link)).toBe('target.json');
    expect(await readSnapshot(target)).toEqual(minimal());
    expect((await stat(target)).mode & 0o777).toBe(0o600);

    const fifo = join(dir, 'out-pipe');
    execFileSync('mkfifo', [fifo]);
    await expect(writeSnapshot(fifo, minimal())).rejects.toMatchObject({
      code: 'FILE_NOT_REGULAR',
      exitCode: 2,
      message: `--save-snapshot: ${fifo}: is a named pipe (FIFO), not a regular file: refusing to write to it`,
    });
    expect((await lstat(fifo)).isFIFO()).toBe(true);
  });
});

describe('validateSnapshot: Login History and Setup Audit Trail rows checked by hand', () => {
  const text = fc.oneof(fc.constantFrom('', 'x', '2026-11-25T12:00:00.000Z'), fc.string());
  const odd = fc.constantFrom<unknown>(undefined, null, 1, true, [], {}, ['x']);
  /** A row: each field a text, absent or something else; now and then an unknown key. */
  const row = (fields: readonly string[]) =>
    fc
      .tuple(
        fc.tuple(
          ...fields.map((f) =>
            fc.oneof(
              { weight: 150, arbitrary: text.map((v) => [f, v] as const) },
              { weight: 1, arbitrary: fc.constant([f, undefined] as const) },
              { weight: 1, arbitrary: odd.map((v) => [f, v] as const) },
            ),
          ),
        ),
        fc.oneof(
          { weight: 150, arbitrary: fc.constant(null) },
          { weight: 1, arbitrary: fc.constantFrom('extra', '__proto__', 'Id', 'constructor') },
        ),
        fc.boolean(),
      )
      .map(([entries, extra, reversed]) => {
        // JSON has no undefined: an undefined field is an absent one; key order varies.
        const present = entries.filter(([, v]) => v !== undefined);
        const ordered = reversed ? [...present].reverse() : present;
        const object = JSON.parse(JSON.stringify(Object.fromEntries(ordered))) as Record<
          string,
          unknown
        >;
        if (extra !== null) Object.defineProperty(object, extra, { value: 'v', enumerable: true });
        return object;
      });
  const history = fc.oneof(
    {
      weight: 8,
      arbitrary: fc.array(
        row(['id', 'username', 'loginTime', 'loginType', 'status', 'application', 'sourceIp']),
      ),
    },
    { weight: 1, arbitrary: odd },
  );
  const trail = fc.oneof(
    {
      weight: 8,
      arbitrary: fc.array(row(['id', 'action', 'section', 'display', 'createdDate', 'createdBy'])),
    },
    { weight: 1, arbitrary: odd },
  );

  it('accepts, returns and refuses exactly what zod does, with the same issues', () => {
    let accepted = 0;
    fc.assert(
      fc.property(history, trail, fc.nat(9), (loginHistory, auditTrail, top) => {
        const json: Record<string, unknown> = { ...minimal(), loginHistory, auditTrail };
        if (top === 0) json.apiRequests = -1;
        const fast = validateSnapshot(json);
        const reference = OrgSnapshotSchema.safeParse(json);
        expect(fast.success).toBe(reference.success);
        if (fast.success && reference.success) {
          accepted += 1;
          // The same rows, fields in the same order.
          expect(JSON.stringify(fast.data)).toBe(JSON.stringify(reference.data));
        } else if (!fast.success && !reference.success) {
          expect(fast.error.issues).toEqual(reference.error.issues);
        }
      }),
      { numRuns: 1500 },
    );
    expect(accepted).toBeGreaterThan(100);
  });
});
