// Stable finding identity (the report's `fingerprint`): sha256 of rule id, org key, app, resource type and
// resource name, never the message text, so history diffs survive wording changes (Prowler `uid`).

import { createHash } from 'node:crypto';

import type { FindingResource } from '../model/finding.js';
import type { OrgSnapshot } from '../model/snapshot.js';

/**
 * A username as fingerprints compare it: lower-case (Salesforce usernames are case-insensitive),
 * and without the sandbox suffix when the caller names one (`ops@acme.com.uat` → `ops@acme.com`
 * with suffix `uat`), so a sandbox and production finding share a fingerprint.
 */
export function normalizeUsername(username: string, sandboxSuffix?: string): string {
  const lower = username.trim().toLowerCase();
  const suffix = sandboxSuffix?.trim().toLowerCase().replace(/^\.+/, '');
  if (suffix === undefined || suffix === '') return lower;
  const tail = `.${suffix}`;
  return lower.endsWith(tail) && lower.length > tail.length ? lower.slice(0, -tail.length) : lower;
}

/** The org id in live modes, the project name in project mode. */
export function orgKeyOf(snapshot: Pick<OrgSnapshot, 'org' | 'project'>): string {
  return snapshot.org?.id ?? snapshot.project?.name ?? '';
}

export interface FingerprintInput {
  ruleId: string;
  orgKey: string;
  app: string;
  resource: Pick<FindingResource, 'type' | 'name'>;
}

export function fingerprintOf(
  input: FingerprintInput,
  options: { sandboxSuffix?: string } = {},
): string {
  const name =
    input.resource.type === 'User'
      ? normalizeUsername(input.resource.name, options.sandboxSuffix)
      : input.resource.name;
  // JSON of an array: unambiguous field boundaries whatever the names contain.
  const material = JSON.stringify([
    input.ruleId,
    input.orgKey,
    input.app,
    input.resource.type,
    name,
  ]);
  return createHash('sha256').update(material).digest('hex');
}
