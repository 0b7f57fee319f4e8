// The emulator refuses what Salesforce refuses, over plain HTTP on the Northwind fixture: SOQL that
// Salesforce rejects answers its error code (never part of an answer), a malformed Authorization
// header answers INVALID_AUTH_HEADER, and every Id it serves ends in the case-safe suffix its first
// 15 characters imply (docs/emulator.md, "SOQL" and "Follow-on calls").

import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { FixtureError, loadOrgFixture } from '../../src/fixture/index.js';
import { hasValidSuffix } from '../../src/util/ids.js';
import { runCli } from '../helpers/cli.js';
import { NORTHWIND, serveFixture } from '../helpers/emulator.js';

const VERSION = 'v62.0';

type ErrorBody = { message: string; errorCode: string }[];

describe('emulator strictness over HTTP (Northwind)', async () => {
  const running = await serveFixture(NORTHWIND);
  const api = `${running.instanceUrl}/services/data/${VERSION}`;
  const bearer = `Bearer ${running.accessToken}`;
  /** `null`: no Authorization header at all. */
  const get = (path: string, authorization: string | null = bearer): Promise<Response> =>
    fetch(`${api}${path}`, {
      headers: authorization === null ? {} : { Authorization: authorization },
    });
  const query = (soql: string, tooling = false): Promise<Response> =>
    get(`${tooling ? '/tooling' : ''}/query?q=${encodeURIComponent(soql)}`);

  describe('SOQL that Salesforce rejects', () => {
    it.each([
      [
        'SELECT Id Username FROM User',
        'MALFORMED_QUERY',
        'only aggregate expressions use field aliasing',
      ],
      [
        'SELECT Id FROM User LIMIT 3 OFFSET 2001',
        'NUMBER_OUTSIDE_VALID_RANGE',
        'Maximum SOQL offset allowed is 2000',
      ],
      [
        'SELECT Id FROM User WHERE ManagerId IN (SELECT Id FROM User)',
        'MALFORMED_QUERY',
        'The inner and outer selects should not be on the same object type',
      ],
      [
        'SELECT Id FROM User WHERE Id IN (SELECT AssigneeId FROM PermissionSetAssignment WHERE PermissionSetId IN (SELECT Id FROM PermissionSet))',
        'MALFORMED_QUERY',
        'Nesting of semi join sub-selects is not supported',
      ],
      [
        'SELECT Id FROM Account USING SCOPE Mine',
        'MALFORMED_QUERY',
        'The Salesforce emulator does not support USING SCOPE in SOQL.',
      ],
    ])('%s → %s', async (soql, errorCode, text) => {
      const response = await query(soql);
      expect(response.status).toBe(400);
      const body = (await response.json()) as ErrorBody;
      expect(body).toHaveLength(1);
      expect(body[0]?.errorCode).toBe(errorCode);
      expect(body[0]?.message.split('\n').at(-1)).toBe(text);
    });

    it('answers the same queries written as Salesforce accepts them', async () => {
      for (const soql of [
        'SELECT Id, Username FROM User',
        'SELECT Id FROM User LIMIT 3 OFFSET 2000',
        'SELECT Id FROM User WHERE Id IN (SELECT AssigneeId FROM PermissionSetAssignment)',
      ]) {
        const response = await query(soql);
        expect(response.status, soql).toBe(200);
      }
    });

    it('refuses on the Tooling API too', async () => {
      const response = await query('SELECT Id FROM PermissionSet LIMIT 1 OFFSET 2001', true);
      expect(response.status).toBe(400);
      expect(((await response.json()) as ErrorBody)[0]?.errorCode).toBe(
        'NUMBER_OUTSIDE_VALID_RANGE',
      );
    });
  });

  describe('the Authorization header', () => {
    it.each([
      ['another scheme', 'Basic Z3JhY2U6c2VjcmV0'],
      ['Bearer without a token', 'Bearer'],
      ['Bearer with blanks only', 'Bearer    '],
      ['a token without its scheme', 'TOKEN'],
      ['an unknown scheme before the token', 'Token TOKEN'],
    ])('%s: 401 INVALID_AUTH_HEADER', async (_, header) => {
      const response = await get('/limits', header.replace('TOKEN', running.accessToken));
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual([
        { message: 'INVALID_HEADER_TYPE', errorCode: 'INVALID_AUTH_HEADER' },
      ]);
    });

    it('no header or an unknown token: 401 INVALID_SESSION_ID', async () => {
      for (const header of [null, 'Bearer 00D8d000004NwTr!AQbogus']) {
        const response = await get('/limits', header);
        expect(response.status).toBe(401);
        expect(await response.json()).toEqual([
          { message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' },
        ]);
      }
    });

    it('accepts Bearer and OAuth in any case', async () => {
      for (const scheme of ['Bearer', 'bearer', 'OAuth', 'oauth']) {
        const response = await get('/limits', `${scheme} ${running.accessToken}`);
        expect(response.status, scheme).toBe(200);
      }
    });
  });

  describe('Ids', () => {
    it('serves the org and user Ids with their case-safe suffix', async () => {
      const response = await fetch(`${running.instanceUrl}/services/oauth2/userinfo`, {
        headers: { Authorization: bearer },
      });
      const info = (await response.json()) as { organization_id: string; user_id: string };
      for (const id of [info.organization_id, info.user_id]) {
        expect(id).toHaveLength(18);
        expect(hasValidSuffix(id), id).toBe(true);
      }
    });

    it('answers every Id and reference of every readable object with its case-safe suffix', async () => {
      const list = (await (await get('/sobjects')).json()) as {
        sobjects: { name: string; queryable: boolean }[];
      };
      const wrong: string[] = [];
      let checked = 0;
      for (const { name, queryable } of list.sobjects) {
        if (!queryable) continue;
        const describe = (await (await get(`/sobjects/${name}/describe`)).json()) as {
          fields: { name: string; type: string }[];
        };
        const keys = describe.fields
          .filter((f) => f.type === 'id' || f.type === 'reference')
          .map((f) => f.name);
        if (keys.length === 0) continue;
        const response = await query(`SELECT ${keys.join(', ')} FROM ${name}`);
        if (response.status !== 200) continue;
        const { records } = (await response.json()) as { records: Record<string, unknown>[] };
        for (const record of records) {
          for (const key of keys) {
            const value = record[key];
            if (typeof value !== 'string') continue;
            checked++;
            if (!hasValidSuffix(value)) wrong.push(`${name}.${key} = ${value}`);
          }
        }
      }
      expect(wrong).toEqual([]);
      expect(checked).toBeGreaterThan(50);
    });
  });
});

describe('a fixture whose org Id has a wrong case-safe suffix', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rg-orgid-'));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  const org = join(dir, 'org');
  cpSync(NORTHWIND, org, { recursive: true });
  const configFile = join(org, 'emulator.json');
  const config = JSON.parse(readFileSync(configFile, 'utf8')) as Record<string, unknown>;

  it('is refused by the loader and by `runas-guard emulator` with exit 2', async () => {
    // Northwind's org Id is 00D8d000004NwTrEAK; AAA is not the suffix of 00D8d000004NwTr.
    writeFileSync(configFile, JSON.stringify({ ...config, orgId: '00D8d000004NwTrAAA' }));
    await expect(loadOrgFixture(org)).rejects.toThrow(FixtureError);
    await expect(loadOrgFixture(org)).rejects.toThrow(/case-safe suffix/);
    const result = await runCli(['emulator', '--org', org]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/orgId/);
  });

  it('gets its suffix when written with 15 characters', async () => {
    writeFileSync(configFile, JSON.stringify({ ...config, orgId: '00D8d000004NwTr' }));
    const loaded = await loadOrgFixture(org);
    expect(loaded.info.orgId).toBe('00D8d000004NwTrEAK');
  });

  it('refuses a record Id with a wrong suffix', async () => {
    writeFileSync(configFile, JSON.stringify(config));
    const users = join(org, 'data/User.json');
    const text = readFileSync(users, 'utf8');
    writeFileSync(users, text.replace('"0058d000005NwT1AAK"', '"0058d000005NwT1AAA"'));
    try {
      await expect(loadOrgFixture(org)).rejects.toThrow(/case-safe suffix/);
    } finally {
      writeFileSync(users, text);
    }
  });
});
