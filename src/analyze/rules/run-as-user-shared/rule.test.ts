import { describe, expect, it } from 'vitest';

import { BASE, snapshot } from '../../../../test/helpers/snapshot-builder.js';
import { evaluate } from '../../engine.js';
import { RuleTester } from '../../rule-tester.js';
import * as examples from './examples.js';
import { rule } from './rule.js';

const uiLogin = {
  username: BASE.ecaUser,
  loginTime: '2026-11-20T09:00:00.000Z',
  loginType: 'Application',
  status: 'Success',
  sourceIp: '198.51.100.7',
};

RuleTester.run(rule, {
  valid: [
    examples.pass,
    // A failed UI login attempt is not a person's work (RG-0031 reports it).
    snapshot()
      .addLogin({ ...uiLogin, status: 'Invalid password' })
      .build(),
    // An app with the flow off does not share its user.
    snapshot()
      .addIntegration({
        app: 'Old_Export',
        username: BASE.connectedAppUser,
        appPatch: { clientCredentialsEnabled: false },
      })
      .build(),
  ],
  invalid: [
    {
      snapshot: examples.fail,
      findings: [
        {
          messageId: 'sharedApps',
          app: BASE.connectedApp,
          resource: BASE.connectedAppUser,
          status: 'fail',
        },
        {
          messageId: 'sharedApps',
          app: 'Ledger_Reconcile',
          resource: BASE.connectedAppUser,
          status: 'fail',
        },
      ],
    },
    {
      name: 'UI logins by the run-as user',
      snapshot: snapshot().addLogin(uiLogin).build(),
      findings: [
        { messageId: 'humanLogins', app: BASE.eca, resource: BASE.ecaUser, status: 'fail' },
      ],
    },
    {
      name: 'shared and used by a person',
      snapshot: snapshot()
        .addIntegration({ app: 'Billing_Refunds', username: BASE.ecaUser.toUpperCase() })
        .addLogin(uiLogin)
        .build(),
      findings: [
        { messageId: 'sharedBoth', app: BASE.eca, resource: BASE.ecaUser, status: 'fail' },
        {
          messageId: 'sharedBoth',
          app: 'Billing_Refunds',
          resource: BASE.ecaUser,
          status: 'fail',
        },
      ],
    },
  ],
});

describe('RG-0022 messages', () => {
  it("names the other apps in each app's finding", () => {
    const s = snapshot()
      .addIntegration({ app: 'Ledger_Reconcile', username: BASE.connectedAppUser })
      .addIntegration({ app: 'Ledger_Audit', username: BASE.connectedAppUser })
      .build();
    const fails = evaluate(s, [rule]).findings.filter((f) => f.status === 'fail');
    expect(fails.map((f) => [f.app, f.evidence?.actual])).toEqual([
      ['Ledger_Audit', { otherApps: ['Ledger_Export', 'Ledger_Reconcile'], loginTypes: [] }],
      ['Ledger_Export', { otherApps: ['Ledger_Audit', 'Ledger_Reconcile'], loginTypes: [] }],
      ['Ledger_Reconcile', { otherApps: ['Ledger_Audit', 'Ledger_Export'], loginTypes: [] }],
    ]);
    expect(fails[1]?.message).toBe(
      `${BASE.connectedAppUser} is the run-as user of Ledger_Export and also of Ledger_Audit, Ledger_Reconcile: one permission change breaks or over-grants all of them`,
    );
    expect(new Set(fails.map((f) => f.fingerprint)).size).toBe(3);
  });
});

describe('RG-0022 without Login History (project mode, or forbidden)', () => {
  it('still fails a user shared by two apps, and skips (never passes) a dedicated one', () => {
    const s = snapshot()
      .addIntegration({ app: 'Ledger_Reconcile', username: BASE.connectedAppUser })
      .unsupportFacet('loginHistory', 'user state is not metadata')
      .build();
    const findings = evaluate(s, [rule]).findings;
    const byApp = new Map(findings.map((f) => [f.app, [f.status, f.messageId]]));
    expect(byApp.get(BASE.connectedApp)).toEqual(['fail', 'sharedApps']);
    expect(byApp.get('Ledger_Reconcile')).toEqual(['fail', 'sharedApps']);
    expect(byApp.get(BASE.eca)).toEqual(['skip', 'dedicatedNoHistory']);
    expect(findings.some((f) => f.status === 'pass')).toBe(false);
  });

  it('reports a dedicated user not-evaluated (never skip) when Login History failed to load', () => {
    const s = snapshot()
      .addIntegration({ app: 'Ledger_Reconcile', username: BASE.connectedAppUser })
      .failFacet('loginHistory', {
        request: 'rest.query.LoginHistory',
        errorCode: 'MALFORMED_RESPONSE',
        message: 'the answer is not JSON',
      })
      .build();
    const findings = evaluate(s, [rule]).findings;
    const byApp = new Map(findings.map((f) => [f.app, [f.status, f.messageId]]));
    expect(byApp.get('Ledger_Reconcile')).toEqual(['fail', 'sharedApps']);
    expect(byApp.get(BASE.eca)).toEqual(['not-evaluated', 'requestFailed']);
    expect(findings.find((f) => f.app === BASE.eca)?.message).toMatch(
      /rest\.query\.LoginHistory failed with MALFORMED_RESPONSE/,
    );
  });
});
