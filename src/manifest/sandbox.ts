// Sandbox usernames. When Salesforce creates or refreshes a sandbox it appends the sandbox name to
// every username (`name@acme.com` becomes `name@acme.com.uat` in sandbox `uat`, as Salesforce Help
// on creating sandboxes says; docs/salesforce-behaviour.md 7.1), so a manifest written for
// production names the run-as user without the suffix. Usernames are case-insensitive.

import type { ManifestSettings } from './schema.js';

export interface RunAsMatchOptions {
  /** Whether the audited org is a sandbox (Organization.IsSandbox). */
  isSandbox: boolean;
  /** The sandbox name appended to usernames (`uat` or `.uat`). */
  sandboxSuffix?: string | undefined;
}

/** `Name@Acme.com.uat` → `name@acme.com` with suffix `uat`; lower-cased either way. */
export function stripSandboxSuffix(username: string, sandboxSuffix?: string): string {
  const lower = username.trim().toLowerCase();
  const suffix = normalizeSuffix(sandboxSuffix);
  if (suffix === undefined) return lower;
  const tail = `.${suffix}`;
  return lower.endsWith(tail) && lower.length > tail.length ? lower.slice(0, -tail.length) : lower;
}

/**
 * Whether the app's configured run-as username is the one the manifest declares. Equal ignoring
 * case always matches; in a sandbox with a known suffix, the suffix is ignored on both sides (the
 * manifest may name either the production or the sandbox username). Without the suffix nothing is
 * guessed: `name@acme.com.uat` does not match `name@acme.com`.
 */
export function matchesRunAs(
  configured: string,
  declared: string,
  options: RunAsMatchOptions,
): boolean {
  const a = configured.trim().toLowerCase();
  const b = declared.trim().toLowerCase();
  if (a === '' || b === '') return false;
  if (a === b) return true;
  if (!options.isSandbox || normalizeSuffix(options.sandboxSuffix) === undefined) return false;
  return (
    stripSandboxSuffix(a, options.sandboxSuffix) === stripSandboxSuffix(b, options.sandboxSuffix)
  );
}

/**
 * The sandbox suffix in force: `--sandbox-suffix` when given; otherwise, for a sandbox or a
 * project (no org), the manifest's entry for this org id in `sandboxSuffixes` (15- and 18-character
 * ids compared on their first 15), then `sandboxSuffix`. Production orgs get none from the manifest,
 * so one manifest serves production and its sandboxes.
 */
export function resolveSandboxSuffix(
  settings: ManifestSettings | undefined,
  org: { id: string; isSandbox: boolean; instanceUrl?: string } | null,
  flag?: string,
): string | undefined {
  const given = normalizeSuffix(flag);
  if (given !== undefined) return given;
  if (org !== null && !org.isSandbox) return undefined;
  if (org !== null && settings !== undefined) {
    const id15 = org.id.slice(0, 15);
    for (const [orgId, suffix] of Object.entries(settings.sandboxSuffixes ?? {})) {
      if (orgId.slice(0, 15) === id15) return normalizeSuffix(suffix);
    }
  }
  return normalizeSuffix(settings?.sandboxSuffix) ?? sandboxNameOf(org?.instanceUrl);
}

/**
 * The sandbox name a sandbox's My Domain host carries (`acme--uat.sandbox.my.salesforce.com` →
 * `uat`), which Salesforce appends to usernames when it copies production into the sandbox.
 */
export function sandboxNameOf(instanceUrl: string | undefined): string | undefined {
  if (instanceUrl === undefined) return undefined;
  let host: string;
  try {
    host = new URL(instanceUrl).hostname;
  } catch {
    return undefined;
  }
  return normalizeSuffix(
    /^[a-z0-9-]+?--([a-z0-9]+)\.sandbox\.my\.salesforce\.com$/i.exec(host)?.[1],
  );
}

function normalizeSuffix(suffix: string | undefined): string | undefined {
  const value = suffix?.trim().toLowerCase().replace(/^\.+/, '');
  return value === undefined || value === '' ? undefined : value;
}
