// The body each webhook format posts for one alert (docs/monitor.md, "Alerts"):
// - json: the alert itself (AlertPayload);
// - slack: a Slack incoming-webhook message, `text` (the notification's fallback) plus `blocks`;
// - teams: a Teams Workflows webhook ("Post to a channel when a webhook request is received"):
//   a `message` whose one attachment is an Adaptive Card 1.4.

import type { AlertPayload } from './alerts.js';
import type { WebhookFormat } from './webhook.js';

/** Slack's limits: a header's plain text 150 characters, a section's text 3,000. */
const SLACK_HEADER_MAX = 150;
const SLACK_SECTION_MAX = 3000;

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Slack mrkdwn treats `&`, `<` and `>` as control characters: org text must not make links. */
function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function title(alert: AlertPayload): string {
  const what = alert.type === 'event' ? 'lifecycle event' : 'change';
  return `runas-guard ${alert.severity}: ${what}${alert.integration !== undefined ? ` in ${alert.integration}` : ''}`;
}

/** Label → value lines shown with each alert (org, run, app, what it breaks). */
function facts(alert: AlertPayload): { title: string; value: string }[] {
  const out = [
    { title: 'Org', value: alert.org },
    { title: 'Run', value: String(alert.run) },
  ];
  if (alert.app !== undefined) out.push({ title: 'App', value: alert.app });
  if (alert.breaks.length > 0) out.push({ title: 'Breaks', value: alert.breaks.join(', ') });
  out.push({ title: 'Severity', value: alert.severity });
  return out;
}

export function slackBody(alert: AlertPayload): unknown {
  const fields = facts(alert)
    .map((f) => `*${f.title}:* ${slackEscape(f.value)}`)
    .join('\n');
  return {
    text: clip(slackEscape(`${title(alert)}: ${alert.message}`), SLACK_SECTION_MAX),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: clip(title(alert), SLACK_HEADER_MAX) } },
      {
        type: 'section',
        text: { type: 'mrkdwn', text: clip(slackEscape(alert.message), SLACK_SECTION_MAX) },
      },
      { type: 'section', text: { type: 'mrkdwn', text: clip(fields, SLACK_SECTION_MAX) } },
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: clip(slackEscape(alert.key), SLACK_SECTION_MAX) }],
      },
    ],
  };
}

export function teamsBody(alert: AlertPayload): unknown {
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            {
              type: 'TextBlock',
              text: title(alert),
              weight: 'Bolder',
              size: 'Medium',
              wrap: true,
              ...(alert.severity === 'critical' || alert.severity === 'high'
                ? { color: 'Attention' }
                : {}),
            },
            { type: 'TextBlock', text: alert.message, wrap: true },
            { type: 'FactSet', facts: facts(alert) },
            { type: 'TextBlock', text: alert.key, isSubtle: true, size: 'Small', wrap: true },
          ],
        },
      },
    ],
  };
}

/** The JSON body `format` posts for one alert. */
export function bodyOf(alert: AlertPayload, format: WebhookFormat): unknown {
  switch (format) {
    case 'json':
      return alert;
    case 'slack':
      return slackBody(alert);
    case 'teams':
      return teamsBody(alert);
  }
}
