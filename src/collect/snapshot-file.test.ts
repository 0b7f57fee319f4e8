import { execFileSync } from 'node:child_process';
import { lstat, mkdtemp, readFile, readlink, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import type { OrgSnapshot } from '../model/snapshot.js';
import { CollectError } from './errors.js';
import { readSnapshot, writeSnapshot } from './snapshot-file.js';

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
