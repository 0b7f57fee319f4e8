import { describe, expect, it } from 'vitest';

import { CollectError } from './errors.js';
import { classifyError, RequestTracker, ResponseError } from './tracker.js';

/** An error shaped as jsforce raises it: `name` and `errorCode` carry Salesforce's code. */
function sfError(code: string, message: string): Error {
  const error = new Error(message) as Error & { errorCode: string };
  error.name = code;
  error.errorCode = code;
  return error;
}

describe('classifyError', () => {
  it('keeps Salesforce codes and drops the SOAP namespace', () => {
    expect(
      classifyError(
        sfError(
          'sf:INSUFFICIENT_ACCESS',
          'INSUFFICIENT_ACCESS: use of the Metadata API requires ...',
        ),
      ),
    ).toMatchObject({
      errorCode: 'INSUFFICIENT_ACCESS',
      auth: false,
    });
    expect(
      classifyError(sfError('INVALID_TYPE', "sObject type 'X' is not supported")).errorCode,
    ).toBe('INVALID_TYPE');
    expect(classifyError(sfError('ERROR_HTTP_503', 'Service Unavailable')).errorCode).toBe(
      'ERROR_HTTP_503',
    );
    expect(classifyError(new ResponseError('MALFORMED_RESPONSE', 'x')).errorCode).toBe(
      'MALFORMED_RESPONSE',
    );
  });

  it('treats a refused session of the auditor as an authentication failure', () => {
    expect(classifyError(sfError('INVALID_SESSION_ID', 'Session expired or invalid')).auth).toBe(
      true,
    );
    expect(
      classifyError(sfError('sf:INVALID_SESSION_ID', 'Invalid Session ID found in SessionHeader'))
        .auth,
    ).toBe(true);
    expect(
      classifyError(sfError('REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.')).auth,
    ).toBe(false);
  });

  it('uses the network code of a connection error and redacts secrets and session ids', () => {
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    expect(classifyError(reset).errorCode).toBe('ECONNRESET');
    const leaky = new Error('bad token 00D000000000001!AQabc.def and secret s3cr3t-value in it');
    const { message } = classifyError(leaky, ['s3cr3t-value']);
    expect(message).not.toContain('AQabc');
    expect(message).not.toContain('s3cr3t-value');
    expect(classifyError('a string').errorCode).toBe('UNKNOWN_ERROR');
  });
});

describe('RequestTracker', () => {
  it('counts every request and records a failure with the catalog permission, returning undefined', async () => {
    const tracker = new RequestTracker();
    const ok = await tracker.run('rest.query.User', (ctx) => {
      ctx.sent();
      ctx.sent();
      return Promise.resolve('rows');
    });
    const failed = await tracker.run<string>('metadata.listMetadata.apps', (ctx) => {
      ctx.sent();
      return Promise.reject(
        sfError(
          'sf:INSUFFICIENT_ACCESS',
          'use of the Metadata API requires a user with the ModifyAllData or ModifyMetadata permissions',
        ),
      );
    });
    expect(ok).toBe('rows');
    expect(failed).toBeUndefined();
    expect(tracker.apiRequests).toBe(3);
    const ledger = tracker.ledger();
    expect(ledger.users).toEqual({ status: 'ok', requests: 2 });
    expect(ledger.apps).toMatchObject({
      status: 'failed',
      request: 'metadata.listMetadata.apps',
      errorCode: 'INSUFFICIENT_ACCESS',
      permission: expect.stringContaining('Modify Metadata') as unknown,
    });
    expect(ledger.auditTrail).toEqual({ status: 'ok', requests: 0 });
    expect(tracker.failedRequests).toHaveLength(1);
  });

  it('throws AUTH_FAILED (exit 3) when the auditor itself is refused', async () => {
    const tracker = new RequestTracker();
    const run = tracker.run('rest.query.Organization', () =>
      Promise.reject(sfError('INVALID_SESSION_ID', 'Session expired or invalid')),
    );
    await expect(run).rejects.toBeInstanceOf(CollectError);
    await expect(run).rejects.toMatchObject({ code: 'AUTH_FAILED', exitCode: 3 });
  });

  it('records a failure with a fallback without failing the facet, and blocks dependent facets', async () => {
    const tracker = new RequestTracker();
    await tracker.run(
      'metadata.listMetadata.profiles',
      () => Promise.reject(sfError('sf:INSUFFICIENT_ACCESS', 'no')),
      { fallback: { request: 'tooling.query.Profile', lacks: ['sessionSettings'] } },
    );
    expect(tracker.ledger().profilePolicies).toEqual({ status: 'ok', requests: 0 });
    expect(tracker.failedRequests[0]).toMatchObject({ recoveredBy: 'tooling.query.Profile' });
    // What the fallback cannot provide fails with the original request as its cause.
    expect(tracker.ledger().sessionSettings).toMatchObject({
      status: 'failed',
      request: 'metadata.listMetadata.profiles',
      errorCode: 'INSUFFICIENT_ACCESS',
    });

    await tracker.run('rest.query.User', () =>
      Promise.reject(sfError('REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.')),
    );
    const cause = tracker.failureOf('users');
    if (cause === undefined) throw new Error('users should have failed');
    tracker.blocked('userLogin', cause);
    expect(tracker.ledger().userLogin).toMatchObject({
      status: 'failed',
      request: 'rest.query.User',
      errorCode: 'REQUEST_LIMIT_EXCEEDED',
    });
  });
});

describe('RequestTracker with maxRequests', () => {
  it('does not send the N+1th request: its facet fails naming the budget', async () => {
    let sentOnWire = 0;
    let retries = 0;
    const tracker = new RequestTracker(() => [], { maxRequests: 3, alreadySent: () => retries });
    const send = (ctx: { sent(): void }): Promise<string> => {
      ctx.sent();
      sentOnWire += 1;
      return Promise.resolve('rows');
    };
    expect(await tracker.run('rest.query.User', send)).toBe('rows');
    retries = 1; // a retry the transport sent counts against the budget too
    expect(await tracker.run('rest.query.User', send)).toBe('rows');
    expect(await tracker.run('metadata.listMetadata.apps', send)).toBeUndefined();
    expect(sentOnWire).toBe(2);
    expect(tracker.apiRequests).toBe(2);
    expect(tracker.ledger().apps).toMatchObject({
      status: 'failed',
      request: 'metadata.listMetadata.apps',
      errorCode: 'MAX_REQUESTS_REACHED',
      message: '--max-requests 3 reached: this request was not sent',
    });
    expect(tracker.ledger().users).toEqual({ status: 'ok', requests: 2 });
  });
});
