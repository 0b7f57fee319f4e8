import { describe, expect, it } from 'vitest';

import { evaluate } from '../../engine.js';
import { RuleTester } from '../../rule-tester.js';
import { BASE, snapshot } from '../../testing/snapshot-builder.js';
import type { SnapshotBuilder } from '../../testing/snapshot-builder.js';
import * as examples from './examples.js';
import { rule } from './rule.js';

const eca = { app: BASE.eca, resource: BASE.ecaUser };
const ledger = { app: BASE.connectedApp, resource: BASE.connectedAppUser };
/** The passing example with its manifest; each case changes one thing. */
const yearEnd = (date: string) => examples.yearEndAssignment(date).withManifest();
const base = () => yearEnd('2027-01-31T23:59:59.000Z');

function failureOf(builder: SnapshotBuilder) {
  const manifest = builder.manifest();
  const findings = evaluate(builder.build(), [rule], manifest ? { manifest } : {}).findings;
  return findings.find((f) => f.status === 'fail');
}

RuleTester.run(rule, {
  valid: [
    { snapshot: examples.pass, evaluate: { manifest: examples.manifest } },
    base().toCase('the year-end set expires beyond the window'),
    yearEnd('2026-11-30T23:59:59.000Z')
      .withObjectPermission(BASE.connectedAppPermissionSet, 'Contract', { allowRead: true })
      .withFieldPermission(BASE.connectedAppPermissionSet, 'Contract.ContractTerm', {
        readable: true,
        editable: false,
      })
      .toCase('an expiring assignment whose needs also come another way'),
    {
      ...yearEnd('2026-11-30T23:59:59.000Z').toCase('a wider window setting'),
      evaluate: { settings: { expiringAssignmentDays: 3 }, manifest: examples.manifest },
    },
    {
      name: 'no manifest: no assignment expires within the window',
      snapshot: examples.pass,
    },
  ],
  invalid: [
    {
      snapshot: examples.fail,
      evaluate: { manifest: examples.manifest },
      findings: [{ messageId: 'needsExpiring', ...ledger, status: 'fail', severity: 'medium' }],
    },
    {
      ...yearEnd('2026-11-20T00:00:00.000Z').toCase('expired, still in the snapshot'),
      findings: [{ messageId: 'needsExpiring', ...ledger, status: 'fail', severity: 'high' }],
    },
    {
      ...base()
        .withManifestSettings({ expiringAssignmentDays: 90 })
        .toCase("the manifest's expiringAssignmentDays"),
      findings: [{ messageId: 'needsExpiring', ...ledger, status: 'fail', severity: 'medium' }],
    },
    {
      name: 'no manifest: any access from an expiring assignment',
      snapshot: examples.fail,
      findings: [
        { messageId: 'accessExpiring', ...ledger, status: 'fail', severity: 'medium' },
        { messageId: 'noneExpiring', ...eca, status: 'pass' },
      ],
    },
    {
      name: 'no manifest: an expired assignment that granted access',
      snapshot: examples.yearEndAssignment('2026-11-01T00:00:00.000Z').build(),
      findings: [{ messageId: 'accessExpiring', ...ledger, status: 'fail', severity: 'high' }],
    },
    {
      ...yearEnd('2026-11-30T23:59:59.000Z')
        .undeclare(BASE.connectedApp)
        .toCase('an undeclared app: any access counts'),
      findings: [{ messageId: 'accessExpiring', ...ledger, status: 'fail', severity: 'medium' }],
    },
    {
      ...yearEnd('2026-11-30T23:59:59.000Z')
        .inProjectModeWithRunAsAccess()
        .toCase('project mode: expiration dates are org state'),
      findings: [
        { messageId: 'notInMode', ...eca, status: 'not-evaluated' },
        { messageId: 'notInMode', ...ledger, status: 'not-evaluated' },
      ],
    },
  ],
});

describe('RG-0013 message and evidence', () => {
  it('names the assignment, its date and the needs it carries', () => {
    const finding = failureOf(yearEnd('2026-11-30T23:59:59.000Z'));
    expect(finding?.message).toBe(
      `${BASE.connectedAppUser}, the run-as user of ${BASE.connectedApp}, holds needs ledger-export declares only through assignments that have expired or expire within 14 days: permission set Ledger_Year_End_Close (expires on 2026-11-30: Contract read, field Contract.ContractTerm read)`,
    );
    expect(finding?.evidence?.actual).toEqual([
      {
        assignment: 'permission set Ledger_Year_End_Close',
        expires: '2026-11-30',
        past: false,
        needs: ['Contract read', 'field Contract.ContractTerm read'],
      },
    ]);
  });

  it('follows a group assignment', () => {
    const finding = failureOf(
      snapshot()
        .withManifest()
        .unassign(BASE.ecaUser, BASE.ecaPermissionSet)
        .addPermissionSetGroup('Billing_Access', [BASE.ecaPermissionSet])
        .assign(BASE.ecaUser, {
          permissionSetGroup: 'Billing_Access',
          expirationDate: '2026-11-20T00:00:00.000Z',
        }),
    );
    expect(finding?.severity).toBe('high');
    expect(finding?.message).toContain(
      'permission set group Billing_Access (expired on 2026-11-20:',
    );
  });
});
