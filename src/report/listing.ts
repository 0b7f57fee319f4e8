// One sentence for `evidence.listing` (a list cut to its first items): how many the evidence lists
// of how many, per kind and per container, and how to get every one. Shared by the renderers.

import type { EvidenceListing } from '../model/finding.js';

/** Containers named before "and N more". */
const CONTAINERS = 3;

/** `lists 20 of 5012 excess items (field 5000, object 12); through PermissionSet X (5000), …` */
export function listingText(listing: EvidenceListing): string {
  // Kinds in key order, as the canonical JSON report lists them.
  const kinds = Object.entries(listing.byKind ?? {})
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([kind, n]) => `${kind} ${n}`);
  const head = listing.truncated
    ? `lists ${listing.listed} of ${listing.total} ${listing.of} items`
    : `lists all ${listing.total} ${listing.of} items`;
  const parts = [kinds.length === 0 ? head : `${head} (${kinds.join(', ')})`];
  const containers = listing.byContainer ?? [];
  if (containers.length > 0) {
    const named = containers
      .slice(0, CONTAINERS)
      .map(
        (c) =>
          `${c.type} ${c.name}${c.group === undefined ? '' : ` in group ${c.group}`} (${c.count})`,
      );
    const more = containers.length - named.length;
    parts.push(`through ${named.join(', ')}${more > 0 ? ` and ${more} more` : ''}`);
  }
  if (listing.truncated) parts.push('audit --full-evidence lists every one');
  return parts.join('; ');
}
