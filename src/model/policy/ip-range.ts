// IP range membership of a profile's login IP ranges: IPv4 start and end addresses, both ends
// included; a profile without ranges allows every address; an IPv6 or unreadable range holds no
// IPv4 address. CONFIRMED that ranges are start/end pairs; inclusive ends are our reading
// (docs/salesforce-behaviour.md 1.8).

import type { IpRange } from '../permissions.js';

/** An IPv4 address as a number; undefined for anything else. */
export function ipv4ToNumber(text: string): number | undefined {
  const parts = text.trim().split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

/** Whether `ip` is inside the range, the first and the last address included. */
export function ipInRange(ip: string, range: Pick<IpRange, 'start' | 'end'>): boolean {
  const value = ipv4ToNumber(ip);
  const low = ipv4ToNumber(range.start);
  const high = ipv4ToNumber(range.end);
  if (value === undefined || low === undefined || high === undefined) return false;
  return value >= low && value <= high;
}

/** Whether the login IP ranges let `ip` log in: no ranges means no restriction. */
export function ipAllowedByRanges(ip: string, ranges: readonly IpRange[]): boolean {
  return ranges.length === 0 || ranges.some((r) => ipInRange(ip, r));
}
