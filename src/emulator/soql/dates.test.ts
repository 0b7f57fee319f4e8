import { describe, expect, it } from 'vitest';
import {
  civilString,
  dateLiteralRange,
  formatDateTime,
  localDate,
  parseDateTime,
  startOfDay,
  type CivilDate,
} from './dates.js';

// Wednesday 2026-11-25.
const today: CivilDate = { y: 2026, m: 11, d: 25 };

describe('dateLiteralRange', () => {
  it.each([
    ['TODAY', '2026-11-25', '2026-11-26'],
    ['YESTERDAY', '2026-11-24', '2026-11-25'],
    ['TOMORROW', '2026-11-26', '2026-11-27'],
    ['THIS_WEEK', '2026-11-22', '2026-11-29'],
    ['LAST_WEEK', '2026-11-15', '2026-11-22'],
    ['NEXT_WEEK', '2026-11-29', '2026-12-06'],
    ['THIS_MONTH', '2026-11-01', '2026-12-01'],
    ['LAST_MONTH', '2026-10-01', '2026-11-01'],
    ['NEXT_MONTH', '2026-12-01', '2027-01-01'],
    ['THIS_QUARTER', '2026-10-01', '2027-01-01'],
    ['LAST_QUARTER', '2026-07-01', '2026-10-01'],
    ['NEXT_QUARTER', '2027-01-01', '2027-04-01'],
    ['THIS_YEAR', '2026-01-01', '2027-01-01'],
    ['LAST_FISCAL_YEAR', '2025-01-01', '2026-01-01'],
    ['LAST_90_DAYS', '2026-08-27', '2026-11-26'],
    ['NEXT_90_DAYS', '2026-11-26', '2027-02-24'],
    ['LAST_N_DAYS:1', '2026-11-24', '2026-11-26'],
    ['LAST_N_DAYS:90', '2026-08-27', '2026-11-26'],
    ['NEXT_N_DAYS:7', '2026-11-26', '2026-12-03'],
    ['N_DAYS_AGO:3', '2026-11-22', '2026-11-23'],
    ['LAST_N_WEEKS:2', '2026-11-08', '2026-11-22'],
    ['NEXT_N_WEEKS:1', '2026-11-29', '2026-12-06'],
    ['LAST_N_MONTHS:3', '2026-08-01', '2026-11-01'],
    ['NEXT_N_MONTHS:2', '2026-12-01', '2027-02-01'],
    ['N_MONTHS_AGO:11', '2025-12-01', '2026-01-01'],
    ['LAST_N_QUARTERS:2', '2026-04-01', '2026-10-01'],
    ['N_YEARS_AGO:1', '2025-01-01', '2026-01-01'],
    ['next_n_fiscal_years:1', '2027-01-01', '2028-01-01'],
  ])('%s is [%s, %s)', (literal, start, end) => {
    const range = dateLiteralRange(literal, today);
    expect(range && [civilString(range.start), civilString(range.end)]).toEqual([start, end]);
  });

  it.each(['LAST_N_DAYS', 'LAST_N_DAYS:x', 'SOMEDAY', 'THIS_DAY', 'LAST_N_LIGHTYEARS:2'])(
    'does not know %s',
    (literal) => {
      expect(dateLiteralRange(literal, today)).toBeUndefined();
    },
  );

  it('handles month ends and leap years', () => {
    const range = dateLiteralRange('LAST_MONTH', { y: 2028, m: 3, d: 31 });
    expect(range && civilString(range.start)).toBe('2028-02-01');
    expect(range && civilString(addDaysTo(range.end, -1))).toBe('2028-02-29');
  });
});

function addDaysTo(date: CivilDate, days: number): CivilDate {
  const d = new Date(Date.UTC(date.y, date.m - 1, date.d + days));
  return { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate() };
}

describe('time zones', () => {
  it.each([
    ['UTC', { y: 2026, m: 11, d: 25 }, '2026-11-25T00:00:00.000Z'],
    ['Europe/London', { y: 2026, m: 8, d: 27 }, '2026-08-26T23:00:00.000Z'],
    ['Europe/London', { y: 2026, m: 11, d: 25 }, '2026-11-25T00:00:00.000Z'],
    ['America/New_York', { y: 2026, m: 3, d: 8 }, '2026-03-08T05:00:00.000Z'],
    ['America/New_York', { y: 2026, m: 3, d: 9 }, '2026-03-09T04:00:00.000Z'],
    ['Asia/Kolkata', { y: 2026, m: 1, d: 1 }, '2025-12-31T18:30:00.000Z'],
    ['Not/AZone', { y: 2026, m: 1, d: 1 }, '2026-01-01T00:00:00.000Z'],
  ] as const)('local midnight in %s of %o is %s', (zone, date, iso) => {
    expect(new Date(startOfDay(date, zone)).toISOString()).toBe(iso);
  });

  it('reads the local date of an instant', () => {
    const late = new Date('2026-11-25T23:30:00Z');
    expect(localDate(late, 'Europe/London')).toEqual({ y: 2026, m: 11, d: 25 });
    expect(localDate(late, 'Europe/Berlin')).toEqual({ y: 2026, m: 11, d: 26 });
    expect(localDate(late, 'America/Los_Angeles')).toEqual({ y: 2026, m: 11, d: 25 });
  });
});

describe('datetimes', () => {
  it.each([
    ['2026-11-25T11:58:41.000+0000', '2026-11-25T11:58:41.000Z'],
    ['2026-11-25T11:58:41Z', '2026-11-25T11:58:41.000Z'],
    ['2026-11-25T12:58:41+01:00', '2026-11-25T11:58:41.000Z'],
    ['2026-11-25T06:58:41.5-05:00', '2026-11-25T11:58:41.500Z'],
  ])('parses %s', (text, iso) => {
    expect(new Date(parseDateTime(text) ?? NaN).toISOString()).toBe(iso);
  });

  it.each([
    '2026-11-25',
    '2020-52-12T12:12:00-05:00',
    '2020-12-12T12:12:00-25:00',
    'yesterday',
    '',
  ])('refuses %s', (text) => {
    expect(parseDateTime(text)).toBeUndefined();
  });

  it("writes Salesforce's format", () => {
    expect(formatDateTime(Date.UTC(2026, 10, 25, 11, 58, 41))).toBe('2026-11-25T11:58:41.000+0000');
  });
});
