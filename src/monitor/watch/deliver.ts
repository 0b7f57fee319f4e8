// Delivery of an org's pending alerts, oldest first, each until the webhook takes it. A failure
// worth retrying (connection, timeout, 408, 429, 5xx) is retried a few times with exponential
// backoff and full jitter; after that the alert stays pending in the store (attempts, last error,
// never the URL) and the next iteration tries again. A refusal (another 4xx, a redirect) is not
// retried: the alert is kept with the error, marked rejected (docs/adr/0020-alerts.md).

import type { HistoryStore, PendingAlert } from '../store/types.js';
import type { AlertPayload } from './alerts.js';
import { withRunId } from './alerts.js';
import { bodyOf } from './channels.js';
import type { PostOutcome, Webhook } from './webhook.js';

/** The last error of an alert the webhook refused starts with this: it is not sent again by itself. */
export const REJECTED_PREFIX = 'rejected: ';

export interface DeliveryOptions {
  /** Sends per alert in one iteration (the first included). */
  attempts: number;
  /** The first backoff's upper bound; doubled each retry, capped at `maxBackoffMs`. */
  backoffMs: number;
  maxBackoffMs: number;
  /** Also send alerts the webhook refused before (`--retry-rejected`). */
  retryRejected: boolean;
  random: () => number;
  sleep: (ms: number) => Promise<void>;
  now: () => Date;
  /** Told of each failed attempt (stderr); the error never holds the URL. */
  onFailure?: (alert: PendingAlert, attempt: number, error: string) => void;
}

export const DEFAULT_DELIVERY: DeliveryOptions = {
  attempts: 3,
  backoffMs: 1000,
  maxBackoffMs: 30_000,
  retryRejected: false,
  random: Math.random,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  now: () => new Date(),
};

/** Where alerts go: a webhook, or stdout when none is given. */
export interface AlertChannel {
  /** `https://hooks.slack.com/…` or `stdout`: what messages name. */
  readonly label: string;
  send(alert: AlertPayload): Promise<PostOutcome>;
}

export function webhookChannel(webhook: Webhook): AlertChannel {
  return {
    label: webhook.redacted,
    send: (alert) => webhook.post(bodyOf(alert, webhook.format)),
  };
}

/** No webhook: each alert is one line on stdout (a cron job mails it). */
export function streamChannel(write: (line: string) => void): AlertChannel {
  return {
    label: 'stdout',
    send: (alert) => {
      write(`alert ${alert.severity} ${alert.message}\n`);
      return Promise.resolve({ kind: 'delivered', status: 0 });
    },
  };
}

export interface DeliverySummary {
  delivered: number;
  /** Still pending after this iteration: tried and failed, or not tried (the webhook is down). */
  pending: number;
  /** Refused by the webhook: kept in the store, not sent again without `--retry-rejected`. */
  rejected: number;
}

/**
 * Delivers every pending alert of the org (this run's and earlier ones). Once an alert has used its
 * attempts on a failure worth retrying, the webhook is taken to be down: the rest wait for the next
 * iteration untouched, so a dead receiver costs one alert's backoff, not every alert's.
 */
export async function deliverPending(
  store: HistoryStore,
  orgKey: string,
  channel: AlertChannel,
  options: Partial<DeliveryOptions> = {},
): Promise<DeliverySummary> {
  const o = { ...DEFAULT_DELIVERY, ...options };
  const summary: DeliverySummary = { delivered: 0, pending: 0, rejected: 0 };
  let down = false;
  for (const alert of await store.pendingAlerts(orgKey)) {
    const rejectedBefore = alert.lastError?.startsWith(REJECTED_PREFIX) === true;
    if (down || (rejectedBefore && !o.retryRejected)) {
      if (rejectedBefore) summary.rejected += 1;
      else summary.pending += 1;
      continue;
    }
    const payload = withRunId(alert.payload, alert.runId) as AlertPayload;
    const outcome = await sendWithRetries(alert, payload, channel, o);
    if (outcome.kind === 'delivered') {
      await store.markAlertDelivered(alert.id, o.now().toISOString());
      summary.delivered += 1;
    } else if (outcome.kind === 'rejected') {
      await store.markAlertFailed(alert.id, `${REJECTED_PREFIX}${outcome.error}`);
      summary.rejected += 1;
    } else {
      await store.markAlertFailed(alert.id, outcome.error);
      summary.pending += 1;
      down = true;
    }
  }
  return summary;
}

async function sendWithRetries(
  alert: PendingAlert,
  payload: AlertPayload,
  channel: AlertChannel,
  o: DeliveryOptions,
): Promise<PostOutcome> {
  for (let attempt = 1; ; attempt++) {
    const outcome = await channel.send(payload);
    if (outcome.kind === 'delivered') return outcome;
    o.onFailure?.(alert, alert.attempts + attempt, outcome.error);
    if (outcome.kind === 'rejected' || attempt >= o.attempts) return outcome;
    // Full jitter: many watchers retrying one webhook do not arrive together.
    const bound = Math.min(o.maxBackoffMs, o.backoffMs * 2 ** (attempt - 1));
    await o.sleep(Math.floor(o.random() * bound));
  }
}
