import { BASE, snapshot } from '../../../../test/helpers/snapshot-builder.js';
import { RuleTester } from '../../rule-tester.js';
import * as examples from './examples.js';
import { rule } from './rule.js';

RuleTester.run(rule, {
  valid: [
    examples.pass,
    // API Only from a permission set counts.
    snapshot()
      .withProfile(BASE.connectedAppUser, 'Standard User')
      .grant(BASE.connectedAppPermissionSet, 'ApiUserOnly')
      .build(),
  ],
  invalid: [
    {
      snapshot: examples.fail,
      findings: [
        {
          messageId: 'notApiOnly',
          app: BASE.connectedApp,
          resource: BASE.connectedAppUser,
          status: 'fail',
          severity: 'medium',
        },
      ],
    },
    {
      name: 'access could not be read',
      snapshot: snapshot()
        .failFacet('access', {
          request: 'metadata.readMetadata.Profile',
          permission: 'Modify Metadata',
        })
        .build(),
      findings: [
        {
          messageId: 'requestFailed',
          app: BASE.eca,
          resource: BASE.ecaUser,
          status: 'not-evaluated',
        },
        {
          messageId: 'requestFailed',
          app: BASE.connectedApp,
          resource: BASE.connectedAppUser,
          status: 'not-evaluated',
        },
      ],
    },
  ],
});
