import { describe, expect, it } from 'vitest';

import { BASE, snapshot } from '../../../../test/helpers/snapshot-builder.js';
import type { OauthTokenEntry } from '../../../model/snapshot.js';
import { evaluate } from '../../engine.js';
import { RuleTester } from '../../rule-tester.js';
import * as examples from './examples.js';
import { refreshTokenPolicyKind, rule } from './rule.js';

/** `dormantDays` (90) before the base's clock, shifted by `minutes`. */
function edge(minutes: number): string {
  return new Date(Date.parse(BASE.collectedAt) - 90 * 86_400_000 + minutes * 60_000).toISOString();
}

const token: OauthTokenEntry = {
  username: BASE.ecaUser,
  appName: 'Salesforce CLI',
  createdDate: '2026-11-01T10:00:00.000Z',
  lastUsedDate: '2026-11-24T10:00:00.000Z',
  useCount: 12,
};

const ca = (refreshTokenPolicy: string) =>
  snapshot().withApp(BASE.connectedApp, { refreshTokenPolicy }).build();
const eca = (refreshTokenPolicy: string | undefined) =>
  snapshot().withApp(BASE.eca, { refreshTokenPolicy }).build();
const fail = (app: string, resource: string) => [
  { messageId: 'longLived', app, resource, status: 'fail' as const },
];

RuleTester.run(rule, {
  valid: [
    examples.pass,
    { name: 'CA specific_lifetime:3:HOURS', snapshot: ca('specific_lifetime:3:HOURS') },
    { name: 'CA specific_inactivity:7:DAYS', snapshot: ca('specific_inactivity:7:DAYS') },
    { name: 'ECA SpecificLifetime', snapshot: eca('SpecificLifetime') },
    {
      name: 'an app timeout of exactly 12 hours',
      snapshot: snapshot().withApp(BASE.eca, { sessionTimeoutMinutes: 720 }).build(),
    },
    {
      name: "the app's timeout is taken before the profile's",
      snapshot: snapshot()
        .withProfileDef(BASE.integrationProfile, { sessionTimeoutMinutes: 1440 })
        .withApp(BASE.eca, { sessionTimeoutMinutes: 120 })
        .withApp(BASE.connectedApp, { sessionTimeoutMinutes: 120 })
        .build(),
    },
    { name: 'a recent, used refresh token', snapshot: snapshot().addOauthToken(token).build() },
    {
      name: 'a token created just inside dormantDays',
      snapshot: snapshot()
        .addOauthToken({ ...token, createdDate: edge(1) })
        .build(),
    },
    {
      name: "another user's old token",
      snapshot: snapshot()
        .addOauthToken({
          ...token,
          username: 'grace@acme.com',
          createdDate: '2025-01-01T00:00:00.000Z',
        })
        .build(),
    },
  ],
  invalid: [
    {
      snapshot: examples.fail,
      findings: [
        ...fail(BASE.connectedApp, BASE.connectedAppUser),
        { messageId: 'bounded', app: BASE.eca, resource: BASE.ecaUser, status: 'pass' },
      ],
    },
    { name: 'ECA Infinite', snapshot: eca('Infinite'), findings: fail(BASE.eca, BASE.ecaUser) },
    {
      name: 'an app timeout of 12 hours and a minute',
      snapshot: snapshot().withApp(BASE.eca, { sessionTimeoutMinutes: 721 }).build(),
      findings: fail(BASE.eca, BASE.ecaUser),
    },
    {
      name: 'a 24-hour profile timeout breaks both',
      snapshot: snapshot()
        .withProfileDef(BASE.integrationProfile, { sessionTimeoutMinutes: 1440 })
        .build(),
      findings: [
        ...fail(BASE.eca, BASE.ecaUser),
        ...fail(BASE.connectedApp, BASE.connectedAppUser),
      ],
    },
    {
      name: 'a token created just outside dormantDays',
      snapshot: snapshot()
        .addOauthToken({ ...token, createdDate: edge(-1) })
        .build(),
      findings: fail(BASE.eca, BASE.ecaUser),
    },
    {
      name: 'a token never used',
      snapshot: snapshot()
        .addOauthToken({ ...token, useCount: 0 })
        .build(),
      findings: fail(BASE.eca, BASE.ecaUser),
    },
    {
      name: 'a token without use count or last use',
      snapshot: snapshot()
        .addOauthToken({
          username: BASE.ecaUser,
          appName: 'Salesforce CLI',
          createdDate: '2026-11-01T10:00:00.000Z',
        })
        .build(),
      findings: fail(BASE.eca, BASE.ecaUser),
    },
    {
      name: 'no refresh token policy stated: unknown',
      snapshot: eca(undefined),
      findings: [{ messageId: 'unknown', app: BASE.eca, resource: BASE.ecaUser, status: 'skip' }],
    },
    {
      name: 'an unknown refresh token policy: unknown',
      snapshot: ca('sometimes'),
      findings: [
        {
          messageId: 'unknown',
          app: BASE.connectedApp,
          resource: BASE.connectedAppUser,
          status: 'skip',
        },
      ],
    },
    {
      name: 'a profile that is not in the snapshot: unknown',
      snapshot: snapshot()
        .withUser(BASE.ecaUser, { profileName: 'Billing Profile', profileFullName: undefined })
        .build(),
      findings: [{ messageId: 'unknown', app: BASE.eca, resource: BASE.ecaUser, status: 'skip' }],
    },
    {
      name: 'an infinite policy fails whatever is unknown',
      snapshot: snapshot()
        .withUser(BASE.ecaUser, { profileName: 'Billing Profile', profileFullName: undefined })
        .withApp(BASE.eca, { refreshTokenPolicy: 'Infinite' })
        .build(),
      findings: fail(BASE.eca, BASE.ecaUser),
    },
  ],
});

describe('RG-0027', () => {
  it('classifies refresh token policies', () => {
    expect(['infinite', 'Infinite'].map(refreshTokenPolicyKind)).toEqual(['infinite', 'infinite']);
    expect(
      [
        'zero',
        'Zero',
        'specific_lifetime:3:HOURS',
        'specific_inactivity:7:DAYS',
        'SpecificInactivity',
      ].map(refreshTokenPolicyKind),
    ).toEqual(['bounded', 'bounded', 'bounded', 'bounded', 'bounded']);
    expect(['', 'specific_lifetime', 'forever'].map(refreshTokenPolicyKind)).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('names every problem', () => {
    const s = snapshot()
      .withApp(BASE.eca, { refreshTokenPolicy: 'Infinite', sessionTimeoutMinutes: 1440 })
      .addOauthToken({ ...token, createdDate: '2026-01-05T00:00:00.000Z', useCount: 0 })
      .build();
    const [finding] = evaluate(s, [rule]).findings.filter((f) => f.status === 'fail');
    expect(finding?.message).toBe(
      `Tokens of ${BASE.eca} for ${BASE.ecaUser} live longer than they must: the session timeout 1440 minutes (session policy of ${BASE.eca}) exceeds 12 hours; the refresh token policy is Infinite (valid until revoked); ${BASE.ecaUser} holds 1 stale refresh token(s): Salesforce CLI (created 2026-01-05T00:00:00.000Z, more than 90 days ago, never used)`,
    );
  });
});
