import { describe, expect, it } from 'vitest';

import { evaluate } from '../../engine.js';
import { RuleTester } from '../../rule-tester.js';
import { BASE, snapshot } from '../../testing/snapshot-builder.js';
import * as examples from './examples.js';
import { inRange, ipv4Number, rule } from './rule.js';

RuleTester.describe = describe;
RuleTester.it = it;

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

describe('RG-0016 addresses', () => {
  it('reads IPv4 addresses and nothing else', () => {
    expect(ipv4Number('192.0.2.40')).toBe(3221226024);
    for (const bad of ['192.0.2', '192.0.2.256', '::1', '1.2.3.4.5', 'a.b.c.d', ' '])
      expect(ipv4Number(bad), bad).toBeUndefined();
    expect(inRange('192.0.2.40', { start: '192.0.2.32', end: '192.0.2.47' })).toBe(true);
    expect(inRange('192.0.2.48', { start: '192.0.2.32', end: '192.0.2.47' })).toBe(false);
    expect(inRange('192.0.2.40', { start: '2001:db8::', end: '2001:db8::ff' })).toBe(false);
  });

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
