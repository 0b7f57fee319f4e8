import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { Transport } from '../../transport/http.js';
import { OK, Receiver } from '../../../test/e2e/monitor-watch-receiver.js';
import { WEBHOOK_LIMITS, webhookOf } from './webhook.js';

const SECRET_PATH = '/services/T000/B000/XXXXsecretXXXXtoken';

describe('webhookOf', () => {
  it('accepts http and https and redacts to scheme and host', () => {
    const hook = webhookOf(`https://hooks.slack.com${SECRET_PATH}?x=1`, '--webhook', 'slack');
    expect(hook.redacted).toBe('https://hooks.slack.com/…');
    expect(webhookOf('http://127.0.0.1:8080/a', '--webhook', 'json').redacted).toBe(
      'http://127.0.0.1:8080/…',
    );
  });

  it.each([
    ['ftp://example.com/hook', /expected an http or https URL, not "ftp:" scheme/],
    ['file:///etc/passwd', /not "file:" scheme/],
    ['javascript:alert(1)', /not "javascript:" scheme/],
    ['not a url at all', /not a URL/],
    ['', /not a URL/],
  ])('refuses %j with exit 2 and without repeating it', (raw, message) => {
    let error: unknown;
    try {
      webhookOf(raw, '--webhook', 'json');
    } catch (e) {
      error = e;
    }
    expect((error as Error).message).toMatch(message);
    expect((error as { exitCode?: number }).exitCode).toBe(2);
    if (raw.length > 6) expect((error as Error).message).not.toContain(raw);
  });

  it('redacts the URL, its path and its query from any text', () => {
    const url = `https://hooks.slack.com${SECRET_PATH}?sig=s1gnatur3`;
    const hook = webhookOf(url, '--webhook', 'json');
    const out = hook.redact(`failed ${url} then ${SECRET_PATH} and ?sig=s1gnatur3`);
    expect(out).not.toContain('secret');
    expect(out).not.toContain('s1gnatur3');
    expect(out).toContain('https://hooks.slack.com/…');
  });

  it('refuses a URL with a user or password without repeating it', () => {
    expect(() =>
      webhookOf(`https://user:pa55word@hooks.slack.com${SECRET_PATH}`, '--webhook', 'json'),
    ).toThrow(/^--webhook: a URL with a user or password is not supported$/);
  });
});

describe('posting to a webhook', () => {
  const receiver = new Receiver();
  beforeAll(async () => {
    await receiver.start();
  });
  afterAll(() => receiver.close());
  const hook = (): ReturnType<typeof webhookOf> =>
    webhookOf(`${receiver.origin}${SECRET_PATH}`, '--webhook', 'json');

  it('posts the JSON body once and reports delivery on 2xx', async () => {
    receiver.answer = OK;
    const before = receiver.received.length;
    const outcome = await hook().post({ hello: 'world' });
    expect(outcome).toEqual({ kind: 'delivered', status: 200 });
    expect(receiver.received.slice(before)).toEqual([
      { path: SECRET_PATH, contentType: 'application/json', body: { hello: 'world' } },
    ]);
  });

  it.each([408, 429, 500, 503])('HTTP %i is worth retrying', async (status) => {
    receiver.answer = (_q, r) => r.writeHead(status).end();
    const outcome = await hook().post({});
    expect(outcome).toEqual({ kind: 'retry', error: `the webhook answered HTTP ${status}` });
  });

  it.each([400, 403, 404, 410])('HTTP %i is a refusal, not retried', async (status) => {
    receiver.answer = (_q, r) => r.writeHead(status).end();
    const outcome = await hook().post({});
    expect(outcome.kind).toBe('rejected');
  });

  it('a redirect is refused, never followed, and its target never named with the path', async () => {
    receiver.answer = (_q, r) =>
      r.writeHead(302, { location: `${receiver.origin}/elsewhere${SECRET_PATH}` }).end();
    const before = receiver.received.length;
    const outcome = await hook().post({});
    expect(outcome.kind).toBe('rejected');
    expect(receiver.received.length - before).toBe(1);
    expect(JSON.stringify(outcome)).not.toContain('secret');
    expect(JSON.stringify(outcome)).toMatch(/redirect/);
  });

  it('an answer larger than the cap is not read to its end', async () => {
    receiver.answer = (_q, r) => r.writeHead(200).end('x'.repeat(1024 * 1024));
    const outcome = await hook().post({});
    expect(outcome.kind).toBe('rejected');
    expect(JSON.stringify(outcome)).toMatch(/larger than/);
  });

  it('a webhook that never answers times out as a failure worth retrying', async () => {
    receiver.answer = () => {
      // Never answers.
    };
    const transport = new Transport({
      limits: { ...WEBHOOK_LIMITS, idleTimeoutMs: 200, requestTimeoutMs: 300 },
    });
    const outcome = await hook().post({}, transport);
    expect(outcome.kind).toBe('retry');
    expect(JSON.stringify(outcome)).not.toContain('secret');
  });

  it('a closed port is a connection failure worth retrying, named by origin only', async () => {
    const down = new Receiver();
    await down.start();
    const url = `${down.origin}${SECRET_PATH}`;
    await down.close();
    const outcome = await webhookOf(url, '--webhook', 'json').post({});
    expect(outcome.kind).toBe('retry');
    expect(JSON.stringify(outcome)).toContain(down.origin);
    expect(JSON.stringify(outcome)).not.toContain('secret');
  });
});
