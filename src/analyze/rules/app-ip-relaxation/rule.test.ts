import { describe, expect, it } from 'vitest';

import { BASE, snapshot } from '../../../../test/helpers/snapshot-builder.js';
import { evaluate } from '../../engine.js';
import { RuleTester } from '../../rule-tester.js';
import * as examples from './examples.js';
import { rule } from './rule.js';

const eca = (ipRelaxation: string | undefined) =>
  snapshot().withApp(BASE.eca, { ipRelaxation }).build();
const ca = (ipRelaxation: string) =>
  snapshot().withApp(BASE.connectedApp, { ipRelaxation }).build();

RuleTester.run(rule, {
  valid: [
    examples.pass,
    {
      name: 'ECA Enforce_RelaxRefresh: no refresh token in this flow',
      snapshot: eca('Enforce_RelaxRefresh'),
    },
  ],
  invalid: [
    {
      snapshot: examples.fail,
      findings: [
        {
          messageId: 'relaxed',
          app: BASE.connectedApp,
          resource: BASE.connectedApp,
          status: 'fail',
        },
        { messageId: 'enforced', app: BASE.eca, resource: BASE.eca, status: 'pass' },
      ],
    },
    {
      name: 'Connected App BYPASS_2FACTOR',
      snapshot: ca('BYPASS_2FACTOR'),
      findings: [
        {
          messageId: 'relaxed',
          app: BASE.connectedApp,
          resource: BASE.connectedApp,
          status: 'fail',
        },
      ],
    },
    {
      name: 'ECA Bypass',
      snapshot: eca('Bypass'),
      findings: [{ messageId: 'relaxed', app: BASE.eca, resource: BASE.eca, status: 'fail' }],
    },
    {
      name: 'ECA Bypass_2factor',
      snapshot: eca('Bypass_2factor'),
      findings: [{ messageId: 'relaxed', app: BASE.eca, resource: BASE.eca, status: 'fail' }],
    },
    {
      name: 'not stated: unknown, not a pass',
      snapshot: eca(undefined),
      findings: [{ messageId: 'notSet', app: BASE.eca, resource: BASE.eca, status: 'skip' }],
    },
    {
      name: 'an unknown token: unknown, not a pass',
      snapshot: ca('RELAX_FOR_ACTIVATED_DEVICES'),
      findings: [
        {
          messageId: 'unknownValue',
          app: BASE.connectedApp,
          resource: BASE.connectedApp,
          status: 'skip',
        },
      ],
    },
  ],
});

describe('RG-0024 message', () => {
  it('quotes the value as written and its Setup label', () => {
    const [finding] = evaluate(eca('Bypass'), [rule]).findings.filter((f) => f.status === 'fail');
    expect(finding?.message).toBe(
      `${BASE.eca} relaxes IP restrictions (Bypass: Relax IP restrictions): the run-as user's login IP ranges may not limit where its tokens are requested from`,
    );
    expect(finding?.evidence).toEqual({ expected: 'ENFORCE', actual: 'Bypass' });
  });
});
