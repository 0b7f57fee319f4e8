import { describe, expect, it } from 'vitest';

import { CliError } from './errors.js';
import { parseInstant } from './instant.js';

function refusal(value: string): string {
  try {
    parseInstant(value);
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(2);
    return (error as CliError).message;
  }
  throw new Error(`accepted ${value}`);
}

describe('parseInstant (--now)', () => {
  it('accepts ISO-8601 instants with Z or an offset, and returns them in UTC', () => {
    expect(parseInstant('2026-11-25T12:00:00Z')).toBe('2026-11-25T12:00:00.000Z');
    expect(parseInstant('2026-11-25T12:00Z')).toBe('2026-11-25T12:00:00.000Z');
    expect(parseInstant('2026-11-25T13:30:00+01:30')).toBe('2026-11-25T12:00:00.000Z');
    expect(parseInstant('2026-11-25T23:00:00-05:00')).toBe('2026-11-26T04:00:00.000Z');
    expect(parseInstant('2026-11-25T12:00:00.123456789Z')).toBe('2026-11-25T12:00:00.123Z');
    expect(parseInstant('2028-02-29T00:00:00Z')).toBe('2028-02-29T00:00:00.000Z');
    expect(parseInstant('2000-02-29T00:00:00Z')).toBe('2000-02-29T00:00:00.000Z');
    expect(parseInstant('0050-06-01T00:00:00Z')).toBe('0050-06-01T00:00:00.000Z');
  });

  it('refuses days, months and times that do not exist, instead of rolling them over', () => {
    expect(refusal('2026-02-30T00:00:00Z')).toBe(
      '--now: not a valid instant: "2026-02-30T00:00:00Z": 2026-02 has no day 30',
    );
    expect(refusal('2026-02-29T00:00:00Z')).toMatch(/has no day 29/);
    expect(refusal('1900-02-29T00:00:00Z')).toMatch(/has no day 29/);
    expect(refusal('2026-13-01T00:00:00Z')).toMatch(/month 13 does not exist/);
    expect(refusal('2026-04-31T00:00:00Z')).toMatch(/has no day 31/);
    expect(refusal('2026-01-01T24:00:00Z')).toMatch(/hour 24/);
    expect(refusal('2026-01-01T12:60:00Z')).toMatch(/minute 60/);
    expect(refusal('2026-01-01T12:00:60Z')).toMatch(/second 60/);
    expect(refusal('2026-01-01T12:00:00+24:00')).toMatch(/offset \+24:00/);
  });

  it('refuses what Date.parse would guess at: numbers, bare dates, no zone, words', () => {
    expect(refusal('0')).toBe(
      '--now: not an ISO-8601 instant: "0" (expected an ISO-8601 instant such as 2026-11-25T12:00:00Z or 2026-11-25T13:00:00+01:00)',
    );
    expect(refusal('2026-02-30')).toBe(
      '--now: not an ISO-8601 instant: "2026-02-30" (a date alone has no time and zone: write 2026-02-30T00:00:00Z)',
    );
    for (const value of [
      '',
      '1764072000000',
      '2026-11-25T12:00:00',
      '2026-11-25 12:00:00Z',
      'Wed, 25 Nov 2026 12:00:00 GMT',
      'tomorrow',
      '2026-11-25T12:00:00Z ',
      '+002026-11-25T12:00:00Z',
      '２０２６-11-25T12:00:00Z',
    ])
      expect(refusal(value)).toMatch(/^--now: not an ISO-8601 instant: /);
  });

  it('names the flag it is given, and shortens a long value', () => {
    expect(() => parseInstant('x', '--at')).toThrow(/^--at: /);
    expect(refusal('9'.repeat(10_000)).length).toBeLessThan(250);
  });
});
