import { describe, expect, it } from 'vitest';

import { FACETS } from '../model/snapshot.js';
import { isWellFormedId } from '../util/ids.js';
import type { CatalogEntry } from './catalog.js';
import {
  CATALOG,
  catalogEntry,
  NOT_LIVE_FACETS,
  renderSoql,
  soqlDateTime,
  soqlLiteral,
  soqlOf,
} from './catalog.js';

describe('request catalog', () => {
  it('has unique ids of the form api.kind.Object', () => {
    const ids = CATALOG.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const e of CATALOG) {
      expect(e.id, e.id).toMatch(/^(rest|tooling|metadata|http)\.\w+(\.\w+)*$/);
      expect(e.id.split('.')[0]).toBe(e.api);
    }
  });

  it('feeds every facet of the snapshot, and names docs and permissions for each request', () => {
    const facets = new Set(CATALOG.map((e) => e.facet));
    for (const facet of FACETS) {
      // Each facet is fed by a request, or says why a live collection cannot feed it.
      expect(facets.has(facet) !== (NOT_LIVE_FACETS[facet] !== undefined), facet).toBe(true);
    }
    for (const e of CATALOG) {
      expect(e.docUrl, e.id).toMatch(/^https:\/\/developer\.salesforce\.com\/docs\//);
      expect(e.permission.length, e.id).toBeGreaterThan(3);
      expect(e.userPermissions.length, e.id).toBeGreaterThan(0);
      expect(e.purpose.endsWith('.'), e.id).toBe(true);
    }
  });

  it('is read-only: queries, GETs and Metadata API reads only, never the secret-holding objects', () => {
    for (const e of CATALOG) {
      expect(['query', 'get', 'listMetadata', 'readMetadata']).toContain(e.request.kind);
      if (e.request.kind === 'query') expect(e.request.soql.startsWith('SELECT '), e.id).toBe(true);
      expect(JSON.stringify(e.request)).not.toMatch(/GlobalOauth|ConsumerSecret|AccessToken/i);
    }
  });

  it('renders each sample query with every placeholder filled', () => {
    for (const e of CATALOG) {
      if (e.request.kind !== 'query') continue;
      const soql = renderSoql(e.request.soql, e.request.sample);
      expect(soql, e.id).not.toMatch(/[{}]/);
    }
  });

  it('samples with well-formed Ids (the case-safe suffix their 15 characters imply)', () => {
    const sampled: string[] = [];
    for (const e of CATALOG) {
      if (e.request.kind !== 'query') continue;
      const { lists = {}, values = {} } = e.request.sample;
      for (const v of [...Object.values(lists).flat(), ...Object.values(values)]) {
        if (/^[a-zA-Z0-9]{18}$/.test(v)) sampled.push(v);
      }
    }
    expect(new Set(sampled.map((id) => id.slice(0, 3)))).toEqual(
      new Set(['005', '00e', '0PG', '0PS', '0QM']),
    );
    for (const id of sampled) expect(isWellFormedId(id), id).toBe(true);
  });

  it('lists at most 3 types per listMetadata (the API limit)', () => {
    for (const e of CATALOG) {
      if (e.request.kind === 'listMetadata') expect(e.request.types.length).toBeLessThanOrEqual(3);
    }
  });
});

describe('renderSoql', () => {
  it('quotes and escapes list values, so a hostile username cannot change the query', () => {
    const soql = soqlOf('rest.query.User', {
      lists: { usernames: ["o'brien@x.com", 'a\\b@x.com'] },
    });
    expect(soql).toContain(String.raw`IN ('o\'brien@x.com', 'a\\b@x.com')`);
    expect(soql.endsWith(')')).toBe(true);
  });

  it('refuses empty lists, missing values, bad field names and control characters', () => {
    const template = catalogEntry('rest.query.PermissionSet');
    if (template.request.kind !== 'query') throw new Error('not a query');
    const soql = template.request.soql;
    expect(() =>
      renderSoql(soql, { lists: { ids: [] }, fields: ['PermissionsApiEnabled'] }),
    ).toThrow(/at least one value/);
    expect(() => renderSoql(soql, { lists: { ids: ['0PS'] } })).toThrow(/\{fields\}/);
    expect(() =>
      renderSoql(soql, { lists: { ids: ['0PS'] }, fields: ['Id FROM User --'] }),
    ).toThrow(/not a field name/);
    expect(() => renderSoql('SELECT Id FROM User WHERE Id = {id}', {})).toThrow(
      /no value for \{id\}/,
    );
    expect(() => soqlLiteral('a\nb')).toThrow(/control characters/);
  });

  it('renders numbers only as whole numbers', () => {
    expect(soqlOf('rest.query.SetupAuditTrail', { numbers: { days: 90 } })).toContain(
      'LAST_N_DAYS:90 ',
    );
    expect(() => soqlOf('rest.query.SetupAuditTrail', { numbers: { days: 1.5 } })).toThrow(
      /whole number/,
    );
  });

  it('renders an instant as an unquoted UTC datetime literal to the second, rounded down', () => {
    expect(soqlDateTime('2026-11-24T23:44:59.999Z')).toBe('2026-11-24T23:44:59Z');
    expect(soqlDateTime('2026-11-25T00:30:00+01:00')).toBe('2026-11-24T23:30:00Z');
    for (const bad of ['2026-11-24', 'yesterday', "2026-11-24T00:00:00Z' OR Id != '", ''])
      expect(() => soqlDateTime(bad), bad).toThrow(/not an ISO-8601 instant/);
  });
});

describe('incremental reads', () => {
  it('exist for the two history queries only, reading after {since} instead of a window', () => {
    const incremental = CATALOG.flatMap((e) => {
      const request: CatalogEntry['request'] = e.request;
      return request.kind === 'query' && request.incremental !== undefined
        ? [[e.id, { ...request, incremental: request.incremental }] as const]
        : [];
    });
    expect(incremental.map(([id]) => id).sort()).toEqual([
      'rest.query.LoginHistory',
      'rest.query.SetupAuditTrail',
    ]);
    for (const [id, request] of incremental) {
      const soql = renderSoql(request.incremental, {
        ...request.sample,
        datetimes: { since: '2026-11-24T11:45:00.000Z' },
      });
      expect(soql, id).toMatch(/ > 2026-11-24T11:45:00Z ORDER BY /);
      expect(soql, id).not.toMatch(/LAST_N_DAYS|[{}]/);
      // The same columns as the window read: the rows normalise the same way.
      expect(soql.split(' WHERE ')[0], id).toBe(request.soql.split(' WHERE ')[0]);
    }
  });
});
