// Salesforce record Ids: 15 case-sensitive characters plus the 3-character case-safe suffix that
// makes the 18-character form unique when compared case-insensitively.

import * as crypto from 'node:crypto';

const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const ID_PATTERN = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;

/** Whether a value has the shape of a 15- or 18-character Id. */
export function isSalesforceId(value: string): boolean {
  return ID_PATTERN.test(value);
}

/**
 * The case-safe suffix: for each 5-character chunk, a bit per upper-case letter (first character
 * = lowest bit), mapped to A-Z0-5.
 */
export function caseSafeSuffix(id15: string): string {
  if (!/^[a-zA-Z0-9]{15}$/.test(id15)) throw new Error(`not a 15-character Id: ${id15}`);
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15.charCodeAt(chunk * 5 + i);
      if (c >= 65 && c <= 90) bits |= 1 << i;
    }
    suffix += SUFFIX_ALPHABET.charAt(bits);
  }
  return suffix;
}

/** The 18-character form of a 15- or 18-character Id (an 18-character Id is returned as given). */
export function toCaseSafeId(id: string): string {
  if (!isSalesforceId(id)) throw new Error(`not a Salesforce Id: ${id}`);
  return id.length === 18 ? id : id + caseSafeSuffix(id);
}

/** Whether an 18-character Id carries the suffix its first 15 characters imply. */
export function hasValidSuffix(id18: string): boolean {
  return (
    id18.length === 18 &&
    isSalesforceId(id18) &&
    caseSafeSuffix(id18.slice(0, 15)) === id18.slice(15)
  );
}

/** A 15-character Id, or an 18-character one ending in the suffix its first 15 characters imply. */
export function isWellFormedId(value: string): boolean {
  return isSalesforceId(value) && (value.length === 15 || hasValidSuffix(value));
}

/** Two Ids name the same record when their first 15 characters are equal (case-sensitive). */
export function sameId(a: string, b: string): boolean {
  return a.slice(0, 15) === b.slice(0, 15);
}

// crypto.hash (Node 20.12+) hashes without a Hash object: the same bytes, faster over the
// million Ids an enterprise fixture derives.
const oneShotHash = (crypto as { hash?: (a: string, d: string, e: 'buffer') => Buffer }).hash;

/**
 * A deterministic 18-character Id: key prefix (3) + pod (2) + `0` + 9 base-62 characters from a
 * hash of `seed`. Same prefix and seed give the same Id on every run and machine.
 */
export function deterministicId(keyPrefix: string, seed: string, pod = '00'): string {
  if (!/^[a-zA-Z0-9]{3}$/.test(keyPrefix)) throw new Error(`not a key prefix: ${keyPrefix}`);
  if (!/^[a-zA-Z0-9]{2}$/.test(pod)) throw new Error(`not a pod: ${pod}`);
  const input = `${keyPrefix}\u0000${seed}`;
  const digest = oneShotHash
    ? oneShotHash('sha256', input, 'buffer')
    : crypto.createHash('sha256').update(input).digest();
  let body = '';
  for (let i = 0; i < 9; i++) body += BASE62.charAt((digest[i] ?? 0) % 62);
  const id15 = `${keyPrefix}${pod}0${body}`;
  return id15 + caseSafeSuffix(id15);
}
