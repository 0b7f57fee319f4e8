import { BASE, snapshot } from '../../../../test/helpers/snapshot-builder.js';
import { RuleTester } from '../../rule-tester.js';
import * as examples from './examples.js';
import { rule } from './rule.js';

RuleTester.run(rule, {
  valid: [
    examples.pass,
    // A custom profile labelled "System Administrator" (or a translated label) is not the Admin
    // profile: the label alone never decides.
    snapshot()
      .withUser(BASE.ecaUser, { profileName: 'System Administrator' })
      .with((s) => {
        const profile = s.profiles[0];
        if (profile !== undefined) profile.name = 'System Administrator';
      })
      .build(),
    // Two of the three permissions are not the trio.
    snapshot().grant(BASE.ecaPermissionSet, 'ModifyAllData', 'ManageUsers').build(),
  ],
  invalid: [
    {
      snapshot: examples.fail,
      findings: [
        {
          messageId: 'adminProfile',
          app: BASE.connectedApp,
          resource: BASE.connectedAppUser,
          status: 'fail',
        },
      ],
    },
    {
      name: 'a translated admin profile is found by its full name',
      snapshot: snapshot()
        .withProfile(BASE.ecaUser, 'Admin')
        .withUser(BASE.ecaUser, { profileName: 'Systemadministrator' })
        .build(),
      findings: [
        { messageId: 'adminProfile', app: BASE.eca, resource: BASE.ecaUser, status: 'fail' },
      ],
    },
    {
      name: 'the admin trio through a permission set',
      snapshot: snapshot()
        .grant(BASE.ecaPermissionSet, 'ModifyAllData', 'CustomizeApplication', 'ManageUsers')
        .build(),
      findings: [
        { messageId: 'adminPermissions', app: BASE.eca, resource: BASE.ecaUser, status: 'fail' },
      ],
    },
  ],
});
