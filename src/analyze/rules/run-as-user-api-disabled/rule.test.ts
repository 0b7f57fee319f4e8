import { BASE, snapshot } from '../../../../test/helpers/snapshot-builder.js';
import { RuleTester } from '../../rule-tester.js';
import * as examples from './examples.js';
import { rule } from './rule.js';

const NO_API = 'Minimum Access - Salesforce';

RuleTester.run(rule, {
  valid: [
    examples.pass,
    // A permission set can grant it where the profile does not.
    snapshot().withProfile(BASE.ecaUser, NO_API).grant(BASE.ecaPermissionSet, 'ApiEnabled').build(),
  ],
  invalid: [
    {
      snapshot: examples.fail,
      findings: [{ messageId: 'disabled', app: BASE.eca, resource: BASE.ecaUser, status: 'fail' }],
    },
    {
      name: 'a session-based permission set does not count',
      snapshot: snapshot()
        .withProfile(BASE.ecaUser, NO_API)
        .grant('Api_Session', 'ApiEnabled')
        .withPermissionSet('Api_Session', { hasActivationRequired: true })
        .assign(BASE.ecaUser, { permissionSet: 'Api_Session' })
        .build(),
      findings: [{ messageId: 'disabled', app: BASE.eca, resource: BASE.ecaUser, status: 'fail' }],
    },
    {
      name: 'an expired assignment does not count',
      snapshot: snapshot()
        .withProfile(BASE.ecaUser, NO_API)
        .grant('Api_Temp', 'ApiEnabled')
        .assign(BASE.ecaUser, {
          permissionSet: 'Api_Temp',
          expirationDate: '2026-11-01T00:00:00.000Z',
        })
        .build(),
      findings: [{ messageId: 'disabled', app: BASE.eca, resource: BASE.ecaUser, status: 'fail' }],
    },
    {
      name: 'a profile missing from the snapshot is an error, not a pass',
      snapshot: snapshot()
        .withUser(BASE.ecaUser, { profileName: 'Ghost', profileFullName: 'Ghost' })
        .build(),
      findings: [
        { messageId: 'accessUnresolved', app: BASE.eca, resource: BASE.ecaUser, status: 'error' },
      ],
    },
  ],
});
