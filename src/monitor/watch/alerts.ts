// One alert per change: each change of a drift report (`monitor diff` between the org's previous
// run and this one) and each new lifecycle event (a Setup Audit Trail row, a failed login) becomes
// one alert with a stable key, queued in the same transaction as the run; the store keeps one alert
// per key and org, so a change alerts once (docs/adr/0020-alerts.md).

import type { DriftChange, DriftReport } from '../../drift/report.js';
import type { Finding, Severity } from '../../model/finding.js';
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

/** The rules that report lifecycle events, each evidence row one event with its Salesforce Id. */
const EVENT_RULES: Readonly<Record<string, StoredEvent['kind']>> = {
  'RG-0030': 'auditTrail',
  'RG-0031': 'loginHistory',
};

/**
 * Whether a change alerts. Two kinds of finding change do not, though `monitor diff` shows them:
 * - a finding that fails before and after (`changed`: its message or severity): what changed
 *   underneath (a user field, a grant) alerts by itself, and a message may carry moving text;
 * - RG-0030 and RG-0031 new or resolved: with a store they report the events new since the last
 *   run, so they fail and pass again from run to run; each event alerts once by its Id instead.
 */
export function alertable(change: DriftChange): boolean {
  if (change.kind !== 'finding') return true;
  return change.change !== 'changed' && EVENT_RULES[change.ruleId] === undefined;
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

/** What an alert reads of a finding (RG-0030 / RG-0031 evidence). */
export type EventFinding = Pick<Finding, 'ruleId' | 'status' | 'severity' | 'app' | 'evidence'>;

/** A text field of an evidence row (report JSON: never trusted to have one shape). */
function field(row: unknown, name: string): string | undefined {
  const value =
    typeof row === 'object' && row !== null ? (row as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** What one evidence row says happened, in one line. */
function eventText(kind: StoredEvent['kind'], row: unknown): string {
  if (kind === 'auditTrail') {
    // RG-0030's `affects`: when, what, by whom, and what the integration loses.
    return field(row, 'affects') ?? `${field(row, 'action') ?? '?'} ${field(row, 'display') ?? ''}`;
  }
  const through = field(row, 'application');
  return `failed login of ${field(row, 'username') ?? '?'} at ${field(row, 'loginTime') ?? '?'}${through === undefined ? '' : ` through ${through}`}: ${field(row, 'status') ?? '?'}`;
}

/**
 * One alert per new lifecycle event: each Setup Audit Trail row RG-0030 ties to an integration and
 * each failed login RG-0031 ties to one, whose Salesforce Id the store had not seen before this run
 * (`isNew`). The rules decide what concerns an integration (a user named by its UserID, by full
 * name only when unambiguous); an event of several integrations (a shared run-as user) is one alert
 * naming each. A row without an Id cannot be de-duplicated and does not alert.
 */
export function alertsFromLifecycle(
  findings: readonly EventFinding[],
  isNew: (kind: StoredEvent['kind'], id: string) => boolean,
  context: AlertContext,
): AlertInput[] {
  const events = new Map<
    string,
    {
      kind: StoredEvent['kind'];
      id: string;
      row: unknown;
      severity: Severity;
      parts: Map<string, string[]>;
    }
  >();
  for (const finding of findings) {
    const kind = EVENT_RULES[finding.ruleId];
    const rows = finding.evidence?.actual;
    if (kind === undefined || finding.status !== 'fail' || !Array.isArray(rows)) continue;
    for (const row of rows as unknown[]) {
      const id = field(row, 'id');
      if (id === undefined || id === '' || !isNew(kind, id)) continue;
      const key = `${kind}:${id}`;
      const event = events.get(key) ?? {
        kind,
        id,
        row,
        severity: finding.severity,
        parts: new Map<string, string[]>(),
      };
      const text = eventText(kind, row);
      event.parts.set(text, [...(event.parts.get(text) ?? []), finding.app].sort());
      events.set(key, event);
    }
  }
  return [...events.values()]
    .sort((a, b) => (a.kind === b.kind ? (a.id < b.id ? -1 : 1) : a.kind === 'auditTrail' ? -1 : 1))
    .map((event) => {
      const apps = [...new Set([...event.parts.values()].flat())].sort();
      const text = [...event.parts.entries()]
        .map(([line, of]) => `${line} (affects ${of.join(', ')})`)
        .join('; ');
      const source = event.kind === 'auditTrail' ? 'Setup Audit Trail' : 'Login History';
      const payload: AlertPayload = {
        key: `${context.orgKey}:event:${event.kind}:${event.id}`,
        type: 'event',
        org: context.orgKey,
        run: context.runId,
        at: field(event.row, 'createdDate') ?? field(event.row, 'loginTime') ?? context.collectedAt,
        ...(apps.length === 1 ? { app: apps[0] } : {}),
        severity: event.severity,
        message: `${source} ${event.id}: ${text}`,
        breaks: [],
        event: { kind: event.kind, id: event.id, row: event.row },
      };
      return { key: payload.key, payload };
    });
}

/** The payload's run id once the store has given one (alerts are built before `recordRun`). */
export function withRunId(payload: unknown, runId: number): unknown {
  return typeof payload === 'object' && payload !== null ? { ...payload, run: runId } : payload;
}
