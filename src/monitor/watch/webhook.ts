// Webhook URLs are secrets: Slack and Teams carry the token in the path. This module is the only
// one that holds the URL; everything else sees the redacted form `https://hooks.slack.com/…`
// (scheme and host). Posts go through the project's transport policy (docs/adr/0007-transport-policy.md):
// never a redirect, a timeout per request, the answer's body capped (docs/adr/0020-alerts.md).

import { HttpFailure, Transport, type TransportLimits } from '../../transport/http.js';

export const WEBHOOK_FORMATS = ['json', 'slack', 'teams'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

/** Bad watch input (a webhook URL that is not http(s), an unset variable): exit 2. */
export class WatchInputError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'WatchInputError';
  }
}

/** A webhook answer is small (`ok`, `1`, an empty 202): more than this is not read. */
const MAX_ANSWER_BYTES = 64 * 1024;

/** One POST: a webhook that does not answer within this is a failed attempt, retried later. */
export const WEBHOOK_LIMITS: Partial<TransportLimits> = {
  idleTimeoutMs: 10_000,
  requestTimeoutMs: 15_000,
  maxBodyBytes: MAX_ANSWER_BYTES,
  maxTotalBytes: Number.MAX_SAFE_INTEGER,
  retries: 0,
};

export interface Webhook {
  /** `https://hooks.slack.com/…`: the only form that is ever printed, logged or stored. */
  readonly redacted: string;
  readonly format: WebhookFormat;
  /** Replaces the URL and its secret parts in a text (an error message) with the redacted form. */
  redact(text: string): string;
  /** Posts one JSON body; never throws, never puts the URL in its result. */
  post(body: unknown, transport?: Transport): Promise<PostOutcome>;
}

export type PostOutcome =
  | { kind: 'delivered'; status: number }
  /** Worth sending again: a connection failure, a timeout, 408, 429 or a 5xx. */
  | { kind: 'retry'; error: string }
  /** The webhook refused the alert (another 4xx, a redirect): sending it again will not help. */
  | { kind: 'rejected'; error: string };

/** `https://hooks.slack.com/…`. */
export function redactWebhookUrl(url: URL): string {
  return `${url.protocol}//${url.host}/…`;
}

/**
 * The webhook of `--webhook URL` or `--webhook-env VAR`. Refuses anything but http(s) before any
 * collection; the message never repeats the value.
 * @throws WatchInputError
 */
export function webhookOf(raw: string, label: string, format: WebhookFormat): Webhook {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new WatchInputError(`${label}: not a URL (expected https://… or http://…)`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    const scheme = /^[a-z][a-z0-9+.-]{0,20}:$/i.test(url.protocol) ? `"${url.protocol}"` : 'its';
    throw new WatchInputError(`${label}: expected an http or https URL, not ${scheme} scheme`);
  }
  // fetch refuses credentials in a URL, and would name the URL in its error: refused here instead.
  if (url.username !== '' || url.password !== '')
    throw new WatchInputError(`${label}: a URL with a user or password is not supported`);
  const href = url.href;
  const redacted = redactWebhookUrl(url);
  // Every part that may carry the secret: the whole URL, its path and query.
  const secrets = [href, raw.trim(), `${url.pathname}${url.search}`, url.pathname, url.search];
  const parts = secrets.filter((s) => s.length > 1).sort((a, b) => b.length - a.length);
  const redact = (text: string): string =>
    parts.reduce((out, part) => out.split(part).join(part === href ? redacted : '/…'), text);
  return {
    redacted,
    format,
    redact,
    post: async (body, transport) => redactOutcome(await post(href, body, transport), redact),
  };
}

function redactOutcome(outcome: PostOutcome, redact: (s: string) => string): PostOutcome {
  return outcome.kind === 'delivered' ? outcome : { ...outcome, error: redact(outcome.error) };
}

async function post(href: string, body: unknown, transport?: Transport): Promise<PostOutcome> {
  const sender = transport ?? new Transport({ limits: WEBHOOK_LIMITS });
  try {
    const answer = await sender.send({
      method: 'POST',
      url: href,
      headers: { 'content-type': 'application/json', accept: '*/*' },
      body: JSON.stringify(body),
      // Retries are the delivery loop's (with the store keeping the attempt), never the transport's.
      idempotent: false,
    });
    const status = answer.status;
    if (status >= 200 && status < 300) return { kind: 'delivered', status };
    const detail = `the webhook answered HTTP ${status}`;
    if (status === 408 || status === 429 || status >= 500) return { kind: 'retry', error: detail };
    return { kind: 'rejected', error: `${detail}; not retried (check the URL and the format)` };
  } catch (error) {
    if (error instanceof HttpFailure) {
      if (error.code === 'REDIRECT_REFUSED')
        return { kind: 'rejected', error: `${error.message}; a webhook redirect is an error` };
      if (error.code === 'RESPONSE_TOO_LARGE')
        // Whether the alert arrived is unknown: kept as refused rather than posted twice.
        return { kind: 'rejected', error: error.message };
      return { kind: 'retry', error: error.message };
    }
    return { kind: 'retry', error: (error as Error).message };
  }
}
