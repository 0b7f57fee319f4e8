// Two sets of integration states compared: per integration what changed and which integrations
// each change breaks (docs/adr/0018-drift-and-compare.md). Pure and deterministic: the same inputs
// give the same report, byte for byte, whatever their order.

import { compareText } from '../analyze/engine/integrations.js';
import { describeGrantKey } from '../analyze/declared.js';
import { normalizeUsername } from '../analyze/fingerprint.js';
import type { Status } from '../model/finding.js';
import type {
  DriftChange,
  DriftChangeKind,
  DriftIntegration,
  DriftReport,
  DriftSide,
  FindingChange,
  UserField,
} from './report.js';
import { USER_FIELDS } from './report.js';
import type { FindingState, IntegrationState } from './types.js';

export interface DriftInput {
  side: DriftSide;
  integrations: readonly IntegrationState[];
  findings: readonly FindingState[];
}

export interface DiffOptions {
  kind: DriftReport['kind'];
  tool: DriftReport['tool'];
  generatedAt: string;
  /**
   * Sandbox name appended to usernames (`uat`): `name@acme.com` and `name@acme.com.uat` are then
   * the same user (the fingerprint's normalizeUsername, as the audit matches them).
   */
  sandboxSuffix?: string | undefined;
}

/**
 * Rules whose failure stops the callback: the token is refused or its calls fail. A change that
 * makes one of them newly fail breaks the integration, with or without a manifest.
 */
export const BREAKING_RULES: ReadonlySet<string> = new Set([
  'RG-0001', // no run-as user
  'RG-0002', // run-as user not found
  'RG-0003', // inactive
  'RG-0004', // frozen
  'RG-0005', // password locked
  'RG-0006', // licence unfit for the API
  'RG-0007', // API disabled
  'RG-0010', // a declared need missing
  'RG-0012', // a need only through a session-based set
  'RG-0014', // a need muted
  'RG-0016', // login IP ranges
  'RG-0017', // login hours
  'RG-0018', // high-assurance session
  'RG-0019', // no api scope
  'RG-0035', // MFA required for API logins
  'RG-0038', // not pre-authorized
]);

/** The rules a policy key decides: a change of the key breaks when one of them newly fails. */
const POLICY_RULES: Readonly<Record<string, readonly string[]>> = {
  clientCredentialsEnabled: ['RG-0001'],
  ipRelaxation: ['RG-0016'],
  permittedUsers: ['RG-0038'],
  preAuthorizedPermissionSets: ['RG-0038'],
  preAuthorizedProfiles: ['RG-0038'],
  requiredSessionLevel: ['RG-0018'],
  scopes: ['RG-0019'],
};

/** User field values that stop the callback by themselves. */
const BREAKING_VALUE: Partial<Record<UserField, boolean>> = {
  found: false,
  active: false,
  frozen: true,
  passwordLocked: true,
};

const KIND_ORDER: readonly DriftChangeKind[] = [
  'runAs',
  'user',
  'preAuthorization',
  'policy',
  'access',
  'finding',
];

/**
 * Statuses a failure is new from, and those that resolve one. error and not-evaluated say nothing
 * about the resource: a failure next to one is neither new nor resolved. A skip (not examined: the
 * user is gone, the rule does not apply) does not resolve a failure either.
 */
const BEFORE_NEW: ReadonlySet<Status> = new Set(['pass', 'skip', 'waived']);
const RESOLVING: ReadonlySet<Status> = new Set(['pass', 'waived']);

export function diffStates(from: DriftInput, to: DriftInput, options: DiffOptions): DriftReport {
  const suffix = options.sandboxSuffix;
  const user = (name: string | undefined | null): string | null =>
    name === undefined || name === null ? null : normalizeUsername(name, suffix);
  const before = byApp(from.integrations);
  const after = byApp(to.integrations);
  const apps = [...new Set([...before.keys(), ...after.keys()])].sort(compareText);

  const integrations: DriftIntegration[] = [];
  for (const app of apps) {
    const f = before.get(app);
    const t = after.get(app);
    const name = t?.integration ?? f?.integration ?? t?.app ?? f?.app ?? app;
    const entry: DriftIntegration = {
      app: t?.app ?? f?.app ?? app,
      integration: name,
      presence: f === undefined ? 'added' : t === undefined ? 'removed' : 'both',
      runAs: { from: f?.runAs?.username ?? null, to: t?.runAs?.username ?? null },
      notCompared: [],
      changes: [],
    };
    integrations.push(entry);
    if (f === undefined || t === undefined) continue;
    const findings = findingChanges(
      name,
      from.findings.filter((x) => x.app?.toLowerCase() === app),
      to.findings.filter((x) => x.app?.toLowerCase() === app),
      suffix,
    );
    entry.changes = [
      ...runAsChanges(name, f, t, user),
      ...userChanges(name, f, t, user, entry.notCompared),
      ...preAuthorizationChanges(name, f, t),
      ...policyChanges(name, f, t, findings),
      ...accessChanges(name, f, t, user, entry.notCompared),
      ...findings,
    ];
    breakOnLostNeedOrFinding(name, f, t, entry.changes);
  }
  shareBreaks(integrations);
  integrations.sort(
    (a, b) => compareText(a.integration, b.integration) || compareText(a.app, b.app),
  );

  const report: DriftReport = {
    schemaVersion: 1,
    kind: options.kind,
    tool: options.tool,
    generatedAt: options.generatedAt,
    from: from.side,
    to: to.side,
    integrations,
    summary: summarize(integrations),
    warnings: [],
  };
  if (suffix !== undefined) report.sandboxSuffix = suffix;
  return report;
}

function byApp(states: readonly IntegrationState[]): Map<string, IntegrationState> {
  return new Map(states.map((s) => [s.app.toLowerCase(), s]));
}

type UserOf = (name: string | undefined | null) => string | null;

function runAsChanges(
  name: string,
  f: IntegrationState,
  t: IntegrationState,
  user: UserOf,
): DriftChange[] {
  const a = f.runAs?.username ?? null;
  const b = t.runAs?.username ?? null;
  if (user(a) === user(b)) return [];
  return [
    {
      kind: 'runAs',
      key: `runAs:${f.app.toLowerCase()}:${user(a) ?? '-'}>${user(b) ?? '-'}`,
      text: `run-as user ${a ?? '(none)'} → ${b ?? '(none)'}`,
      // A reassigned user's own state and access are compared field by field below.
      breaks: b === null ? [name] : [],
      from: a,
      to: b,
    },
  ];
}

function userChanges(
  name: string,
  f: IntegrationState,
  t: IntegrationState,
  user: UserOf,
  notCompared: string[],
): DriftChange[] {
  if (f.runAs === null || t.runAs === null) return [];
  for (const [side, state] of [
    ['from', f],
    ['to', t],
  ] as const)
    if (!state.userStateKnown)
      notCompared.push(`run-as user state not collected on the ${side} side`);
  if (!f.userStateKnown || !t.userStateKnown) return [];
  const username = t.runAs.username;
  const out: DriftChange[] = [];
  for (const field of USER_FIELDS) {
    // Past `found`, a field compares only when both sides found the user and both read it.
    if (field !== 'found' && (!f.runAs.found || !t.runAs.found)) break;
    const a = f.runAs[field];
    const b = t.runAs[field];
    if (a === undefined || b === undefined || a === b) continue;
    const breaking = BREAKING_VALUE[field];
    out.push({
      kind: 'user',
      key: `user:${user(username) ?? ''}:${field}:${String(a)}>${String(b)}`,
      text: `run-as user ${username}: ${field} ${String(a)} → ${String(b)}`,
      breaks: breaking !== undefined && b === breaking ? [name] : [],
      username,
      field,
      from: a,
      to: b,
    });
  }
  return out;
}

function preAuthorizationChanges(
  name: string,
  f: IntegrationState,
  t: IntegrationState,
): DriftChange[] {
  if (f.preAuthorized === undefined || t.preAuthorized === undefined) return [];
  if (f.preAuthorized === t.preAuthorized) return [];
  const yes = (v: boolean): string => (v ? 'pre-authorized' : 'not pre-authorized');
  return [
    {
      kind: 'preAuthorization',
      key: `preAuthorization:${t.app.toLowerCase()}:${String(f.preAuthorized)}>${String(t.preAuthorized)}`,
      text: `run-as user ${yes(f.preAuthorized)} → ${yes(t.preAuthorized)}`,
      breaks: t.preAuthorized ? [] : [name],
      from: f.preAuthorized,
      to: t.preAuthorized,
    },
  ];
}

function policyChanges(
  name: string,
  f: IntegrationState,
  t: IntegrationState,
  findings: readonly FindingChange[],
): DriftChange[] {
  const newlyFailing = new Set(findings.filter((c) => c.to === 'fail').map((c) => c.ruleId));
  const keys = [...new Set([...Object.keys(f.policy), ...Object.keys(t.policy)])].sort(compareText);
  const out: DriftChange[] = [];
  for (const policyKey of keys) {
    const a = f.policy[policyKey] ?? null;
    const b = t.policy[policyKey] ?? null;
    if (a === b) continue;
    const breaks =
      ((policyKey === 'clientCredentialsEnabled' || policyKey === 'enabled') && b === 'false') ||
      (POLICY_RULES[policyKey] ?? []).some((r) => newlyFailing.has(r));
    out.push({
      kind: 'policy',
      key: `policy:${t.app.toLowerCase()}:${policyKey}:${a ?? '-'}>${b ?? '-'}`,
      text: `policy ${policyKey}: ${a ?? '(unset)'} → ${b ?? '(unset)'}`,
      breaks: breaks ? [name] : [],
      policyKey,
      from: a,
      to: b,
    });
  }
  return out;
}

function accessChanges(
  name: string,
  f: IntegrationState,
  t: IntegrationState,
  user: UserOf,
  notCompared: string[],
): DriftChange[] {
  for (const [side, state] of [
    ['from', f],
    ['to', t],
  ] as const)
    // A user that does not exist has no access to compare: the `found` change says so.
    if (state.runAs?.found === true && state.access === null)
      notCompared.push(`effective access not collected on the ${side} side`);
  if (f.access === null || t.access === null) return [];
  const needs = new Set([...f.needs, ...t.needs].map((n) => n.toLowerCase()));
  const row = (g: { key: string; container: string }): string =>
    `${g.key.toLowerCase()}\u0000${g.container}`;
  const had = new Set(f.access.map(row));
  const has = new Set(t.access.map(row));
  const heldAfter = new Set(t.access.map((g) => g.key.toLowerCase()));
  const username = t.runAs?.username ?? f.runAs?.username ?? '';
  const out: DriftChange[] = [];
  const add = (change: 'lost' | 'gained', grant: string, container: string): void => {
    // What a permission implies (View All Data: read on every object) comes and goes with it;
    // it is listed only when a need rests on it.
    if (container.includes('(implied by ') && !needs.has(grant.toLowerCase())) return;
    const permission = describeGrantKey(grant);
    const breaks =
      change === 'lost' && needs.has(grant.toLowerCase()) && !heldAfter.has(grant.toLowerCase());
    out.push({
      kind: 'access',
      key: `access:${user(username) ?? ''}:${change}:${grant.toLowerCase()}:${container}`,
      text: `${change === 'lost' ? 'loses' : 'gains'} ${permission} (${container})`,
      breaks: breaks ? [name] : [],
      change,
      grant,
      permission,
      container,
    });
  };
  for (const g of f.access) if (!has.has(row(g))) add('lost', g.key, g.container);
  for (const g of t.access) if (!had.has(row(g))) add('gained', g.key, g.container);
  // Losses first (what may break), then gains; each by grant, then container.
  const rank = (c: DriftChange): number => (c.kind === 'access' && c.change === 'lost' ? 0 : 1);
  return out.sort((a, b) => rank(a) - rank(b) || compareText(a.key, b.key));
}

function findingChanges(
  name: string,
  from: readonly FindingState[],
  to: readonly FindingState[],
  suffix: string | undefined,
): FindingChange[] {
  // A message names usernames: with a sandbox suffix, `a@x.com.uat` and `a@x.com` say the same.
  const tail =
    suffix === undefined ? undefined : new RegExp(`(@[\\w.-]+?)\\.${escape(suffix)}\\b`, 'gi');
  const sameUsers = (message: string): string =>
    tail === undefined ? message : message.replace(tail, '$1');
  const before = new Map(from.map((x) => [x.fingerprint, x]));
  const after = new Map(to.map((x) => [x.fingerprint, x]));
  const out: FindingChange[] = [];
  const push = (change: FindingChange['change'], a?: FindingState, b?: FindingState): void => {
    const x = b ?? a;
    if (x === undefined) return;
    const statuses = `${a?.status ?? '-'}>${b?.status ?? '-'}`;
    out.push({
      kind: 'finding',
      key: `finding:${x.fingerprint}:${change}:${statuses}:${x.severity}:${hash(x.message)}`,
      text: `${x.ruleId} ${x.severity} ${change}: ${x.message}`,
      breaks: change !== 'resolved' && BREAKING_RULES.has(x.ruleId) ? [name] : [],
      change,
      ruleId: x.ruleId,
      severity: x.severity,
      fingerprint: x.fingerprint,
      message: x.message,
      from: a?.status ?? null,
      to: b?.status ?? null,
    });
  };
  for (const [fp, b] of after) {
    const a = before.get(fp);
    if (b.status === 'fail') {
      if (a === undefined || BEFORE_NEW.has(a.status)) push('new', a, b);
      else if (
        a.status === 'fail' &&
        (a.severity !== b.severity || sameUsers(a.message) !== sameUsers(b.message))
      )
        push('changed', a, b);
    } else if (a?.status === 'fail' && RESOLVING.has(b.status)) push('resolved', a, b);
  }
  for (const [fp, a] of before) if (a.status === 'fail' && !after.has(fp)) push('resolved', a);
  const order = { new: 0, changed: 1, resolved: 2 } as const;
  return out.sort(
    (a, b) =>
      order[a.change] - order[b.change] ||
      compareText(a.ruleId, b.ruleId) ||
      compareText(a.fingerprint, b.fingerprint),
  );
}

/**
 * A licence, profile or role change and a reassigned user break the integration when it loses a
 * declared need (held on the `from` side through any container, on the `to` side through none) or
 * a breaking rule newly fails for it.
 */
function breakOnLostNeedOrFinding(
  name: string,
  f: IntegrationState,
  t: IntegrationState,
  changes: DriftChange[],
): void {
  const held = (s: IntegrationState): Set<string> =>
    new Set((s.access ?? []).map((g) => g.key.toLowerCase()));
  const before = held(f);
  const after = held(t);
  const lostNeed =
    f.access !== null &&
    t.access !== null &&
    [...new Set([...f.needs, ...t.needs])].some(
      (n) => before.has(n.toLowerCase()) && !after.has(n.toLowerCase()),
    );
  const breakingFinding = changes.some((c) => c.kind === 'finding' && c.breaks.length > 0);
  if (!lostNeed && !breakingFinding) return;
  for (const c of changes)
    if (
      (c.kind === 'user' && (c.field === 'licence' || c.field === 'profile')) ||
      (c.kind === 'runAs' && c.to !== null)
    )
      c.breaks = [name];
}

/**
 * A change of a shared run-as user (or of its access) is one change under every integration that
 * runs as that user, with one key: each copy lists every integration it breaks.
 */
function shareBreaks(integrations: DriftIntegration[]): void {
  const union = new Map<string, Set<string>>();
  for (const i of integrations)
    for (const c of i.changes) {
      const set = union.get(c.key) ?? new Set<string>();
      for (const b of c.breaks) set.add(b);
      union.set(c.key, set);
    }
  for (const i of integrations)
    for (const c of i.changes) c.breaks = [...(union.get(c.key) ?? [])].sort(compareText);
  for (const i of integrations)
    i.changes.sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
}

function summarize(integrations: readonly DriftIntegration[]): DriftReport['summary'] {
  const distinct = new Map<string, DriftChange>();
  for (const i of integrations) for (const c of i.changes) distinct.set(c.key, c);
  const byKind = Object.fromEntries(KIND_ORDER.map((k) => [k, 0])) as Record<
    DriftChangeKind,
    number
  >;
  const broken = new Set<string>();
  let breaking = 0;
  for (const c of distinct.values()) {
    byKind[c.kind] += 1;
    if (c.breaks.length > 0) breaking += 1;
    for (const b of c.breaks) broken.add(b);
  }
  // An integration whose app is gone is broken too.
  for (const i of integrations) if (i.presence === 'removed') broken.add(i.integration);
  return {
    integrations: integrations.length,
    changed: integrations.filter((i) => i.presence !== 'both' || i.changes.length > 0).length,
    changes: distinct.size,
    breaking,
    broken: [...broken].sort(compareText),
    byKind,
  };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** FNV-1a, 32 bits, hex: a short stable digest of a message for a change key. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}
