import { defineRule } from '../../define-rule.js';
import type { SourceSecretKind } from '../../../model/snapshot.js';
import { secretFiles } from '../../source-files.js';
import { REFERENCES } from '../references.js';

const KIND_WORDS: Readonly<Record<SourceSecretKind, string>> = {
  consumerSecret: 'a consumer secret',
  privateKey: 'a private key',
  accessToken: 'an access token',
};

export const rule = defineRule({
  id: 'RG-0026',
  slug: 'consumer-secret-in-source',
  aliases: [],
  title: 'Consumer secret or private key is present in the project',
  severity: 'critical',
  category: 'hygiene',
  tags: ['recommended'],
  // One finding per file holding a secret (lines in the message and evidence, so the fingerprint
  // survives edits above them), and one per integration whose app has none.
  scope: 'source-file',
  frameworks: { 'owasp-nhi-2025': ['NHI2'] },
  // `projectFiles` is collected only with --project; the live collector never reads consumer
  // secrets (docs/permissions.md), so a live audit is not-evaluated here.
  requires: ['apps', 'projectFiles'],
  rationale:
    "A consumer key and secret are all a client-credentials token request needs, and a private key signs JWT assertions: whoever can read the repository, a fork, a CI log or its history can act as the app's run-as user. Salesforce documents that the External Client App global OAuth settings, which hold the secret, stay out of source control.",
  remediation:
    'Remove the secret from the project and from its history, rotate it (Connected App: Manage Consumer Details > Generate a new secret; External Client App: Settings > OAuth Settings > Consumer Key and Secret > Rotate; replace the certificate of a leaked private key), and keep it in a secret store. Add extlClntAppGlobalOauthSets/ and key files to .forceignore and .gitignore.',
  references: [REFERENCES.owaspNhi, REFERENCES.ecaOauthPolicies],
  messages: {
    secretInFile:
      '{{file}} holds {{what}} ({{lines}}): anyone who can read the project or its history can request tokens as the app',
    noSecret: 'The project {{project}} holds no consumer secret or private key of {{app}}',
    noProject:
      'Not checked: {{app}} was collected from the org, where consumer secrets are never read (audit with --project)',
  },
  check(ctx) {
    const projectFiles = ctx.facet('projectFiles');
    const { project } = projectFiles;
    const files = secretFiles({ ...projectFiles, org: ctx.collection.org });
    for (const f of files) {
      const kinds = [...new Set(f.secrets.map((s) => s.kind))].sort();
      ctx.fail(
        { sourceFile: f.file, app: f.app },
        'secretInFile',
        {
          file: f.file,
          what: kinds.map((k) => KIND_WORDS[k]).join(' and '),
          lines: `line${f.secrets.length === 1 ? '' : 's'} ${f.secrets.map((s) => s.line).join(', ')}`,
        },
        {
          expected: 'no secret in source',
          actual: f.secrets.map((s) => ({ line: s.line, kind: s.kind })),
        },
      );
    }
    const withSecrets = new Set(files.map((f) => f.app));
    for (const integration of ctx.integrations) {
      if (withSecrets.has(integration.app.name)) continue;
      const data = { app: integration.app.name };
      // A live snapshot whose ledger claims the facet (older collectors mark every facet) still
      // read no project: never a pass.
      if (project === null) ctx.skip(integration, 'noProject', data);
      else ctx.pass(integration, 'noSecret', { ...data, project: project.name });
    }
  },
});
