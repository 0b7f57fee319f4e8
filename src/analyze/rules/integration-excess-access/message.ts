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

/** Beyond this many grants the message summarizes by kind; the evidence keeps every one. */
export const MAX_LISTED = 8;

const RISK_ORDER = new Map(HIGH_RISK_PERMISSIONS.map((p, i) => [p.name.toLowerCase(), i]));

/**
 * The excess as one readable sentence part: each grant with its paths when there are few; else
 * counts per kind, high-risk system permissions named first.
 */
export function describeExcessList(items: readonly ExcessItem[]): string {
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
  return `${parts.join(', ')}; the evidence names each with its path`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
