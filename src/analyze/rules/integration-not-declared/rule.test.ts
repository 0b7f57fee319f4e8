import { RuleTester } from '../../rule-tester.js';
import { BASE, snapshot } from '../../testing/snapshot-builder.js';
import * as examples from './examples.js';
import { rule } from './rule.js';

const eca = { app: BASE.eca, resource: BASE.eca };
const ledger = { app: BASE.connectedApp, resource: BASE.connectedApp };
const base = () => snapshot().withManifest();

RuleTester.run(rule, {
  valid: [
    { snapshot: examples.pass, evaluate: { manifest: examples.manifest } },
    base()
      .addIntegration({ app: 'RunAs_Guard_Auditor', username: 'auditor@acme.com' })
      .withManifestSettings({ auditorApps: ['RunAs_Guard_Auditor'] })
      .toCase("the auditor's own app (settings.auditorApps) is not an integration"),
    base()
      .addIntegration({
        app: 'Old_Export',
        username: 'old.integration@acme.com',
        appPatch: { clientCredentialsEnabled: false },
      })
      .toCase('an app without the flow is not an integration'),
    base()
      .withDeclared(BASE.eca, { app: BASE.eca.toUpperCase() })
      .toCase('developer names ignore case'),
    base().inProjectModeWithRunAsAccess().toCase('project mode'),
  ],
  invalid: [
    {
      snapshot: examples.fail,
      evaluate: { manifest: examples.manifest },
      findings: [
        {
          messageId: 'undeclared',
          app: 'Forecast_Sync',
          resource: 'Forecast_Sync',
          status: 'fail',
          severity: 'medium',
        },
      ],
    },
    {
      ...base().undeclare(BASE.connectedApp).toCase('an entry removed'),
      findings: [{ messageId: 'undeclared', ...ledger, status: 'fail' }],
    },
    {
      ...base()
        .addIntegration({ app: 'RunAs_Guard_Auditor', username: 'auditor@acme.com' })
        .toCase('an auditor app not named in settings.auditorApps is an integration'),
      findings: [
        {
          messageId: 'undeclared',
          app: 'RunAs_Guard_Auditor',
          resource: 'RunAs_Guard_Auditor',
          status: 'fail',
        },
      ],
    },
    {
      name: 'no manifest: not checked',
      snapshot: examples.pass,
      findings: [
        { messageId: 'noManifest', ...eca, status: 'skip' },
        { messageId: 'noManifest', ...ledger, status: 'skip' },
      ],
    },
  ],
});
