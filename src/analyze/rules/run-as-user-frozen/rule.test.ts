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
          messageId: 'frozen',
          app: BASE.connectedApp,
          resource: BASE.connectedAppUser,
          status: 'fail',
        },
        { messageId: 'notFrozen', app: BASE.eca, resource: BASE.ecaUser, status: 'pass' },
      ],
    },
    {
      name: 'an unknown frozen state is skipped, not passed',
      snapshot: snapshot().withUser(BASE.ecaUser, { isFrozen: undefined }).build(),
      findings: [{ messageId: 'unknown', app: BASE.eca, resource: BASE.ecaUser, status: 'skip' }],
    },
    {
      name: 'UserLogin forbidden without Manage Users',
      snapshot: snapshot()
        .failFacet('userLogin', { request: 'rest.query.UserLogin', permission: 'Manage Users' })
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
