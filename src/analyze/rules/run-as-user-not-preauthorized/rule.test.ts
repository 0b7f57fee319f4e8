import { BASE, snapshot } from '../../../../test/helpers/snapshot-builder.js';
import { RuleTester } from '../../rule-tester.js';
import * as examples from './examples.js';
import { rule } from './rule.js';

const notPreauthorized = (b: ReturnType<typeof snapshot>) =>
  b.withApp(BASE.eca, { preAuthorizedPermissionSets: [] });

RuleTester.run(rule, {
  valid: [
    examples.pass,
    // By profile label.
    notPreauthorized(snapshot())
      .withApp(BASE.eca, { preAuthorizedProfiles: ['Minimum Access - API Only Integrations'] })
      .build(),
    // By profile full name, when the user record has only the label.
    notPreauthorized(snapshot())
      .withProfile(BASE.ecaUser, 'Standard User')
      .withApp(BASE.eca, { preAuthorizedProfiles: ['Standard'] })
      .withUser(BASE.ecaUser, { profileFullName: undefined })
      .build(),
    // Through a permission set held in a group.
    notPreauthorized(snapshot())
      .addPermissionSet('Billing_Access')
      .addPermissionSetGroup('Billing_Bundle', ['Billing_Access'])
      .assign(BASE.ecaUser, { permissionSetGroup: 'Billing_Bundle' })
      .withApp(BASE.eca, { preAuthorizedPermissionSets: ['billing_access'] })
      .build(),
  ],
  invalid: [
    {
      snapshot: examples.fail,
      findings: [
        {
          messageId: 'notPreauthorized',
          app: BASE.connectedApp,
          resource: BASE.connectedAppUser,
          status: 'fail',
        },
        { messageId: 'byPermissionSet', app: BASE.eca, resource: BASE.ecaUser, status: 'pass' },
      ],
    },
    {
      name: 'a profile label alone does not match another profile',
      snapshot: notPreauthorized(snapshot())
        .withApp(BASE.eca, { preAuthorizedProfiles: ['System Administrator'] })
        .build(),
      findings: [
        { messageId: 'notPreauthorized', app: BASE.eca, resource: BASE.ecaUser, status: 'fail' },
      ],
    },
    {
      name: 'an expired assignment no longer pre-authorizes',
      snapshot: snapshot()
        .unassign(BASE.ecaUser, BASE.ecaPermissionSet)
        .assign(BASE.ecaUser, {
          permissionSet: BASE.ecaPermissionSet,
          expirationDate: '2026-11-24T00:00:00.000Z',
        })
        .build(),
      findings: [
        { messageId: 'notPreauthorized', app: BASE.eca, resource: BASE.ecaUser, status: 'fail' },
      ],
    },
    {
      name: 'a self-authorized app is skipped',
      snapshot: notPreauthorized(snapshot()).withApp(BASE.eca, { adminApproved: false }).build(),
      findings: [
        { messageId: 'notAdminApproved', app: BASE.eca, resource: BASE.ecaUser, status: 'skip' },
      ],
    },
  ],
});
