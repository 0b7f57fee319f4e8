// Ranking and wording of one diagnosis: deterministic, from facts, and never claiming more than is
// known where Salesforce's behaviour is UNCONFIRMED.

import { describe, expect, it } from 'vitest';

import { BASE, snapshot } from '../analyze/testing/snapshot-builder.js';
import { diagnose, findEntry, type DiagnoseInput } from './diagnose.js';
import { factsFromSnapshot } from './facts.js';

const AT = '2026-11-25T12:00:00.000Z';
const probe = { loginUrl: BASE.instanceUrl, at: AT };
const token = (message: string): DiagnoseInput['error'] => ({
  kind: 'oauth',
  status: 400,
  code: 'invalid_grant',
  message,
});

const deactivated = snapshot()
  .withUser(BASE.ecaUser, {
    isActive: false,
    name: 'Billing Integration',
    id: '0055e00000AcmU4AAJ',
  })
  .with((s) => {
    s.auditTrail.push(
      {
        action: 'deactivateduser',
        section: 'Manage Users',
        display: 'Deactivated user Billing Integration (UserID: [0055e00000AcmU4])',
        createdDate: '2026-11-20T17:05:52.000+0000',
        createdBy: 'dana.whitfield@acme.com',
      },
      {
        action: 'deactivateduser',
        section: 'Manage Users',
        display: 'Deactivated user Someone Else (UserID: [0055e00000AcmU9])',
        createdDate: '2026-11-22T10:00:00.000+0000',
        createdBy: 'someone@acme.com',
      },
    );
  })
  .build();

describe('diagnose', () => {
  it('explains "inactive user" with the deactivation from the audit trail (RG-0003 failing)', () => {
    const facts = factsFromSnapshot(deactivated, BASE.eca, [
      { ruleId: 'RG-0003', status: 'fail', app: BASE.eca },
    ]);
    const diagnosis = diagnose({
      step: { kind: 'token' },
      error: token('inactive user'),
      facts,
      probe,
    });
    expect(diagnosis.causes[0]).toMatchObject({
      id: 'run-as-user-inactive',
      verdict: 'found',
      source: 'audit',
      rules: ['RG-0003', 'RG-0030'],
    });
    expect(diagnosis.causes[0]?.evidence).toBe(
      'billing.integration@acme.com was deactivated on 2026-11-20 by dana.whitfield@acme.com (User.IsActive = false)',
    );
    // UNCONFIRMED for this flow: what is known, then what is likely, never "the cause is".
    expect(diagnosis.message).toMatch(
      /^invalid_grant: inactive user\. Known: .*UNCONFIRMED.*Likely: the run-as user is deactivated/,
    );
    expect(diagnosis.message).not.toContain('Cause:');
    expect(diagnosis.message).toContain('Fix: Reactivate the user');
    expect(diagnosis.supported).toBe(true);
  });

  it('ranks from the facts, not the error string: the same error, a frozen user', () => {
    const facts = factsFromSnapshot(
      snapshot().withUser(BASE.ecaUser, { isFrozen: true }).build(),
      BASE.eca,
    );
    const diagnosis = diagnose({
      step: { kind: 'token' },
      error: token('inactive user'),
      facts,
      probe,
    });
    expect(diagnosis.causes.map((c) => [c.id, c.verdict])).toEqual([
      ['run-as-user-frozen', 'found'],
      ['run-as-user-inactive', 'ruled-out'],
    ]);
    expect(diagnosis.message).toContain('Ruled out: the run-as user is deactivated');
  });

  it('says plainly when the audit confirms nothing, listing causes in catalog order', () => {
    const diagnosis = diagnose({
      step: { kind: 'token' },
      error: token('authentication failure'),
      probe,
    });
    expect(diagnosis.supported).toBe(false);
    expect(diagnosis.causes.map((c) => c.id)).toEqual(
      findEntry('token', token('authentication failure')).causes.map((c) => c.cause),
    );
    expect(diagnosis.message).toContain(
      'The audit could not confirm any cause. Possible causes, in catalog order: 1) the run-as user is frozen',
    );
  });

  it('uses "Cause:" only where the error is established and the facts show the condition', () => {
    const facts = factsFromSnapshot(
      snapshot().withProfile(BASE.ecaUser, 'Minimum Access - Salesforce').build(),
      BASE.eca,
    );
    const diagnosis = diagnose({
      step: { kind: 'api' },
      error: {
        kind: 'rest',
        status: 403,
        code: 'API_CURRENTLY_DISABLED',
        message: 'API is disabled for this User',
      },
      facts,
      probe: { ...probe, tokenScopes: ['api'] },
    });
    expect(diagnosis.message).toContain(
      'Cause: the run-as user lacks API Enabled (RG-0007); the audit found no container of billing.integration@acme.com (profile Minimum Access - Salesforce) grants API Enabled.',
    );
  });

  it('credits the probe for what it saw itself, without audit facts', () => {
    const diagnosis = diagnose({
      step: { kind: 'token' },
      error: token('request not supported on this domain'),
      probe: { loginUrl: 'https://login.salesforce.com', at: AT },
    });
    expect(diagnosis.causes[0]).toMatchObject({
      id: 'wrong-token-host',
      verdict: 'found',
      source: 'probe',
    });
    expect(diagnosis.message).toContain(
      'the probe saw the token request went to login.salesforce.com',
    );
  });

  it("names a wrong token host from the caller's My Domain when there are no audit facts", () => {
    const diagnosis = diagnose({
      step: { kind: 'token' },
      error: token('request not supported on this domain'),
      probe: {
        loginUrl: 'https://acme--uat.sandbox.my.salesforce.com',
        myDomainUrl: BASE.instanceUrl,
        at: AT,
      },
    });
    expect(diagnosis.causes[0]).toMatchObject({
      id: 'wrong-token-host',
      verdict: 'found',
      source: 'probe',
      evidence: `the token request went to https://acme--uat.sandbox.my.salesforce.com; the org's My Domain is ${BASE.instanceUrl}`,
    });
  });

  it('quotes the line of a SOQL error that says what is wrong', () => {
    const diagnosis = diagnose({
      step: { kind: 'soql', target: 'SELECT Id FROM Foo__c LIMIT 1' },
      error: {
        kind: 'rest',
        status: 400,
        code: 'INVALID_TYPE',
        message:
          "\nSELECT Id FROM Foo__c LIMIT 1\n               ^\nERROR at Row:1:Column:16\nsObject type 'Foo__c' is not supported.",
      },
      probe,
    });
    expect(diagnosis.error).toBe("INVALID_TYPE: sObject type 'Foo__c' is not supported.");
  });

  it('is deterministic', () => {
    const facts = factsFromSnapshot(deactivated, BASE.eca);
    const input: DiagnoseInput = {
      step: { kind: 'token' },
      error: token('authentication failure'),
      facts,
      probe,
    };
    expect(diagnose(input)).toEqual(diagnose(input));
  });

  it('matches codes case-insensitively and variant texts as substrings', () => {
    expect(
      findEntry('token', {
        kind: 'oauth',
        status: 400,
        code: 'INVALID_GRANT',
        message: 'IP restricted or invalid login hours',
      }).id,
    ).toBe('token-ip-or-login-hours');
    expect(
      findEntry('token', {
        kind: 'oauth',
        status: 400,
        code: 'invalid_grant',
        message: 'invalid_grant: client credentials flow not enabled for this app',
      }).id,
    ).toBe('token-flow-disabled');
    expect(
      findEntry('api', {
        kind: 'rest',
        status: 401,
        code: 'INVALID_SESSION_ID',
        message:
          'This session is not valid for use with the REST API. One of the following scopes is required: Manage user data via APIs, Full access',
      }).id,
    ).toBe('rest-session-not-valid');
  });
});
