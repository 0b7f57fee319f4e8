import { describe, expect, it } from 'vitest';

import { BASE, snapshot } from '../../../../test/helpers/snapshot-builder.js';
import { evaluate } from '../../engine.js';
import { RuleTester } from '../../rule-tester.js';
import * as examples from './examples.js';
import { isHighAssurance, rule } from './rule.js';

RuleTester.run(rule, {
  valid: [
    examples.pass,
    {
      name: 'ECA level STANDARD',
      snapshot: snapshot().withApp(BASE.eca, { requiredSessionLevel: 'STANDARD' }).build(),
    },
    {
      name: 'ECA level LOW',
      snapshot: snapshot().withApp(BASE.eca, { requiredSessionLevel: 'LOW' }).build(),
    },
    {
      name: 'profile level STANDARD',
      snapshot: snapshot()
        .withProfileDef(BASE.integrationProfile, { requiredSessionLevel: 'STANDARD' })
        .build(),
    },
  ],
  invalid: [
    {
      snapshot: examples.fail,
      findings: [
        {
          messageId: 'required',
          app: BASE.connectedApp,
          resource: BASE.connectedAppUser,
          status: 'fail',
        },
        { messageId: 'notRequired', app: BASE.eca, resource: BASE.ecaUser, status: 'pass' },
      ],
    },
    {
      name: "the ECA's policy",
      snapshot: snapshot().withApp(BASE.eca, { requiredSessionLevel: 'HIGH_ASSURANCE' }).build(),
      findings: [{ messageId: 'required', app: BASE.eca, resource: BASE.ecaUser, status: 'fail' }],
    },
    {
      name: 'the shared profile requires it: both integrations break',
      snapshot: snapshot()
        .withProfileDef(BASE.integrationProfile, { requiredSessionLevel: 'HIGH_ASSURANCE' })
        .build(),
      findings: [
        { messageId: 'required', app: BASE.eca, resource: BASE.ecaUser, status: 'fail' },
        {
          messageId: 'required',
          app: BASE.connectedApp,
          resource: BASE.connectedAppUser,
          status: 'fail',
        },
      ],
    },
    {
      name: 'a profile that is not in the snapshot',
      snapshot: snapshot()
        .withUser(BASE.ecaUser, { profileName: 'Billing Profile', profileFullName: undefined })
        .build(),
      findings: [
        { messageId: 'profileUnknown', app: BASE.eca, resource: BASE.ecaUser, status: 'skip' },
      ],
    },
    {
      name: 'the app decides even when the profile is unknown',
      snapshot: snapshot()
        .withUser(BASE.ecaUser, { profileName: 'Billing Profile', profileFullName: undefined })
        .withApp(BASE.eca, { requiredSessionLevel: 'HIGH_ASSURANCE' })
        .build(),
      findings: [{ messageId: 'required', app: BASE.eca, resource: BASE.ecaUser, status: 'fail' }],
    },
  ],
});

describe('RG-0018', () => {
  it('reads the level tolerantly', () => {
    expect(['HIGH_ASSURANCE', 'High Assurance', 'high_assurance'].map(isHighAssurance)).toEqual([
      true,
      true,
      true,
    ]);
    expect(['STANDARD', 'LOW', '', undefined].map(isHighAssurance)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  it('names both sources when both require it', () => {
    const s = snapshot()
      .withApp(BASE.connectedApp, { requiredSessionLevel: 'HIGH_ASSURANCE' })
      .withProfileDef(BASE.integrationProfile, { requiredSessionLevel: 'HIGH_ASSURANCE' })
      .build();
    const finding = evaluate(s, [rule]).findings.find((f) => f.app === BASE.connectedApp);
    expect(finding?.message).toContain(
      `by the session policy of ${BASE.connectedApp} and the session settings of profile ${BASE.integrationProfile}: API calls`,
    );
    expect(finding?.evidence?.actual).toEqual({ app: 'HIGH_ASSURANCE', profile: 'HIGH_ASSURANCE' });
  });
});
