import { BASE, snapshot } from '../../../../test/helpers/snapshot-builder.js';
import { RuleTester } from '../../rule-tester.js';
import * as examples from './examples.js';
import { rule } from './rule.js';

const UAT = `${BASE.connectedAppUser}.uat`;

RuleTester.run(rule, {
  valid: [
    examples.pass,
    // Usernames are case-insensitive.
    snapshot().withApp(BASE.eca, { runAsUsername: BASE.ecaUser.toUpperCase() }).build(),
  ],
  invalid: [
    {
      snapshot: examples.fail,
      findings: [
        { messageId: 'notFound', app: BASE.connectedApp, resource: UAT, status: 'fail' },
        { messageId: 'found', app: BASE.eca, resource: BASE.ecaUser, status: 'pass' },
      ],
    },
    {
      name: 'the user record is gone',
      snapshot: snapshot().removeUser(BASE.ecaUser).build(),
      findings: [{ messageId: 'notFound', app: BASE.eca, resource: BASE.ecaUser, status: 'fail' }],
    },
    {
      name: 'project mode cannot tell without user records',
      snapshot: snapshot().inProjectMode().build(),
      findings: [
        { messageId: 'notInMode', app: BASE.eca, resource: BASE.ecaUser, status: 'not-evaluated' },
        {
          messageId: 'notInMode',
          app: BASE.connectedApp,
          resource: BASE.connectedAppUser,
          status: 'not-evaluated',
        },
      ],
    },
  ],
});
