import { describe, expect, it } from 'vitest';

import { BASE, snapshot } from '../../../../test/helpers/snapshot-builder.js';
import { evaluate } from '../../engine.js';
import { RuleTester } from '../../rule-tester.js';
import * as examples from './examples.js';
import { HIGH_RISK_PERMISSIONS } from '../../facts/high-risk-permissions.js';
import { rule } from './rule.js';

RuleTester.run(rule, {
  valid: [
    examples.pass,
    // An ordinary permission is not high risk.
    snapshot().grant(BASE.ecaPermissionSet, 'RunReports').build(),
  ],
  invalid: [
    {
      snapshot: examples.fail,
      findings: [
        {
          messageId: 'holds',
          app: BASE.eca,
          resource: BASE.ecaUser,
          status: 'fail',
          severity: 'critical',
        },
      ],
    },
    {
      name: 'only high permissions make a high finding',
      snapshot: snapshot()
        .grant(BASE.connectedAppPermissionSet, 'ExportReport', 'ViewAllUsers')
        .build(),
      findings: [
        {
          messageId: 'holds',
          app: BASE.connectedApp,
          resource: BASE.connectedAppUser,
          status: 'fail',
          severity: 'high',
        },
      ],
    },
    {
      name: 'a System Administrator run-as user',
      snapshot: snapshot().withProfile(BASE.connectedAppUser, 'Admin').build(),
      findings: [
        {
          messageId: 'holds',
          app: BASE.connectedApp,
          resource: BASE.connectedAppUser,
          status: 'fail',
          severity: 'critical',
        },
      ],
    },
  ],
});

describe('RG-0009 lists and evidence', () => {
  it('marks the permissions the rule catalog names critical and high', () => {
    const risk = new Map(HIGH_RISK_PERMISSIONS.map((p) => [p.name, p.risk]));
    // The rule catalog (test/fixtures/rules-catalog.md), RG-0009, critical.
    for (const name of [
      'ModifyAllData',
      'ViewAllData',
      'ModifyMetadata',
      'AuthorApex',
      'CustomizeApplication',
      'ManageUsers',
      'AssignPermissionSets',
      'ManageProfilesPermissionsets',
    ])
      expect(risk.get(name), name).toBe('critical');
    // The rule catalog, RG-0009, high (metadata names of "Use Any API Client" and "Approve Uninstalled
    // Connected Apps").
    for (const name of [
      'ManageInternalUsers',
      'ResetPasswords',
      'ViewAllUsers',
      'ManageSharing',
      'ManageRoles',
      'ExportReport',
      'ManageAuthProviders',
      'ManageRemoteAccess',
      'UseAnyApiClient',
      'CanApproveUninstalledApps',
    ])
      expect(risk.get(name), name).toBe('high');
    for (const name of ['ApiEnabled', 'ApiUserOnly', 'ViewSetup'])
      expect(risk.has(name), name).toBe(false);
  });

  it('names each permission and the containers it comes through, in a group too', () => {
    const s = snapshot()
      .grant('Export_Helper', 'ModifyAllData')
      .addPermissionSetGroup('Ledger_Bundle', ['Export_Helper'])
      .assign(BASE.connectedAppUser, { permissionSetGroup: 'Ledger_Bundle' })
      .build();
    const [finding] = evaluate(s, [rule]).findings.filter((f) => f.status === 'fail');
    expect(finding?.app).toBe(BASE.connectedApp);
    expect(finding?.evidence?.actual).toEqual(['ModifyAllData', 'ViewAllData']);
    expect(finding?.evidence?.via).toEqual([
      { type: 'PermissionSet', name: 'Export_Helper', group: 'Ledger_Bundle' },
      {
        type: 'PermissionSet',
        name: 'Export_Helper',
        group: 'Ledger_Bundle',
        impliedBy: 'ModifyAllData',
      },
    ]);
    expect(finding?.message).toContain('critical ModifyAllData, ViewAllData');
    expect(finding?.message).toContain('via permission set Export_Helper in group Ledger_Bundle');
  });
});
