// Dates for SOQL: datetime parsing and Salesforce's output format, and the ranges of date literals
// (TODAY, LAST_N_DAYS:n, THIS_MONTH, ...) at the org's clock.
//
// Decisions (SOQL docs: "Date Formats and Date Literals in WHERE"):
// - Ranges are whole local days in the org's time zone (`SoqlContext.timeZone`). Salesforce uses the
//   querying user's locale and time zone; the emulator uses the org's. An unknown zone falls back to UTC.
// - Weeks start on Sunday (the en_US locale); other locales start on Monday in Salesforce (UNCONFIRMED
//   for the emulator: not switchable).
// - Fiscal literals use the calendar year (the default fiscal year starts in January).
// - LAST_N_DAYS:n covers today and the n days before it; NEXT_N_DAYS:n starts tomorrow (DOC). The
//   LAST_N_<unit>/NEXT_N_<unit> literals exclude the current week, month, quarter or year.

export interface CivilDate {
  y: number;
  /** 1-12 */
  m: number;
  d: number;
}

/** Half-open range of local days: [start, end). */
export interface DayRange {
  start: CivilDate;
  end: CivilDate;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        hourCycle: 'h23',
      });
    } catch {
      f = formatter('UTC');
    }
    formatters.set(timeZone, f);
  }
  return f;
}

function wallParts(ms: number, timeZone: string): number[] {
  const parts = formatter(timeZone).formatToParts(new Date(ms));
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return [get('year'), get('month'), get('day'), get('hour') % 24, get('minute'), get('second')];
}

/** Local time minus UTC, in milliseconds, at an instant. */
function offsetAt(ms: number, timeZone: string): number {
  const [y = 1970, mo = 1, d = 1, h = 0, mi = 0, s = 0] = wallParts(ms, timeZone);
  return Date.UTC(y, mo - 1, d, h, mi, s) - Math.floor(ms / 1000) * 1000;
}

export function localDate(now: Date, timeZone: string): CivilDate {
  const [y = 1970, m = 1, d = 1] = wallParts(now.getTime(), timeZone);
  return { y, m, d };
}

/** The UTC instant of local midnight starting `date`. */
export function startOfDay(date: CivilDate, timeZone: string): number {
  const guess = Date.UTC(date.y, date.m - 1, date.d);
  const first = offsetAt(guess - offsetAt(guess, timeZone), timeZone);
  return guess - first;
}

function fromUtc(ms: number): CivilDate {
  const d = new Date(ms);
  return { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate() };
}

export function addDays(date: CivilDate, days: number): CivilDate {
  return fromUtc(Date.UTC(date.y, date.m - 1, date.d + days));
}

function addMonths(date: CivilDate, months: number): CivilDate {
  return fromUtc(Date.UTC(date.y, date.m - 1 + months, date.d));
}

export function civilString(date: CivilDate): string {
  const pad = (n: number, w: number): string => String(n).padStart(w, '0');
  return `${pad(date.y, 4)}-${pad(date.m, 2)}-${pad(date.d, 2)}`;
}

type Unit = 'day' | 'week' | 'month' | 'quarter' | 'year';

function periodStart(today: CivilDate, unit: Unit): CivilDate {
  switch (unit) {
    case 'day':
      return today;
    case 'week':
      return addDays(today, -new Date(Date.UTC(today.y, today.m - 1, today.d)).getUTCDay());
    case 'month':
      return { y: today.y, m: today.m, d: 1 };
    case 'quarter':
      return { y: today.y, m: Math.floor((today.m - 1) / 3) * 3 + 1, d: 1 };
    case 'year':
      return { y: today.y, m: 1, d: 1 };
  }
}

function shift(date: CivilDate, unit: Unit, n: number): CivilDate {
  switch (unit) {
    case 'day':
      return addDays(date, n);
    case 'week':
      return addDays(date, 7 * n);
    case 'month':
      return addMonths(date, n);
    case 'quarter':
      return addMonths(date, 3 * n);
    case 'year':
      return addMonths(date, 12 * n);
  }
}

const UNIT_WORDS: Record<string, Unit> = {
  DAY: 'day',
  DAYS: 'day',
  WEEK: 'week',
  WEEKS: 'week',
  MONTH: 'month',
  MONTHS: 'month',
  QUARTER: 'quarter',
  QUARTERS: 'quarter',
  FISCAL_QUARTER: 'quarter',
  FISCAL_QUARTERS: 'quarter',
  YEAR: 'year',
  YEARS: 'year',
  FISCAL_YEAR: 'year',
  FISCAL_YEARS: 'year',
};

/**
 * The range of a date literal (`TODAY`, `LAST_WEEK`, `LAST_N_DAYS:90`, `N_MONTHS_AGO:2`, ...), or
 * undefined when the literal is not one we know.
 */
export function dateLiteralRange(literal: string, today: CivilDate): DayRange | undefined {
  const [name = '', arg] = literal.toUpperCase().split(':');
  const range = (startUnits: number, lengthUnits: number, unit: Unit): DayRange => {
    const base = periodStart(today, unit);
    return {
      start: shift(base, unit, startUnits),
      end: shift(base, unit, startUnits + lengthUnits),
    };
  };
  if (arg === undefined) {
    if (name === 'TODAY') return range(0, 1, 'day');
    if (name === 'YESTERDAY') return range(-1, 1, 'day');
    if (name === 'TOMORROW') return range(1, 1, 'day');
    if (name === 'LAST_90_DAYS') return range(-90, 91, 'day');
    if (name === 'NEXT_90_DAYS') return range(1, 90, 'day');
    const fixed = /^(LAST|THIS|NEXT)_(.+)$/.exec(name);
    const unit = fixed?.[2] ? UNIT_WORDS[fixed[2]] : undefined;
    if (!fixed || !unit || unit === 'day') return undefined;
    return range(fixed[1] === 'LAST' ? -1 : fixed[1] === 'THIS' ? 0 : 1, 1, unit);
  }
  if (!/^\d{1,6}$/.test(arg)) return undefined;
  const n = Number(arg);
  const relative = /^(LAST|NEXT)_N_(.+)$/.exec(name);
  const ago = /^N_(.+)_AGO$/.exec(name);
  const unit = UNIT_WORDS[relative?.[2] ?? ago?.[1] ?? ''];
  if (!unit) return undefined;
  if (ago) return range(-n, 1, unit);
  if (unit === 'day') return relative?.[1] === 'LAST' ? range(-n, n + 1, unit) : range(1, n, unit);
  return relative?.[1] === 'LAST' ? range(-n, n, unit) : range(1, n, unit);
}

const DATETIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):?(\d{2}))$/;

/** Epoch milliseconds of an ISO-8601 / Salesforce datetime (`...Z`, `...+01:00`, `...+0000`), or undefined. */
export function parseDateTime(text: string): number | undefined {
  const m = DATETIME.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, , sign, oh, om] = m.map((v) => v ?? '');
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31 || Number(h) > 23 || Number(mi) > 59)
    return undefined;
  if (Number(s) > 59 || Number(oh) > 18 || Number(om) > 59) return undefined;
  const ms = Number((frac ?? '').padEnd(3, '0').slice(0, 3));
  const local = Date.UTC(Number(y), month - 1, day, Number(h), Number(mi), Number(s), ms);
  const offset = sign ? (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om)) * 60_000 : 0;
  return local - offset;
}

/** Salesforce's datetime output format: `2026-11-25T11:58:41.000+0000` (UTC). */
export function formatDateTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

export function isDateString(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const month = Number(m[2]);
  const day = Number(m[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}
