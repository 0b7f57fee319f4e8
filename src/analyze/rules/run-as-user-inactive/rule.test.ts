import { BASE, snapshot } from '../../../../test/helpers/snapshot-builder.js';
import { RuleTester } from '../../rule-tester.js';
import * as examples from './examples.js';
import { rule } from './rule.js';

RuleTester.run(rule, {
  valid: [examples.pass],
  invalid: [
    {
      snapshot: examples.fail,
      findings: [
        { messageId: 'inactive', app: BASE.eca, resource: BASE.ecaUser, status: 'fail' },
        {
          messageId: 'active',
          app: BASE.connectedApp,
          resource: BASE.connectedAppUser,
          status: 'pass',
        },
      ],
    },
    {
      name: 'a missing user is skipped, not passed',
      snapshot: snapshot().removeUser(BASE.connectedAppUser).build(),
      findings: [
        {
          messageId: 'userNotFound',
          app: BASE.connectedApp,
          resource: BASE.connectedAppUser,
          status: 'skip',
        },
        { messageId: 'active', app: BASE.eca, resource: BASE.ecaUser, status: 'pass' },
      ],
    },
    {
      name: 'User records forbidden: not evaluated, naming the request',
      snapshot: snapshot()
        .failFacet('users', {
          request: 'rest.query.User',
          permission: 'View Setup and Configuration',
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
