import { describe, expect, it } from 'vitest';

import { ALWAYS, parseSchedule } from '../../../manifest/schedule.js';
import { evaluate } from '../../engine.js';
import { RuleTester } from '../../rule-tester.js';
import { BASE, snapshot } from '../../testing/snapshot-builder.js';
import type { SnapshotBuilder } from '../../testing/snapshot-builder.js';
import { allowedWeek, describeWeek, uncovered } from './coverage.js';
import * as examples from './examples.js';
import { rule } from './rule.js';

const ledger = { app: BASE.connectedApp, resource: BASE.connectedAppUser };
const { hours, ledgerProfileWith, EVERY_DAY, OFFICE_DAYS } = examples;
/** The passing example with its manifest; each case changes one thing. */
const base = () => ledgerProfileWith(hours(EVERY_DAY, 0, 240)).withManifest();

function failureOf(builder: SnapshotBuilder) {
  const manifest = builder.manifest();
  const findings = evaluate(builder.build(), [rule], manifest ? { manifest } : {}).findings;
  return findings.find((f) => f.status === 'fail');
}

RuleTester.run(rule, {
  valid: [
    { snapshot: examples.pass, evaluate: { manifest: examples.manifest } },
    snapshot().withManifest().toCase('no profile has login hours'),
    ledgerProfileWith(hours(EVERY_DAY, 0, 1440))
      .withManifest()
      .undeclare(BASE.connectedApp)
      .toCase('login hours around the clock cover an undeclared schedule (always)'),
    base()
      .withDeclared(BASE.connectedApp, { schedule: 'Sun 23:00-24:00; Mon-Sun 00:00-02:00' })
      .withProfileDef('Ledger Integration', {
        loginHours: { ...hours(EVERY_DAY, 0, 240), sunday: { start: 0, end: 1440 } },
      })
      .toCase('a window that wraps past midnight into Monday'),
    base()
      .inProjectModeWithRunAsAccess()
      .toCase('project mode: no hours on the runAsAccess profile'),
  ],
  invalid: [
    {
      snapshot: examples.fail,
      evaluate: { manifest: examples.manifest },
      findings: [{ messageId: 'blocked', ...ledger, status: 'fail', severity: 'high' }],
    },
    {
      ...base()
        .withDeclared(BASE.connectedApp, { schedule: undefined })
        .toCase('no schedule declared: the integration must work at any time'),
      findings: [{ messageId: 'blocked', ...ledger, status: 'fail' }],
    },
    {
      name: 'no manifest: always',
      snapshot: examples.pass,
      findings: [{ messageId: 'blocked', ...ledger, status: 'fail' }],
    },
    {
      ...base()
        .withProfileDef('Ledger Integration', {
          loginHours: { ...hours(EVERY_DAY, 0, 240), sunday: { start: 240, end: 240 } },
        })
        .toCase('a day whose start equals its end has no hours'),
      findings: [{ messageId: 'blocked', ...ledger, status: 'fail' }],
    },
    {
      ...base()
        .withDeclared(BASE.connectedApp, { schedule: 'Mon 25:00-26:00' })
        .toCase('an invalid schedule'),
      findings: [{ messageId: 'badSchedule', ...ledger, status: 'skip' }],
    },
    {
      ...base()
        .withUser(BASE.connectedAppUser, { profileName: 'Gone', profileFullName: 'Gone' })
        .toCase('a profile missing from the snapshot'),
      findings: [{ messageId: 'profileUnknown', ...ledger, status: 'skip' }],
    },
    {
      ...ledgerProfileWith(hours(OFFICE_DAYS, 360, 1200))
        .withManifest()
        .withDeclared(BASE.connectedApp, {
          runAsAccess: {
            profile: 'Ledger Integration',
            permissionSets: [BASE.connectedAppPermissionSet],
          },
        })
        .inProjectModeWithRunAsAccess()
        .toCase('project mode: the profile named by runAsAccess'),
      findings: [{ messageId: 'blocked', ...ledger, status: 'fail' }],
    },
  ],
});

describe('RG-0017 message and evidence', () => {
  it('names the uncovered windows, whole days first (the Northwind carrier)', () => {
    const finding = failureOf(
      ledgerProfileWith(hours(OFFICE_DAYS, 360, 1200))
        .withManifest()
        .withDeclared(BASE.connectedApp, { schedule: 'Mon-Sat 05:00-22:00' }),
    );
    expect(finding?.message).toBe(
      `${BASE.connectedAppUser}, the run-as user of ${BASE.connectedApp}, may log in only Monday-Friday 06:00-20:00 (login hours of profile Ledger Integration), which leaves out Saturday 05:00-22:00, Monday-Friday 05:00-06:00 and 20:00-22:00 of the schedule "Mon-Sat 05:00-22:00" of ledger-export: token requests then fail with "ip restricted or invalid login hours"`,
    );
    expect(finding?.evidence).toMatchObject({
      expected: 'Mon-Sat 05:00-22:00',
      actual: { monday: ['06:00-20:00'], friday: ['06:00-20:00'] },
      uncovered: { monday: ['05:00-06:00', '20:00-22:00'], saturday: ['05:00-22:00'] },
    });
  });

  it('says when the user may never log in', () => {
    const finding = failureOf(ledgerProfileWith({}).withManifest());
    expect(finding?.message).toContain('may log in at no time (login hours');
  });

  it('covers and describes weeks', () => {
    const allowed = allowedWeek(hours(OFFICE_DAYS, 360, 1200));
    expect(describeWeek(allowed)).toBe('Monday-Friday 06:00-20:00');
    expect(describeWeek(uncovered(ALWAYS, allowed), ALWAYS)).toBe(
      'Saturday-Sunday 00:00-24:00, Monday-Friday 00:00-06:00 and 20:00-24:00',
    );
    const nightly = parseSchedule('Mon,Wed 22:00-02:00');
    expect(describeWeek(uncovered(nightly, allowed), nightly)).toBe(
      'Monday 22:00-24:00, Tuesday 00:00-02:00, Wednesday 22:00-24:00, Thursday 00:00-02:00',
    );
  });
});
