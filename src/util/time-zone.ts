// Wall-clock time of an instant in an IANA time zone (login hours are in the org's default time zone).

export type WeekdayName =
  'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday' | 'sunday';

export interface WallClock {
  weekday: WeekdayName;
  /** Minutes since local midnight. */
  minutes: number;
}

export function wallClock(instant: Date, timeZone: string): WallClock {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'long',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(instant);
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return {
    weekday: get('weekday').toLowerCase() as WeekdayName,
    minutes: Number(get('hour')) * 60 + Number(get('minute')),
  };
}
