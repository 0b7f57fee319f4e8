// Small readers of AuditFacts and the probe's own observations, shared by the causes of the
// diagnosis catalog. Each returns what is known, or undefined when nothing is.

import type { EffectiveAccess, ExclusionReason, Via } from '../model/effective/types.js';
import type { LoginHours } from '../model/permissions.js';
import { checkLoginHours, WEEKDAYS as DAYS } from '../model/policy/index.js';
import type { AuditTrailEntry } from '../model/snapshot.js';
import type { AuditFacts } from './facts.js';
import type { ProbeError, ProbeStepKind, Verdict } from './types.js';

/** What the probe itself knows about the failed request. */
export interface ProbeContext {
  /** Origin the token request went to. */
  loginUrl: string;
  /** The org's My Domain as the caller gave it (ProbeInput.instanceUrl), when the audit's is not known. */
  myDomainUrl?: string;
  /** Consumer key the probe used (not a secret). */
  clientId?: string;
  /** When the failed request was sent (ISO-8601, by the probe's clock). */
  at: string;
  /** Scopes of the issued token, when one was issued. */
  tokenScopes?: readonly string[];
  /** When the token was issued (ISO-8601). */
  tokenIssuedAt?: string;
}

/** The declared need a step proves: an object's create/edit/delete, or a field's edit. */
export interface StepNeed {
  action: 'create' | 'edit' | 'delete';
  /** For a field edit: the object action the write goes through (edit, or create only). */
  objectAction?: 'create' | 'edit';
}

export interface EvidenceContext {
  facts: AuditFacts;
  error: ProbeError;
  step: { kind: ProbeStepKind; target?: string; need?: StepNeed };
  probe: ProbeContext;
}

export interface Evidence {
  verdict: Exclude<Verdict, 'unknown'>;
  detail: string;
  source: 'audit' | 'probe';
}

export const found = (detail: string, source: Evidence['source'] = 'audit'): Evidence => ({
  verdict: 'found',
  detail,
  source,
});
export const likely = (detail: string, source: Evidence['source'] = 'audit'): Evidence => ({
  verdict: 'likely',
  detail,
  source,
});
export const ruledOut = (detail: string, source: Evidence['source'] = 'audit'): Evidence => ({
  verdict: 'ruled-out',
  detail,
  source,
});

/** A failing rule says the condition holds; a passing one that the audit checked and it does not. */
export function byRule(
  facts: AuditFacts,
  ruleId: string,
  failing: string,
  passing?: string,
): Evidence | undefined {
  if (facts.failingRules.includes(ruleId)) return found(`${ruleId} fails: ${failing}`);
  if (passing !== undefined && facts.passingRules.includes(ruleId))
    return ruledOut(`${ruleId} passes: ${passing}`);
  return undefined;
}

/** `on 2026-11-20 by dana@acme.com`, from an audit trail entry. */
export function when(entry: AuditTrailEntry): string {
  const date = /^\d{4}-\d{2}-\d{2}/.exec(entry.createdDate)?.[0] ?? entry.createdDate;
  return `on ${date} by ${entry.createdBy ?? 'an unknown user'}`;
}

/** The newest entry with one of the actions (optionally also matching the Display text). */
export function trail(
  facts: AuditFacts,
  actions: readonly string[],
  display?: RegExp,
): AuditTrailEntry | undefined {
  return facts.auditTrail.find(
    (e) => actions.includes(e.action) && (display === undefined || display.test(e.display)),
  );
}

/** Whether an audit trail entry names the app (its Display text names no app for some actions). */
export function namesApp(facts: AuditFacts, entry: AuditTrailEntry): boolean {
  const app = facts.app;
  if (app === undefined) return false;
  const display = entry.display.toLowerCase();
  return [app.name, app.label ?? ''].some((n) => n !== '' && display.includes(n.toLowerCase()));
}

function lookup<V>(map: ReadonlyMap<string, V>, name: string): V | undefined {
  const direct = map.get(name);
  if (direct !== undefined) return direct;
  const lower = name.toLowerCase();
  for (const [key, value] of map) if (key.toLowerCase() === lower) return value;
  return undefined;
}

export function systemVia(access: EffectiveAccess, permission: string): readonly Via[] {
  return lookup(access.systemPermissions, permission) ?? [];
}

export function canReadObject(access: EffectiveAccess, object: string): boolean {
  return lookup(access.objects, object)?.has('read') ?? false;
}

export function canReadField(access: EffectiveAccess, field: string): boolean {
  return lookup(access.fields, field)?.has('read') ?? false;
}

export function describeVia(via: Via): string {
  const kind =
    via.type === 'Profile'
      ? 'profile'
      : via.type === 'PermissionSet'
        ? 'permission set'
        : 'permission set group';
  return via.group === undefined ? `${kind} ${via.name}` : `${kind} ${via.name} in ${via.group}`;
}

/** The paths that would grant `permission` (`object:X:read`) but are excluded for `reason`. */
export function excludedVia(
  access: EffectiveAccess,
  reason: ExclusionReason,
  permission: string,
): { via: Via; expirationDate?: string; mutedBy?: string }[] {
  const lower = permission.toLowerCase();
  return access.excluded
    .filter((e) => e.reason === reason && e.permission.toLowerCase() === lower)
    .map((e) => ({
      via: e.via,
      ...(e.expirationDate !== undefined ? { expirationDate: e.expirationDate } : {}),
      ...(e.mutedBy !== undefined ? { mutedBy: e.mutedBy } : {}),
    }));
}

export function exclusionsOfContainer(
  access: EffectiveAccess,
  reason: ExclusionReason,
): { via: Via; expirationDate?: string }[] {
  return excludedVia(access, reason, 'container');
}

/** The object, and field, a follow-on error is about: from Salesforce's text, else the step. */
export function targetOf(ctx: EvidenceContext): { object?: string; field?: string } {
  const column = /No such column '([\w.]+)' on entity '(\w+)'/.exec(ctx.error.message);
  if (column?.[1] !== undefined && column[2] !== undefined)
    return { object: column[2], field: `${column[2]}.${column[1]}` };
  const type = /sObject type '(\w+)' is not supported/.exec(ctx.error.message);
  if (type?.[1] !== undefined) return { object: type[1] };
  const target = ctx.step.target;
  if (target === undefined) return {};
  if (ctx.step.kind === 'field') {
    const dot = target.indexOf('.');
    return dot > 0 ? { object: target.slice(0, dot), field: target } : {};
  }
  if (ctx.step.kind === 'describe' || ctx.step.kind === 'object') return { object: target };
  if (ctx.step.kind === 'soql') {
    const from = /\bfrom\s+(\w+)/i.exec(target);
    if (from?.[1] !== undefined) return { object: from[1] };
  }
  return {};
}

/** The audit's spelling of an object, when its schema knows it. */
export function knownObject(facts: AuditFacts, object: string): string | undefined {
  if (facts.objects === undefined) return undefined;
  const lower = object.toLowerCase();
  return Object.keys(facts.objects).find((o) => o.toLowerCase() === lower);
}

const GENERIC_HOSTS = /^(?:login|test)\.salesforce\.com$|\.salesforce-setup\.com$/i;

export function isGenericLoginHost(host: string): boolean {
  return GENERIC_HOSTS.test(host);
}

export function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** The org's My Domain origin: the audit's, else the one the caller gave the probe. */
export function myDomainOf(
  ctx: EvidenceContext,
): { origin: string; source: Evidence['source'] } | undefined {
  const audited = ctx.facts.myDomainUrl === undefined ? undefined : originOf(ctx.facts.myDomainUrl);
  if (audited !== undefined) return { origin: audited, source: 'audit' };
  const given = ctx.probe.myDomainUrl === undefined ? undefined : originOf(ctx.probe.myDomainUrl);
  return given === undefined ? undefined : { origin: given, source: 'probe' };
}

export function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
}

function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

function capital(day: string): string {
  return day.charAt(0).toUpperCase() + day.slice(1);
}

/** `Monday-Friday 06:00-20:00`; consecutive days with the same hours are joined. */
export function formatLoginHours(hours: LoginHours): string {
  const parts: string[] = [];
  let index = 0;
  while (index < DAYS.length) {
    const day = DAYS[index] ?? 'monday';
    const window = hours[day];
    if (window === undefined) {
      index += 1;
      continue;
    }
    let last = index;
    for (let next = index + 1; next < DAYS.length; next++) {
      const other = hours[DAYS[next] ?? 'monday'];
      if (other?.start !== window.start || other.end !== window.end) break;
      last = next;
    }
    const days =
      last === index ? capital(day) : `${capital(day)}-${capital(DAYS[last] ?? 'sunday')}`;
    parts.push(`${days} ${hhmm(window.start)}-${hhmm(window.end)}`);
    index = last + 1;
  }
  return parts.length === 0 ? 'no day at all' : parts.join(', ');
}

/** Whether `at` falls inside the login hours, in the org's time zone (model/policy/login-hours.ts). */
export function insideLoginHours(
  hours: LoginHours,
  at: Date,
  timeZone: string,
): { inside: boolean; local: string } {
  const { inside, weekday, minutes } = checkLoginHours(hours, at, timeZone);
  return { inside, local: `${capital(weekday)} ${hhmm(minutes)} ${timeZone}` };
}

/** The last `n` characters of a consumer key, enough to tell two apart. */
export function keyTail(key: string): string {
  return key.length <= 6 ? key : `...${key.slice(-6)}`;
}
