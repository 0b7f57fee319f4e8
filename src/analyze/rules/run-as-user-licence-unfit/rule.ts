import { profileOf } from '../../access.js';
import { defineRule } from '../../define-rule.js';
import { licenceFitness } from '../../../model/policy/index.js';
import { REFERENCES } from '../references.js';

export const rule = defineRule({
  id: 'RG-0006',
  slug: 'run-as-user-licence-unfit',
  aliases: [],
  title: 'Run-as user has a licence unfit for an integration',
  severity: 'high',
  severities: ['low'],
  category: 'identity',
  tags: ['recommended'],
  scope: 'run-as-user',
  frameworks: { 'owasp-nhi-2025': ['NHI10'], 'nist-csf-2.0': ['PR.AA-01'] },
  requires: ['apps', 'access'],
  rationale:
    'A licence without API access (Chatter Free, Chatter External, most community licences) cannot call the API at all. A full Salesforce or Salesforce Platform licence works, but spends a seat meant for a person and lets the account be used interactively; Salesforce provides the Salesforce Integration licence for this purpose.',
  remediation:
    "Create an integration user with the Salesforce Integration licence and the Minimum Access - API Only Integrations profile (Setup > Users > New User), assign it the Salesforce API Integration permission set licence and a permission set with the access the integration needs, and set it as the app's Run As user.",
  references: [REFERENCES.integrationUserBlog, REFERENCES.connectedAppClientCredentials],
  messages: {
    noApi:
      '{{username}}, the run-as user of {{app}}, has the {{licence}} licence, which cannot use the API',
    humanLicence:
      '{{username}}, the run-as user of {{app}}, has the full {{licence}} licence meant for people, where the Salesforce Integration licence fits',
    integrationLicence:
      '{{username}}, the run-as user of {{app}}, has the Salesforce Integration licence',
    limitedLicence:
      '{{username}}, the run-as user of {{app}}, has the {{licence}} licence, which can use the API',
    unknownLicence:
      "The {{licence}} licence of {{username}}, the run-as user of {{app}}, is not in runas-guard's licence table: its fitness is not judged",
    licenceNotCollected:
      'The licence of {{username}}, the run-as user of {{app}}, was not collected',
  },
  check(ctx) {
    for (const integration of ctx.runAsUsers()) {
      const { user, username } = integration;
      const app = integration.app.name;
      const licence = user.userLicense ?? profileOf(ctx.facet('access'), user)?.userLicense;
      if (licence === undefined) {
        ctx.skip(integration, 'licenceNotCollected', { app, username });
        continue;
      }
      const data = { app, username, licence };
      const evidence = { expected: 'Salesforce Integration', actual: licence };
      switch (licenceFitness(licence)) {
        case 'integration':
          ctx.pass(integration, 'integrationLicence', data);
          break;
        case 'limited':
          ctx.pass(integration, 'limitedLicence', data);
          break;
        case 'human':
          ctx.fail(integration, 'humanLicence', data, evidence, { severity: 'low' });
          break;
        case 'no-api':
          ctx.fail(integration, 'noApi', data, evidence, { severity: 'high' });
          break;
        case undefined:
          ctx.skip(integration, 'unknownLicence', data);
      }
    }
  },
});
