import { describe, expect, it } from 'vitest';

import { bool, csv, int, isoDateTime, list, timeoutMinutes } from './values.js';

describe('lenient value readers', () => {
  it('reads booleans as jsforce passes them through', () => {
    expect([
      bool(true),
      bool('true'),
      bool(' TRUE '),
      bool('false'),
      bool(false),
      bool({}),
      bool(undefined, true),
    ]).toEqual([true, true, true, false, false, false, true]);
  });

  it('reads lists, integers, comma lists and timeouts', () => {
    expect(list('Api')).toEqual(['Api']);
    expect(list(['Api', '', 7, { x: 1 }])).toEqual(['Api', '7']);
    expect(int('720', 0, 1440)).toBe(720);
    expect(int('9999', 0, 1440)).toBeUndefined();
    expect(int('12abc', 0, 99)).toBeUndefined();
    expect(csv('Api, Web,,RefreshToken')).toEqual(['Api', 'Web', 'RefreshToken']);
    expect(timeoutMinutes('TwoHours')).toBe(120);
    expect(timeoutMinutes('FifteenMinutes')).toBe(15);
    expect(timeoutMinutes('Forever')).toBeUndefined();
  });

  it('normalizes Salesforce datetimes (`+0000`) to ISO-8601 UTC', () => {
    expect(isoDateTime('2026-11-25T11:58:41.000+0000')).toBe('2026-11-25T11:58:41.000Z');
    expect(isoDateTime('2026-11-25T12:58:41.000+0100')).toBe('2026-11-25T11:58:41.000Z');
    expect(isoDateTime('not a date')).toBeUndefined();
  });
});
