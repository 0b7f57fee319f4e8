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
        {
          messageId: 'locked',
          app: BASE.connectedApp,
          resource: BASE.connectedAppUser,
          status: 'fail',
        },
        { messageId: 'notLocked', app: BASE.eca, resource: BASE.ecaUser, status: 'pass' },
      ],
    },
    {
      name: 'an unknown lockout state is skipped, not passed',
      snapshot: snapshot().withUser(BASE.ecaUser, { isPasswordLocked: undefined }).build(),
      findings: [{ messageId: 'unknown', app: BASE.eca, resource: BASE.ecaUser, status: 'skip' }],
    },
    {
      name: 'project mode has no user state',
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
