// Evidence lists that grow with the org (a run-as user's excess grants) are cut to their first
// items, and say so (`evidence.listing`), so a report on hundreds of apps stays readable
// (docs/adr/0023-shared-access-and-summarised-evidence.md). `--full-evidence` lists every item.

import type { EvidenceListing } from '../model/finding.js';

/** The first `limit` items (Infinity: all), and the listing that says how many were left out. */
export function firstItems<T>(
  of: string,
  items: readonly T[],
  limit: number,
): { items: T[]; listing: EvidenceListing } {
  const listed = items.length <= limit ? [...items] : items.slice(0, limit);
  return {
    items: listed,
    listing: {
      of,
      total: items.length,
      listed: listed.length,
      truncated: listed.length < items.length,
    },
  };
}
