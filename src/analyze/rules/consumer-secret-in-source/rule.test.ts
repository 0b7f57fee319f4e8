import { describe, expect, it } from 'vitest';

import { evaluate } from '../../engine.js';
import { RuleTester } from '../../rule-tester.js';
import { BASE, snapshot } from '../../testing/snapshot-builder.js';
import * as examples from './examples.js';
import { rule } from './rule.js';

const ECA_SETTINGS =
  'force-app/main/default/extlClntAppGlobalOauthSets/Billing_Callback_glbloauth.ecaGlblOauth-meta.xml';
const project = () => snapshot().inProjectMode();

RuleTester.run(rule, {
  valid: [
    examples.pass,
    snapshot().withManifest().inProjectModeWithRunAsAccess().toCase('project mode with a manifest'),
  ],
  invalid: [
    {
      snapshot: examples.fail,
      findings: [
        {
          messageId: 'secretInFile',
          app: BASE.eca,
          resource: ECA_SETTINGS,
          status: 'fail',
          severity: 'critical',
        },
        {
          messageId: 'noSecret',
          app: BASE.connectedApp,
          resource: BASE.connectedApp,
          status: 'pass',
        },
      ],
    },
    {
      name: 'a private key file of no app, reported under the project',
      snapshot: project()
        .addSourceSecret({ file: 'certs/server.key', line: 1, kind: 'privateKey' })
        .build(),
      findings: [
        {
          messageId: 'secretInFile',
          app: 'acme-integrations',
          resource: 'certs/server.key',
          status: 'fail',
        },
      ],
    },
    {
      name: 'two secrets in one file: one finding',
      snapshot: project()
        .addSourceSecret({ file: ECA_SETTINGS, line: 9, kind: 'privateKey', app: BASE.eca })
        .addSourceSecret({ file: ECA_SETTINGS, line: 7, kind: 'consumerSecret', app: BASE.eca })
        .build(),
      findings: [
        { messageId: 'secretInFile', app: BASE.eca, resource: ECA_SETTINGS, status: 'fail' },
      ],
    },
    {
      name: 'live mode: the project files are not collected',
      snapshot: snapshot().unsupportFacet('projectFiles', 'needs --project').build(),
      findings: [
        {
          messageId: 'notInMode',
          app: BASE.eca,
          resource: BASE.eca,
          status: 'not-evaluated',
        },
        {
          messageId: 'notInMode',
          app: BASE.connectedApp,
          resource: BASE.connectedApp,
          status: 'not-evaluated',
        },
      ],
    },
    {
      name: 'a live snapshot that claims the facet anyway: never a pass',
      snapshot: snapshot().build(),
      findings: [
        { messageId: 'noProject', app: BASE.eca, resource: BASE.eca, status: 'skip' },
        {
          messageId: 'noProject',
          app: BASE.connectedApp,
          resource: BASE.connectedApp,
          status: 'skip',
        },
      ],
    },
  ],
});

describe('RG-0026 message and evidence', () => {
  it('names the file, the kinds and the lines, never a value', () => {
    const s = project()
      .addSourceSecret({ file: ECA_SETTINGS, line: 9, kind: 'privateKey', app: BASE.eca })
      .addSourceSecret({ file: ECA_SETTINGS, line: 7, kind: 'consumerSecret', app: BASE.eca })
      .build();
    const [finding] = evaluate(s, [rule]).findings.filter((f) => f.status === 'fail');
    expect(finding?.resource).toEqual({ type: 'SourceFile', name: ECA_SETTINGS });
    expect(finding?.message).toBe(
      `${ECA_SETTINGS} holds a consumer secret and a private key (lines 7, 9): anyone who can read the project or its history can request tokens as the app`,
    );
    expect(finding?.evidence).toEqual({
      expected: 'no secret in source',
      actual: [
        { line: 7, kind: 'consumerSecret' },
        { line: 9, kind: 'privateKey' },
      ],
    });
  });
});
