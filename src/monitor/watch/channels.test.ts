import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import type { AlertPayload } from './alerts.js';
import { bodyOf } from './channels.js';

const ALERT: AlertPayload = {
  key: '00D000000000001:run1:user:Billing:frozen',
  type: 'change',
  org: '00D000000000001',
  run: 2,
  fromRun: 1,
  at: '2026-11-25T12:00:00.000Z',
  app: 'Billing_Callback',
  integration: 'Billing',
  severity: 'high',
  message: 'Billing: run-as user billing@acme.com: frozen false → true; breaks Billing',
  breaks: ['Billing'],
};

// The envelope a Teams Workflows webhook takes: a message with one Adaptive Card (1.4) attachment.
const TextBlock = z.object({ type: z.literal('TextBlock'), text: z.string().min(1) });
const FactSet = z.object({
  type: z.literal('FactSet'),
  facts: z.array(z.strictObject({ title: z.string(), value: z.string() })).min(1),
});
const TeamsEnvelope = z.strictObject({
  type: z.literal('message'),
  attachments: z
    .array(
      z.strictObject({
        contentType: z.literal('application/vnd.microsoft.card.adaptive'),
        contentUrl: z.null(),
        content: z.object({
          $schema: z.literal('http://adaptivecards.io/schemas/adaptive-card.json'),
          type: z.literal('AdaptiveCard'),
          version: z.string().regex(/^1\.([4-9]|\d\d)$/),
          body: z.array(z.union([TextBlock, FactSet])).min(1),
        }),
      }),
    )
    .length(1),
});

// A Slack incoming-webhook message: `text` (the notification) and Block Kit blocks within limits.
const PlainText = z.strictObject({ type: z.literal('plain_text'), text: z.string().max(150) });
const Mrkdwn = z.strictObject({ type: z.literal('mrkdwn'), text: z.string().min(1).max(3000) });
const SlackMessage = z.strictObject({
  text: z.string().min(1),
  blocks: z
    .array(
      z.union([
        z.strictObject({ type: z.literal('header'), text: PlainText }),
        z.strictObject({ type: z.literal('section'), text: Mrkdwn }),
        z.strictObject({ type: z.literal('context'), elements: z.array(Mrkdwn).min(1) }),
      ]),
    )
    .min(1)
    .max(50),
});

describe('alert bodies', () => {
  it('json is the alert itself', () => {
    expect(bodyOf(ALERT, 'json')).toEqual(ALERT);
  });

  it('teams is a message with one Adaptive Card 1.4 holding the message and the facts', () => {
    const body = TeamsEnvelope.parse(bodyOf(ALERT, 'teams'));
    const card = body.attachments[0]?.content;
    const texts = card?.body.flatMap((b) => ('text' in b ? [b.text] : [])) ?? [];
    expect(texts).toContain(ALERT.message);
    const facts = card?.body.flatMap((b) => ('facts' in b ? b.facts : [])) ?? [];
    expect(facts).toContainEqual({ title: 'Breaks', value: 'Billing' });
    expect(facts).toContainEqual({ title: 'App', value: 'Billing_Callback' });
  });

  it('slack has the message as text and blocks within Slack limits', () => {
    const body = SlackMessage.parse(bodyOf(ALERT, 'slack'));
    expect(body.text).toContain(ALERT.message);
  });

  it('slack escapes org text so it cannot make links or mentions', () => {
    const hostile = { ...ALERT, message: 'x <!channel> <https://evil.example|click> & more' };
    const body = SlackMessage.parse(bodyOf(hostile, 'slack'));
    const section = JSON.stringify(body);
    expect(section).not.toContain('<!channel>');
    expect(section).toContain('&lt;!channel&gt;');
    expect(section).toContain('&amp; more');
  });

  it('slack clips a very long message to its limits', () => {
    const long = { ...ALERT, integration: 'I'.repeat(400), message: 'm'.repeat(10_000) };
    expect(() => SlackMessage.parse(bodyOf(long, 'slack'))).not.toThrow();
  });
});
