// One alert per change: each change of a drift report (`monitor diff` between the org's previous
// run and this one) and each new lifecycle event (a Setup Audit Trail row, a failed login) becomes
// one alert with a stable key, queued in the same transaction as the run; the store keeps one alert
// per key and org, so a change alerts once (docs/adr/0020-alerts.md).

import type { DriftChange, DriftReport } from '../../drift/report.js';
import type { IntegrationState } from '../../drift/types.js';
import type { Severity } from '../../model/finding.js';
import type { AlertInput, StoredEvent } from '../store/types.js';

/** The alert as the `json` channel posts it and the store keeps it (never a secret). */
export interface AlertPayload {
  /** The same key the store de-duplicates with. */
  key: string;
  /** `change` of a drift report, or a lifecycle `event`. */
  type: 'change' | 'event';
  org: string;
  /** The run that found it. */
  run: number;
  /** The run it was compared with (changes only). */
  fromRun?: number;
  /** When the run collected (changes) or the event happened (events), ISO-8601. */
  at: string;
  /** The app (Connected App or External Client App) it is about; absent for an org-wide event. */
  app?: string;
  integration?: string;
  severity: Severity;
  /** One line: what changed and what it breaks. */
  message: string;
  /** Integrations the change stops, sorted (empty: none). */
  breaks: string[];
  /** The drift change as `monitor diff --format json` prints it. */
  change?: DriftChange;
  /** The lifecycle event: which kind and its Salesforce Id. */
  event?: { kind: StoredEvent['kind']; id: string; row: unknown };
}

/**
 * How loud a change is: a change that breaks an integration is high; a finding keeps its rule's
 * severity (resolved: info); access gained is medium (more than before); anything else low.
 */
export function severityOfChange(change: DriftChange): Severity {
  if (change.breaks.length > 0) return 'high';
  if (change.kind === 'finding') return change.change === 'resolved' ? 'info' : change.severity;
  if (change.kind === 'access' && change.change === 'gained') return 'medium';
  return 'low';
}

function breaksText(breaks: readonly string[]): string {
  return breaks.length === 0 ? '' : `; breaks ${breaks.join(', ')}`;
}

/**
 * Whether a change alerts. A finding that fails before and after (`changed`: its message or
 * severity) does not: what changed underneath (a user field, a grant, a lifecycle event) alerts by
 * itself, and a message may carry moving text (RG-0030 names the start of its window), which would
 * otherwise alert on every run. `monitor diff` still shows it.
 */
export function alertable(change: DriftChange): boolean {
  return !(change.kind === 'finding' && change.change === 'changed');
}

export interface AlertContext {
  orgKey: string;
  /** The id the store gives the run being recorded: not known before `recordRun`, so 0 until then. */
  runId: number;
  collectedAt: string;
}

/**
 * One alert per change of the report. The key is the org, the run compared with, and the change's
 * own key: the same diff never alerts twice (two workers racing on one org compare with the same
 * run), while a state that flips back and then changes again is a new change that alerts again.
 */
export function alertsFromDrift(report: DriftReport, context: AlertContext): AlertInput[] {
  const fromRun = report.from.runId;
  const alerts: AlertInput[] = [];
  for (const integration of report.integrations) {
    for (const change of integration.changes.filter(alertable)) {
      const payload: AlertPayload = {
        key: `${context.orgKey}:${fromRun === undefined ? 'first' : `run${fromRun}`}:${change.key}`,
        type: 'change',
        org: context.orgKey,
        run: context.runId,
        ...(fromRun !== undefined ? { fromRun } : {}),
        at: context.collectedAt,
        app: integration.app,
        integration: integration.integration,
        severity: severityOfChange(change),
        message: `${integration.integration}: ${change.text}${breaksText(change.breaks)}`,
        breaks: [...change.breaks],
        change,
      };
      alerts.push({ key: payload.key, payload });
    }
  }
  return alerts;
}

/** The apps whose run-as user an event names (by username, case-insensitive), sorted. */
function appsNaming(text: string, states: readonly IntegrationState[]): string[] {
  const lower = text.toLowerCase();
  return states
    .filter((s) => s.runAs !== null && lower.includes(s.runAs.username.toLowerCase()))
    .map((s) => s.app)
    .sort();
}

/**
 * One alert per new lifecycle event (`isNew`: its Salesforce Id was not in the store before this
 * run): every Setup Audit Trail row the collection read, and every failed login. An event without
 * an Id (an older snapshot) cannot be de-duplicated and does not alert.
 */
export function alertsFromEvents(
  events: readonly StoredEvent[],
  isNew: (event: StoredEvent) => boolean,
  states: readonly IntegrationState[],
  context: AlertContext,
): AlertInput[] {
  const alerts: AlertInput[] = [];
  for (const event of events) {
    if (event.id === '' || !isNew(event)) continue;
    const described = describeEvent(event);
    if (described === undefined) continue;
    const apps = appsNaming(described.subject, states);
    const payload: AlertPayload = {
      key: `${context.orgKey}:event:${event.kind}:${event.id}`,
      type: 'event',
      org: context.orgKey,
      run: context.runId,
      at: event.at,
      ...(apps.length === 1 ? { app: apps[0] } : {}),
      severity: described.severity,
      message: `${described.text}${apps.length > 0 ? ` (affects ${apps.join(', ')})` : ''}`,
      breaks: [],
      event: { kind: event.kind, id: event.id, row: event.row },
    };
    alerts.push({ key: payload.key, payload });
  }
  return alerts;
}

/** A text field of a stored row (JSON from the store: never trusted to have the snapshot's shape). */
function field(row: unknown, name: string): string | undefined {
  const value =
    typeof row === 'object' && row !== null ? (row as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value : undefined;
}

function describeEvent(
  event: StoredEvent,
): { text: string; subject: string; severity: Severity } | undefined {
  if (event.kind === 'auditTrail') {
    const display = field(event.row, 'display') ?? '';
    const createdBy = field(event.row, 'createdBy');
    const by = createdBy === undefined ? '' : ` by ${createdBy}`;
    return {
      text: `Setup Audit Trail ${field(event.row, 'action') ?? '?'} at ${event.at}${by}: ${display}`,
      subject: display,
      severity: 'medium',
    };
  }
  const status = field(event.row, 'status');
  if (status === undefined || status === 'Success') return undefined;
  const username = field(event.row, 'username') ?? '?';
  const application = field(event.row, 'application');
  const app = application === undefined ? '' : ` through ${application}`;
  return {
    text: `failed login of ${username} at ${event.at}${app}: ${status}`,
    subject: username,
    severity: 'high',
  };
}

/** The payload's run id once the store has given one (alerts are built before `recordRun`). */
export function withRunId(payload: unknown, runId: number): unknown {
  return typeof payload === 'object' && payload !== null ? { ...payload, run: runId } : payload;
}
