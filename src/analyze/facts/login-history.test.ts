import { describe, expect, it } from 'vitest';

import type { LoginHistoryEntry } from '../../model/snapshot.js';
import { byLatest, loginsOf } from './login-history.js';

const row = (username: string, minute: number): LoginHistoryEntry => ({
  username,
  loginTime: `2026-11-25T10:${String(minute).padStart(2, '0')}:00.000Z`,
  loginType: 'Remote Access Client',
  status: 'Success',
});

const ROWS = [
  row('a@x.com', 1),
  row('B@x.com', 2),
  row(' a@X.com ', 3),
  row('c@x.com', 4),
  row('a@x.com', 5),
];

describe('loginsOf', () => {
  it('finds the same rows of a frozen list (indexed once) as of a plain one, in list order', () => {
    const frozen = Object.freeze(ROWS.map((r) => Object.freeze({ ...r })));
    for (const username of ['a@x.com', 'A@X.COM ', 'b@x.com', 'nobody@x.com']) {
      const plain = loginsOf(ROWS, username).map((r) => r.loginTime);
      expect(loginsOf(frozen, username).map((r) => r.loginTime)).toEqual(plain);
    }
    expect(loginsOf(frozen, 'a@x.com')).toHaveLength(3);
  });

  it('returns a new array each time: sorting one does not change the next answer', () => {
    const frozen = Object.freeze([...ROWS]);
    const first = loginsOf(frozen, 'a@x.com');
    first.sort(byLatest);
    expect(first[0]?.loginTime).toBe('2026-11-25T10:05:00.000Z');
    expect(loginsOf(frozen, 'a@x.com')[0]?.loginTime).toBe('2026-11-25T10:01:00.000Z');
  });
});
