// Assignment activity at an instant. Salesforce stops granting a permission set (or group)
// assignment at its ExpirationDate and later deletes the assignment; until then the row is still
// there, so every reader must ask whether it is active. The boundary is ours to fix: the emulator
// refuses a token at the very instant of expiry, so the audit and the probe count the assignment
// as expired from that instant too (an expiry exactly at the clock grants nothing). How sure:
// expiry itself is documented (docs/rules/RG-0010.md); the exact instant is UNCONFIRMED.

/**
 * Whether an assignment with this expiration date still grants at `now` (epoch ms). No date: it
 * never expires. An unreadable date is left to the caller: it reads as active here, the effective
 * access resolver refuses it.
 */
export function isAssignmentActive(expirationDate: string | undefined, now: number): boolean {
  if (expirationDate === undefined) return true;
  return !(Date.parse(expirationDate) <= now);
}

/** The epoch ms of an ISO-8601 instant or a Date. */
export function instantOf(now: string | Date | number): number {
  return typeof now === 'number' ? now : typeof now === 'string' ? Date.parse(now) : now.getTime();
}
