// What a change does to one integration's effective access: the declared needs it loses (RG-0033)
// and the grants it gains beyond the needs or of high risk (RG-0034), each with the containers it
// came through and the changed XML file and line that did it.

import {
  declaredNeeds,
  describeGrantKey,
  describeNeed,
  formatVia,
  grantKeyOf,
  grantsOf,
  isNeedGranted,
} from '../analyze/declared.js';
import type { NeedItem } from '../analyze/declared.js';
import { HIGH_RISK_PERMISSIONS } from '../analyze/facts/high-risk-permissions.js';
import type { Manifest } from '../manifest/schema.js';
import type { EffectiveAccess, Via } from '../model/effective/types.js';
import type { OrgSnapshot } from '../model/snapshot.js';

/** A file and line of the project (relative to it), as the report formats read `evidence.location`. */
export interface ChangeLocation {
  file: string;
  line?: number;
  /** The side whose text the line is in: `head`, or `base` for a file or block the change removed. */
  side: 'base' | 'head';
}

export interface AccessChange {
  /** `Case edit`, `field Case.Priority edit`, `system permission ViewAllData`. */
  permission: string;
  /** Grant key: `object:Case:edit`, `field:Case.Priority:edit`, `system:ViewAllData`. */
  key: string;
  /** The container paths: at the base for a loss, at the head for a gain. */
  via: string[];
  /** The containers' changed files, the first the one the finding points at. */
  locations: ChangeLocation[];
  /** For a gain: a high-risk system permission. */
  highRisk?: boolean;
}

/** Reads a file of the project on one side; undefined when that side has no such file. */
export type ReadSide = (side: 'base' | 'head', file: string) => Promise<string | undefined>;

interface Sides {
  base: OrgSnapshot;
  head: OrgSnapshot;
  changedFiles: ReadonlySet<string>;
  read: ReadSide;
}

const OBJECT_TAGS: Readonly<Record<string, string>> = {
  read: 'allowRead',
  create: 'allowCreate',
  edit: 'allowEdit',
  delete: 'allowDelete',
  viewAll: 'viewAllRecords',
  modifyAll: 'modifyAllRecords',
};

const HIGH_RISK = new Set(HIGH_RISK_PERMISSIONS.map((p) => p.name.toLowerCase()));

/** The needs satisfied at the base and not at the head. */
export async function lostNeeds(
  manifest: Manifest | undefined,
  app: string,
  base: EffectiveAccess,
  head: EffectiveAccess,
  sides: Sides,
): Promise<AccessChange[]> {
  const declared = declaredNeeds({ manifest }, app);
  if ('absent' in declared) return [];
  const out: AccessChange[] = [];
  for (const item of declared.items) {
    if (!isNeedGranted(base, item) || isNeedGranted(head, item)) continue;
    const key = grantKeyOf(item);
    const vias = viasOf(base, key);
    // What the head excluded (a muting set, a session-based set) is where the change is, too.
    const excluded = head.excluded.filter((e) => e.permission.toLowerCase() === key.toLowerCase());
    const files = [
      ...vias.flatMap((v) => containerFiles(sides.base, v)),
      ...excluded.flatMap((e) => [
        ...containerFiles(sides.head, e.via),
        ...(e.mutedBy === undefined ? [] : mutingFiles(sides.head, e.mutedBy)),
      ]),
    ];
    out.push({
      permission: describeNeed(item),
      key,
      // The base's paths, and what removes the grant at the head (a muting set, session activation).
      via: [
        ...vias.map(formatVia),
        ...excluded.map((e) =>
          e.mutedBy === undefined
            ? `${formatVia(e.via)} (${e.reason} at the head)`
            : `muted by ${e.mutedBy} in ${formatVia(e.via)}`,
        ),
      ],
      locations: await locate(files, key, sides, 'head'),
    });
  }
  return out;
}

/** Grants at the head that the base did not have: beyond the declared needs, or of high risk. */
export async function gainedGrants(
  manifest: Manifest | undefined,
  app: string,
  base: EffectiveAccess,
  head: EffectiveAccess,
  sides: Sides,
): Promise<AccessChange[]> {
  const declared = declaredNeeds({ manifest }, app);
  const needed = new Set(
    ('absent' in declared ? [] : declared.items).map((i: NeedItem) => grantKeyOf(i).toLowerCase()),
  );
  const before = new Set([...grantsOf(base).keys()].map((k) => k.toLowerCase()));
  const out: AccessChange[] = [];
  for (const [key, vias] of grantsOf(head)) {
    if (before.has(key.toLowerCase())) continue;
    const highRisk = key.startsWith('system:') && HIGH_RISK.has(key.slice(7).toLowerCase());
    if (needed.has(key.toLowerCase()) && !highRisk) continue;
    // What a gained permission implies (View All Data → read on every object) is reported with it.
    if (vias.length > 0 && vias.every((v) => v.impliedBy !== undefined)) continue;
    const files = vias.flatMap((v) => containerFiles(sides.head, v));
    out.push({
      permission: describeGrantKey(key),
      key,
      via: vias.map(formatVia),
      locations: await locate(files, key, sides, 'head'),
      ...(highRisk ? { highRisk } : {}),
    });
  }
  // High-risk first, then in key order: the worst gain is the one the finding points at.
  return out.sort((a, b) => Number(b.highRisk === true) - Number(a.highRisk === true));
}

function viasOf(access: EffectiveAccess, key: string): readonly Via[] {
  return (
    grantsOf(access).get(key) ??
    [...grantsOf(access)].find(([k]) => k.toLowerCase() === key.toLowerCase())?.[1] ??
    []
  );
}

/** The files that define a container (and the group it was held through). */
function containerFiles(snapshot: OrgSnapshot, via: Via): string[] {
  const files: (string | undefined)[] = [];
  if (via.type === 'Profile')
    files.push(
      snapshot.profiles.find((p) => p.name === via.name || p.fullName === via.name)?.location?.file,
    );
  if (via.type === 'PermissionSet')
    files.push(snapshot.permissionSets.find((s) => s.name === via.name)?.location?.file);
  const group = via.type === 'PermissionSetGroup' ? via.name : via.group;
  if (group !== undefined) {
    const def = snapshot.permissionSetGroups.find((g) => g.name === group);
    files.push(def?.location?.file);
    if (def?.mutingPermissionSet !== undefined)
      files.push(...mutingFiles(snapshot, def.mutingPermissionSet));
  }
  return files.filter((f): f is string => f !== undefined);
}

function mutingFiles(snapshot: OrgSnapshot, name: string): string[] {
  const file = snapshot.mutingPermissionSets.find((m) => m.name === name)?.location?.file;
  return file === undefined ? [] : [file];
}

/** Whether a changed file belongs to a container's main file (a decomposed set owns its folder). */
export function owns(main: string, file: string): boolean {
  if (file === main) return true;
  const parts = main.split('/');
  const folder = parts.at(-2);
  const decomposed = folder !== undefined && parts.at(-1) === `${folder}.permissionset-meta.xml`;
  return decomposed && file.startsWith(`${parts.slice(0, -1).join('/')}/`);
}

/**
 * The changed files among the containers' files, each with the line of the permission's element:
 * in the head's text, or the base's when the head no longer has it.
 */
async function locate(
  containerFiles: readonly string[],
  key: string,
  sides: Sides,
  prefer: 'base' | 'head',
): Promise<ChangeLocation[]> {
  const out: ChangeLocation[] = [];
  const seen = new Set<string>();
  for (const file of [...sides.changedFiles].sort()) {
    if (seen.has(file) || !containerFiles.some((main) => owns(main, file))) continue;
    seen.add(file);
    const other = prefer === 'head' ? 'base' : 'head';
    let found: ChangeLocation | undefined;
    for (const side of [prefer, other] as const) {
      const text = await sides.read(side, file);
      if (text === undefined) continue;
      const line = lineOfGrant(text, key);
      if (line !== undefined) {
        found = { file, line, side };
        break;
      }
      found ??= { file, side };
    }
    out.push(found ?? { file, side: prefer });
  }
  return out;
}

/**
 * The line of the element that grants `key` in a profile, permission set or muting set (metadata
 * or source format, decomposed parts included): the action's flag when it is there, else the
 * entry's name.
 */
export function lineOfGrant(text: string, key: string): number | undefined {
  const [kind = '', ...rest] = key.split(':');
  const lines = text.split('\n');
  const find = (pattern: RegExp, from = 0): number | undefined => {
    for (let i = from; i < lines.length; i++) if (pattern.test(lines[i] ?? '')) return i;
    return undefined;
  };
  const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  if (kind === 'system') {
    const at = find(new RegExp(`<name>\\s*${escape(rest.join(':'))}\\s*</name>`, 'i'));
    return at === undefined ? undefined : at + 1;
  }
  const action = rest.pop() ?? '';
  const name = rest.join(':');
  const tag =
    kind === 'object'
      ? `<object>\\s*${escape(name)}\\s*</object>`
      : `<field>\\s*${escape(name)}\\s*</field>`;
  const at = find(new RegExp(tag, 'i'));
  if (at === undefined) return undefined;
  const flag =
    kind === 'object' ? OBJECT_TAGS[action] : action === 'edit' ? 'editable' : 'readable';
  const close = kind === 'object' ? /<\/objectPermissions>/ : /<\/fieldPermissions>/;
  // The flag sits in the same entry, before or after the name; the entry's bounds are searched.
  let start = at;
  while (start > 0 && !/<(objectPermissions|fieldPermissions)>/.test(lines[start] ?? ''))
    start -= 1;
  const end = find(close, at) ?? Math.min(lines.length - 1, at + 12);
  for (let i = start; i <= end; i++)
    if (flag !== undefined && (lines[i] ?? '').includes(`<${flag}>`)) return i + 1;
  return at + 1;
}
