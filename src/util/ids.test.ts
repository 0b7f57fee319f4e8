import { describe, expect, it } from 'vitest';

import {
  caseSafeSuffix,
  deterministicId,
  hasValidSuffix,
  isSalesforceId,
  isWellFormedId,
  sameId,
  toCaseSafeId,
} from './ids.js';

describe('caseSafeSuffix', () => {
  it('computes the suffix of real-looking Ids', () => {
    // Ids from the Northwind fixture, whose suffixes follow Salesforce's algorithm.
    expect(caseSafeSuffix('00D8d000004NwTr')).toBe('EAK');
    expect(caseSafeSuffix('0058d000005NwT1')).toBe('AAK');
    expect(caseSafeSuffix('0H48d000000NwT1')).toBe('CAK');
  });

  it('agrees with worked examples published with the algorithm', () => {
    // gammone.com "How to convert Salesforce Id from 15 to 18 chars"; theblogreaders.com "difference
    // between a 15 digit and a 18 digit Salesforce ID": each works the chunks out by hand.
    expect(caseSafeSuffix('a0D30000001n7Pi')).toBe('EAI');
    expect(caseSafeSuffix('0019000000B98de')).toBe('AAB');
  });

  it('maps all-upper-case chunks to the last letters of the alphabet', () => {
    expect(caseSafeSuffix('AAAAAaaaaa00000')).toBe('5AA');
    expect(caseSafeSuffix('aaaaaBBBBBzzzzz')).toBe('A5A');
  });

  it('refuses anything but 15 alphanumerics', () => {
    expect(() => caseSafeSuffix('0058d000005NwT')).toThrow();
    expect(() => caseSafeSuffix('0058d000005NwT!')).toThrow();
  });
});

describe('toCaseSafeId', () => {
  it('extends 15-character Ids and keeps 18-character ones', () => {
    expect(toCaseSafeId('0058d000005NwT1')).toBe('0058d000005NwT1AAK');
    expect(toCaseSafeId('0058d000005NwT1AAK')).toBe('0058d000005NwT1AAK');
    expect(() => toCaseSafeId('not-an-id')).toThrow();
  });

  it('tells Ids apart from other strings', () => {
    expect(isSalesforceId('0058d000005NwT1')).toBe(true);
    expect(isSalesforceId('0058d000005NwT1AAK')).toBe(true);
    expect(isSalesforceId('0058d000005NwT1AA')).toBe(false);
    expect(hasValidSuffix('0058d000005NwT1AAK')).toBe(true);
    expect(hasValidSuffix('0058d000005NwT1AAA')).toBe(false);
    expect(isWellFormedId('0058d000005NwT1')).toBe(true);
    expect(isWellFormedId('0058d000005NwT1AAK')).toBe(true);
    expect(isWellFormedId('0058d000005NwT1AAA')).toBe(false);
    expect(isWellFormedId('0058d000005NwT1!AK')).toBe(false);
    expect(sameId('0058d000005NwT1', '0058d000005NwT1AAK')).toBe(true);
  });
});

describe('deterministicId', () => {
  it('gives the same 18-character Id for the same prefix and seed', () => {
    const a = deterministicId('005', 'User:alice');
    expect(a).toBe(deterministicId('005', 'User:alice'));
    expect(a).toMatch(/^005000[0-9A-Za-z]{9}[A-Z0-5]{3}$/);
    expect(hasValidSuffix(a)).toBe(true);
  });

  it('varies with the seed, the prefix and the pod', () => {
    const ids = new Set([
      deterministicId('005', 'a'),
      deterministicId('005', 'b'),
      deterministicId('0PS', 'a'),
      deterministicId('005', 'a', '8d'),
    ]);
    expect(ids.size).toBe(4);
    expect(deterministicId('005', 'a', '8d').slice(0, 6)).toBe('0058d0');
  });

  it('refuses malformed prefixes', () => {
    expect(() => deterministicId('05', 'x')).toThrow();
    expect(() => deterministicId('005', 'x', '8')).toThrow();
  });
});
