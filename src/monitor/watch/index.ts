// `monitor watch` and its alerts (docs/adr/0020-alerts.md).

export {
  alertsFromDrift,
  alertsFromLifecycle,
  severityOfChange,
  type AlertPayload,
} from './alerts.js';
export { bodyOf, slackBody, teamsBody } from './channels.js';
export {
  type AlertChannel,
  deliverPending,
  type DeliveryOptions,
  type DeliverySummary,
  REJECTED_PREFIX,
  streamChannel,
  webhookChannel,
} from './deliver.js';
export { pause, runLoop } from './loop.js';
export { alertsForRun, watch, type WatchRequest, type WatchResult } from './watch.js';
export {
  redactWebhookUrl,
  WatchInputError,
  type Webhook,
  WEBHOOK_FORMATS,
  type WebhookFormat,
  webhookOf,
} from './webhook.js';
