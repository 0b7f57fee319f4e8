// Login History questions shared by the rules that read it (RG-0021, RG-0028, RG-0031 and others):
// the evaluation window, login types and which app a login row names. A fact here, not in one rule's
// folder, because no rule folder imports another (docs/architecture.md 6). Time is always the
// context's `now`, never the clock.

import type { ClientApp } from '../../model/org.js';
import type { LoginHistoryEntry } from '../../model/snapshot.js';
import { API_LOGIN_TYPES } from './login-types.js';

const DAY_MS = 86_400_000;

/** The window `[now - days, now]` in epoch milliseconds. */
export interface Window {
  start: number;
  end: number;
}

export function windowOf(now: string, days: number): Window {
  const end = Date.parse(now);
  return { start: end - days * DAY_MS, end };
}

/** Whether an ISO-8601 time lies in the window; an unparsable time never does. */
export function inWindow(time: string | undefined, window: Window): boolean {
  if (time === undefined) return false;
  const at = Date.parse(time);
  return !Number.isNaN(at) && at >= window.start && at <= window.end;
}

/** Milliseconds of an ISO-8601 time, or undefined when it does not parse. */
export function timeOf(time: string | undefined): number | undefined {
  if (time === undefined) return undefined;
  const at = Date.parse(time);
  return Number.isNaN(at) ? undefined : at;
}

/** ISO-8601 in UTC, to the second: the form messages quote. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** `Status` "Success"; anything else is a failure text (docs/salesforce-behaviour.md 3.14). */
export function isSuccess(login: LoginHistoryEntry): boolean {
  return login.status.trim().toLowerCase() === 'success';
}

const API_TYPES = new Set(API_LOGIN_TYPES.map((t) => t.toLowerCase()));

/** API and OAuth logins ("Remote Access 2.0" and the like, RG-0022's list); the rest are UI logins. */
export function isApiLogin(login: LoginHistoryEntry): boolean {
  return API_TYPES.has(login.loginType.trim().toLowerCase());
}

export function sameText(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** The row's `Application` names the app, by label (OBS) or developer name. */
export function namesApp(login: LoginHistoryEntry, app: ClientApp): boolean {
  const application = login.application;
  if (application === undefined) return false;
  return sameText(application, app.label) || sameText(application, app.name);
}

/** Rows per user (trimmed, lower-case) of a frozen list: the engine's snapshot, read by many rules. */
const byUserOf = new WeakMap<readonly LoginHistoryEntry[], Map<string, LoginHistoryEntry[]>>();

const userKey = (username: string): string => username.trim().toLowerCase();

/**
 * Rows of one user, case-insensitively (usernames are), in list order; a new array. A frozen list
 * (the evaluated snapshot's) is indexed by user once, so 300 apps do not scan 200,000 rows each.
 */
export function loginsOf(
  logins: readonly LoginHistoryEntry[],
  username: string,
): LoginHistoryEntry[] {
  if (!Object.isFrozen(logins)) return logins.filter((l) => sameText(l.username, username));
  let byUser = byUserOf.get(logins);
  if (byUser === undefined) {
    byUser = new Map();
    for (const login of logins) {
      const key = userKey(login.username);
      const rows = byUser.get(key);
      if (rows === undefined) byUser.set(key, [login]);
      else rows.push(login);
    }
    byUserOf.set(logins, byUser);
  }
  return [...(byUser.get(userKey(username)) ?? [])];
}

/** Latest first; ties broken by every field so that input order never shows. */
export function byLatest(a: LoginHistoryEntry, b: LoginHistoryEntry): number {
  const ta = timeOf(a.loginTime) ?? -Infinity;
  const tb = timeOf(b.loginTime) ?? -Infinity;
  if (ta !== tb) return tb - ta;
  return compareText(JSON.stringify(rowKey(a)), JSON.stringify(rowKey(b)));
}

function rowKey(l: LoginHistoryEntry): string[] {
  return [l.loginTime, l.username, l.loginType, l.status, l.application ?? '', l.sourceIp ?? ''];
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The evidence form of a row. */
export function loginEvidence(l: LoginHistoryEntry): Record<string, string> {
  return {
    ...(l.id === undefined ? {} : { id: l.id }),
    loginTime: l.loginTime,
    username: l.username,
    loginType: l.loginType,
    status: l.status,
    ...(l.application === undefined ? {} : { application: l.application }),
    ...(l.sourceIp === undefined ? {} : { sourceIp: l.sourceIp }),
  };
}

/** Evidence lists are capped: a hostile or huge Login History must not bloat the report. */
export const MAX_EVIDENCE_ROWS = 20;
