// RG-0011's wording of the excess (src/analyze/facts/excess-access.ts computes it): each grant with
// its paths when there are few, else counts per kind.

import { formatVia, listSome } from '../../declared.js';
import type { ExcessItem } from '../../facts/excess-access.js';
import { HIGH_RISK_PERMISSIONS } from '../../facts/high-risk-permissions.js';

/**
 * One label per object (or field, or system permission) and set of paths: `Product2 delete via
 * Supplier_Catalog_Access / Product_Data_Steward`, `Account create, edit via profile X`.
 */
export function excessLabels(items: readonly ExcessItem[]): string[] {
  const labels: string[] = [];
  let previous: { head: string; via: string; actions: string[] } | undefined;
  const flush = () => {
    if (previous === undefined) return;
    const plural = previous.head === 'system permission' && previous.actions.length > 1 ? 's' : '';
    labels.push(`${previous.head}${plural} ${previous.actions.join(', ')} via ${previous.via}`);
  };
  for (const item of items) {
    const via = item.via.map(formatVia).join(' and ');
    const head =
      item.kind === 'system'
        ? 'system permission'
        : item.kind === 'object'
          ? item.name
          : `field ${item.name}`;
    const action = item.kind === 'system' ? item.name : item.action;
    if (previous?.head === head && previous.via === via) {
      previous.actions.push(action);
      continue;
    }
    flush();
    previous = { head, via, actions: [action] };
  }
  flush();
  return labels;
}

/**
 * Beyond this many grants the message summarizes by kind; the evidence lists the first
 * ctx.evidenceItems with their paths (every one with --full-evidence) and counts the rest.
 */
export const MAX_LISTED = 8;

const RISK_ORDER = new Map(HIGH_RISK_PERMISSIONS.map((p, i) => [p.name.toLowerCase(), i]));

/**
 * The excess as one readable sentence part: each grant with its paths when there are few; else
 * counts per kind, high-risk system permissions named first, and how many the evidence lists.
 */
export function describeExcessList(items: readonly ExcessItem[], listed = items.length): string {
  if (items.length <= MAX_LISTED) return excessLabels(items).join(', ');
  const system = items.flatMap((i) => (i.kind === 'system' ? [i.name] : []));
  system.sort(
    (a, b) =>
      (RISK_ORDER.get(a.toLowerCase()) ?? Infinity) - (RISK_ORDER.get(b.toLowerCase()) ?? Infinity),
  );
  const objects = items.filter((i) => i.kind === 'object');
  const objectNames = [...new Set(objects.map((i) => i.name))];
  const fields = items.filter((i) => i.kind === 'field');
  const parts: string[] = [];
  if (system.length > 0)
    parts.push(`${count(system.length, 'system permission')} (${listSome(system, 5)})`);
  if (objects.length > 0)
    parts.push(
      `${count(objects.length, 'object permission')} on ${count(objectNames.length, 'object')} (${listSome(objectNames, 5)})`,
    );
  if (fields.length > 0) parts.push(count(fields.length, 'field permission'));
  const which =
    listed >= items.length
      ? 'names each with its path'
      : `names the first ${listed} with their paths (audit --full-evidence lists every one)`;
  return `${parts.join(', ')}; the evidence ${which}`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
