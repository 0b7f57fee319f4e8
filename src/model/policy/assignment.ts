// Assignment activity at an instant: an assignment stops granting at its ExpirationDate
// (`ExpirationDate <= now` is expired), on the org's clock. Salesforce removes an expired assignment
// (CONFIRMED); that it stops granting at that very second is UNCONFIRMED, and the emulator, the audit
// and the probe all read it so (docs/salesforce-behaviour.md 3.6).

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
