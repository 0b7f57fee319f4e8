import { describe, expect, it } from 'vitest';

import { evaluate } from '../../engine.js';
import { RuleTester } from '../../rule-tester.js';
import { BASE, snapshot } from '../../testing/snapshot-builder.js';
import * as examples from './examples.js';
import { rule } from './rule.js';

const eca = { app: BASE.eca, resource: BASE.ecaUser };
const ledger = { app: BASE.connectedApp, resource: BASE.connectedAppUser };
/** The passing example with its manifest; each case changes one thing. */
const base = () => examples.profileWithRange('203.0.113.0', '203.0.113.15').withManifest();

RuleTester.run(rule, {
  valid: [
    { snapshot: examples.pass, evaluate: { manifest: examples.manifest } },
    snapshot().withManifest().toCase('no profile has login IP ranges'),
    {
      name: 'no ranges and no manifest',
      snapshot: snapshot().build(),
    },
    base()
      .withDeclared(BASE.eca, { network: { egressIps: ['203.0.113.0', '203.0.113.15'] } })
      .toCase('range ends are inclusive'),
    examples
      .profileWithRange('203.0.113.32', '203.0.113.47')
      .withManifest()
      .withApp(BASE.eca, { ipRelaxation: 'Bypass' })
      .toCase('the app relaxes IP restrictions'),
    base()
      .inProjectModeWithRunAsAccess()
      .toCase('project mode: no range on the runAsAccess profile'),
  ],
  invalid: [
    {
      snapshot: examples.fail,
      evaluate: { manifest: examples.manifest },
      findings: [{ messageId: 'outside', ...eca, status: 'fail', severity: 'critical' }],
    },
    {
      ...base()
        .withDeclared(BASE.eca, { network: { egressIps: ['203.0.113.10', '198.51.100.7'] } })
        .toCase('one of two egress IPs outside'),
      findings: [{ messageId: 'outside', ...eca, status: 'fail' }],
    },
    {
      ...base()
        .withApp(BASE.eca, { ipRelaxation: undefined })
        .withDeclared(BASE.eca, { network: { egressIps: ['198.51.100.7'] } })
        .toCase('an app without a relaxation value enforces (the default)'),
      findings: [{ messageId: 'outside', ...eca, status: 'fail' }],
    },
    {
      ...base().withDeclared(BASE.eca, { network: undefined }).toCase('no egress declared'),
      findings: [{ messageId: 'noEgress', ...eca, status: 'skip' }],
    },
    {
      name: 'ranges but no manifest',
      snapshot: examples.pass,
      findings: [{ messageId: 'noEgress', ...eca, status: 'skip' }],
    },
    {
      ...base()
        .withUser(BASE.ecaUser, { profileName: 'Gone', profileFullName: 'Gone' })
        .toCase('a profile missing from the snapshot'),
      findings: [{ messageId: 'profileUnknown', ...eca, status: 'skip' }],
    },
    {
      ...examples
        .profileWithRange('203.0.113.32', '203.0.113.47')
        .withManifest()
        .withDeclared(BASE.eca, {
          runAsAccess: { profile: 'Billing Integration', permissionSets: [BASE.ecaPermissionSet] },
        })
        .inProjectModeWithRunAsAccess()
        .toCase('project mode: the profile named by runAsAccess'),
      findings: [{ messageId: 'outside', ...eca, status: 'fail' }],
    },
  ],
});

// Address membership itself is tested with its owner, src/model/policy/ip-range.test.ts.
describe('RG-0016 addresses', () => {
  it('names the ranges and the addresses outside them', () => {
    const manifest = examples.manifest;
    const [finding] = evaluate(examples.fail, [rule], { manifest }).findings.filter(
      (f) => f.status === 'fail',
    );
    expect(finding?.message).toBe(
      `${BASE.ecaUser}, the run-as user of ${BASE.eca}, may log in only from 203.0.113.32-203.0.113.47 (profile Billing Integration), but billing-callback calls from ${examples.ECA_EGRESS}: its token requests fail with "ip restricted or invalid login hours"`,
    );
    expect(finding?.evidence).toEqual({
      expected: [examples.ECA_EGRESS],
      actual: { ranges: ['203.0.113.32-203.0.113.47'], outside: [examples.ECA_EGRESS] },
    });
    expect(evaluate(examples.fail, [rule], { manifest }).findings.map((f) => f.app)).toEqual([
      BASE.eca,
      ledger.app,
    ]);
  });
});
