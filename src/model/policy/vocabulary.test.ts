import { describe, expect, it } from 'vitest';

import { timeoutMinutesOf, WEEKDAYS } from './vocabulary.js';

describe('timeoutMinutesOf: session timeouts as minutes or enum words', () => {
  it.each([
    ['90', 90],
    ['0', 0],
    ['FifteenMinutes', 15],
    ['ThirtyMinutes', 30],
    ['SixtyMinutes', 60],
    ['OneHour', 60],
    ['TwoHours', 120],
    ['FourHours', 240],
    ['EightHours', 480],
    ['TwelveHours', 720],
    ['TwentyFourHours', 1440],
    ['Forever', undefined],
    ['ThreeHours', undefined],
    ['1234567', undefined],
    ['-5', undefined],
    [undefined, undefined],
  ] as const)('%s', (value, minutes) => {
    expect(timeoutMinutesOf(value)).toBe(minutes);
  });

  it('lists the weekdays Monday first, as login hours do', () => {
    expect(WEEKDAYS).toEqual([
      'monday',
      'tuesday',
      'wednesday',
      'thursday',
      'friday',
      'saturday',
      'sunday',
    ]);
  });
});
