import { BASE, snapshot } from '../../../../test/helpers/snapshot-builder.js';
import { RuleTester } from '../../rule-tester.js';
import * as examples from './examples.js';
import { rule } from './rule.js';

RuleTester.run(rule, {
  valid: [
    examples.pass,
    // An app with the flow switched off is not an integration, run-as user or not.
    snapshot()
      .withApp(BASE.eca, { clientCredentialsEnabled: false, runAsUsername: undefined })
      .build(),
    // The auditor's own app is not audited as an integration.
    {
      snapshot: snapshot().withApp(BASE.eca, { runAsUsername: undefined }).build(),
      evaluate: { settings: { auditorApps: [BASE.eca] } },
    },
  ],
  invalid: [
    {
      snapshot: examples.fail,
      findings: [
        { messageId: 'notSet', app: BASE.eca, resource: BASE.eca, status: 'fail' },
        { messageId: 'set', app: BASE.connectedApp, resource: BASE.connectedApp, status: 'pass' },
      ],
    },
    {
      name: 'a blank username counts as none',
      snapshot: snapshot().withApp(BASE.connectedApp, { runAsUsername: '  ' }).build(),
      findings: [
        {
          messageId: 'notSet',
          app: BASE.connectedApp,
          resource: BASE.connectedApp,
          status: 'fail',
        },
      ],
    },
  ],
});
