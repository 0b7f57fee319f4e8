import { describe, expect, it } from 'vitest';
import {
  compareValues,
  likeMatch,
  likePattern,
  outputValue,
  toComparable,
  unquote,
} from './values.js';

describe('LIKE', () => {
  it.each([
    ["'a%'", 'Alfreds', true],
    ["'a%'", 'bAlfreds', false],
    ["'%app%'", "Bon APP'", true],
    ["'B_n%'", 'Bon', true],
    ["'B_n%'", 'Bn', false],
    ["'100\\%\\_%'", '100%_Natural', true],
    ["'100\\%\\_%'", '100x_Natural', false],
    ["'%'", '', true],
    ["'_'", '', false],
    ["'%a%b'", 'xaxbxb', true],
    ["'%a%b'", 'xaxbxc', false],
  ] as const)('%s on %j is %s', (pattern, value, expected) => {
    expect(likeMatch(likePattern(pattern), value)).toBe(expected);
  });

  it('answers patterns that make regular expressions backtrack (no regex: linear-ish, no hang)', () => {
    const pattern = likePattern(`'${'%a'.repeat(30)}%b'`);
    expect(likeMatch(pattern, 'a'.repeat(20_000))).toBe(false);
    expect(likeMatch(pattern, `${'a'.repeat(20_000)}b`)).toBe(true);
  });
});

describe('values', () => {
  it('unquotes SOQL escapes', () => {
    expect(unquote("'it\\'s\\n\\\\'")).toBe("it's\n\\");
  });

  it('compares ids on 15 characters, case-sensitively, and text case-insensitively', () => {
    expect(toComparable('id', '0058d000005NwT1AAK')).toBe('0058d000005NwT1');
    expect(compareValues('id', 'a', 'A')).not.toBe(0);
    expect(compareValues('string', 'a', 'A')).toBe(0);
    expect(toComparable('string', '')).toBeNull();
    expect(toComparable('boolean', undefined)).toBe(false);
    expect(toComparable('datetime', '2026-11-25T11:58:41.000+0000')).toBe(
      Date.UTC(2026, 10, 25, 11, 58, 41),
    );
  });

  it('writes values as Salesforce does', () => {
    expect(outputValue('datetime', '2026-11-25T11:58:41Z')).toBe('2026-11-25T11:58:41.000+0000');
    expect(outputValue('date', '2026-11-25T00:00:00Z')).toBe('2026-11-25');
    expect(outputValue('boolean', 'true')).toBe(true);
    expect(outputValue('boolean', undefined)).toBe(false);
    expect(outputValue('int', '42')).toBe(42);
    expect(outputValue('string', '')).toBeNull();
    expect(outputValue('json', { a: 1 })).toEqual({ a: 1 });
  });
});
