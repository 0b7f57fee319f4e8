import { BASE, snapshot } from '../../../../test/helpers/snapshot-builder.js';
import { RuleTester } from '../../rule-tester.js';
import * as examples from './examples.js';
import { rule } from './rule.js';

RuleTester.run(rule, {
  valid: [
    examples.pass,
    // The licence comes from the profile when the user record does not carry it.
    snapshot().withUser(BASE.ecaUser, { userLicense: undefined }).build(),
  ],
  invalid: [
    {
      snapshot: examples.fail,
      findings: [
        {
          messageId: 'noApi',
          app: BASE.connectedApp,
          resource: BASE.connectedAppUser,
          status: 'fail',
          severity: 'high',
        },
      ],
    },
    {
      name: 'a full human licence is low',
      snapshot: snapshot().withProfile(BASE.ecaUser, 'Standard User').build(),
      findings: [
        {
          messageId: 'humanLicence',
          app: BASE.eca,
          resource: BASE.ecaUser,
          status: 'fail',
          severity: 'low',
        },
      ],
    },
    {
      name: 'Salesforce Platform is a human licence too',
      snapshot: snapshot().withUser(BASE.ecaUser, { userLicense: 'Salesforce Platform' }).build(),
      findings: [
        {
          messageId: 'humanLicence',
          app: BASE.eca,
          resource: BASE.ecaUser,
          status: 'fail',
          severity: 'low',
        },
      ],
    },
    {
      name: 'an unknown licence is skipped, not passed',
      snapshot: snapshot().withUser(BASE.ecaUser, { userLicense: 'Work.com Only' }).build(),
      findings: [
        { messageId: 'unknownLicence', app: BASE.eca, resource: BASE.ecaUser, status: 'skip' },
      ],
    },
    {
      name: 'no licence on the user and no profile to read it from',
      snapshot: snapshot()
        .withUser(BASE.ecaUser, {
          userLicense: undefined,
          profileName: 'Ghost',
          profileFullName: 'Ghost',
        })
        .build(),
      findings: [
        { messageId: 'licenceNotCollected', app: BASE.eca, resource: BASE.ecaUser, status: 'skip' },
      ],
    },
  ],
});
