// Waivers (docs/manifest.md): accepted risks from the manifest, applied after evaluation. A waived
// finding keeps what it would have been (`waivedStatus`) and says why (`waiver`), as ScubaGear's
// omissions still show their evaluation and Prowler's muted findings keep their status.
// Pure: the caller passes the evaluation time (the org's clock or --now), never the machine's.
//
// Decisions (docs/manifest.md):
// - Every status but `pass` is waived: fail, error, not-evaluated and skip. A pass stays a pass (the
//   accepted risk is not present). The collection failures behind an error or not-evaluated stay in
//   the report's `collection.failedRequests` and the finding keeps its messageId, so exit code 3
//   does not depend on the finding's status alone.
// - A waiver applies through its `expires` day in UTC: expired when the evaluation time's UTC date
//   is after it. UTC, not the org's time zone, so the result depends on nothing but `now`.
// - The first waiver (in manifest order) that matches a finding is the one recorded.

import type { Finding } from '../model/finding.js';
import { normalizeUsername } from './fingerprint.js';

/** A manifest waiver (the manifest's `Waiver` type has this shape). */
export interface WaiverInput {
  /** Rule id (`RG-0023`) or slug (`app-overbroad-scopes`). */
  rule: string;
  /** Developer name of the app whose findings are waived. */
  app?: string | undefined;
  /** Name of the resource: a username (sandbox suffix ignored) or an app developer name. */
  resource?: string | undefined;
  reason: string;
  /** `YYYY-MM-DD`: the last day the waiver applies (UTC). An ISO instant is compared as such. */
  expires: string;
}

export interface WaiverOptions {
  /** Usernames are compared without this suffix (`--sandbox-suffix`). */
  sandboxSuffix?: string | undefined;
}

export interface WaivedFindings {
  /** Same order as the input; waived findings are copies, the input is not changed. */
  findings: Finding[];
  /** For the report's `warnings`: expired waivers and waivers that match no failing finding. */
  warnings: string[];
}

export function applyWaivers(
  findings: readonly Finding[],
  waivers: readonly WaiverInput[],
  now: string | Date,
  options: WaiverOptions = {},
): WaivedFindings {
  const instant = typeof now === 'string' ? Date.parse(now) : now.getTime();
  if (Number.isNaN(instant))
    throw new RangeError(`evaluation time is not ISO-8601: ${String(now)}`);
  const today = new Date(instant).toISOString().slice(0, 10);

  const warnings: string[] = [];
  const active: WaiverInput[] = [];
  for (const waiver of waivers) {
    if (isExpired(waiver.expires, instant, today)) {
      // Say so whether or not it still matches: the accepted risk is counted again.
      warnings.push(`waiver for ${label(waiver)} expired on ${waiver.expires}`);
    } else active.push(waiver);
  }

  const matchedAny = new Set<WaiverInput>();
  const waivedSome = new Set<WaiverInput>();
  const result = findings.map((finding) => {
    let applied: WaiverInput | undefined;
    for (const waiver of active) {
      if (!matches(waiver, finding, options)) continue;
      matchedAny.add(waiver);
      if (finding.status === 'pass' || finding.status === 'waived') continue;
      waivedSome.add(waiver);
      applied ??= waiver;
    }
    if (applied === undefined) return finding;
    return {
      ...finding,
      status: 'waived' as const,
      waivedStatus: finding.status,
      waiver: { reason: applied.reason, expires: applied.expires },
    };
  });

  for (const waiver of active) {
    if (!matchedAny.has(waiver)) warnings.push(`waiver for ${label(waiver)} matches no finding`);
    else if (!waivedSome.has(waiver))
      warnings.push(`waiver for ${label(waiver)} is no longer needed: its findings pass`);
  }
  return { findings: result, warnings };
}

function matches(waiver: WaiverInput, finding: Finding, options: WaiverOptions): boolean {
  const rule = waiver.rule.trim().toLowerCase();
  if (rule !== finding.ruleId.toLowerCase() && rule !== finding.slug) return false;
  // Developer names are unique in an org regardless of case.
  if (waiver.app !== undefined && !sameName(waiver.app, finding.app)) return false;
  if (waiver.resource !== undefined) {
    const { type, name } = finding.resource;
    const same =
      type === 'User'
        ? normalizeUsername(waiver.resource, options.sandboxSuffix) ===
          normalizeUsername(name, options.sandboxSuffix)
        : sameName(waiver.resource, name);
    if (!same) return false;
  }
  return true;
}

function sameName(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

function isExpired(expires: string, instant: number, today: string): boolean {
  if (/^\d{4}-\d{2}-\d{2}$/.test(expires)) return expires < today;
  const end = Date.parse(expires);
  // An unreadable expiry never keeps a waiver alive.
  return Number.isNaN(end) || end < instant;
}

/** `RG-0023 on Supplier_Catalog`, `RG-0009 on Billing_Callback / billing@acme.com`. */
function label(waiver: WaiverInput): string {
  const names = [waiver.app, waiver.resource].filter((v) => v !== undefined);
  const on = [...new Set(names)].join(' / ');
  return on === '' ? waiver.rule : `${waiver.rule} on ${on}`;
}
