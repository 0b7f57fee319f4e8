import { describe, expect, it } from 'vitest';

import { evaluate } from '../../engine.js';
import { RuleTester } from '../../rule-tester.js';
import { BASE, BASE_MANIFEST, snapshot } from '../../testing/snapshot-builder.js';
import * as examples from './examples.js';
import { rule } from './rule.js';

const eca = { app: BASE.eca, resource: BASE_MANIFEST.eca };
const ledger = { app: BASE.connectedApp, resource: BASE_MANIFEST.connectedApp };
const base = () => snapshot().withManifest();

RuleTester.run(rule, {
  valid: [
    { snapshot: examples.pass, evaluate: { manifest: examples.manifest } },
    base()
      .withDeclared(BASE.connectedApp, { app: BASE.connectedApp.toLowerCase() })
      .toCase('developer names ignore case'),
    base().inProjectModeWithRunAsAccess().toCase('project mode'),
    base().removeApp(BASE.eca).undeclare(BASE.eca).toCase('an app removed together with its entry'),
  ],
  invalid: [
    {
      snapshot: examples.fail,
      evaluate: { manifest: examples.manifest },
      findings: [{ messageId: 'flowDisabled', ...ledger, status: 'fail', severity: 'high' }],
    },
    {
      ...base().removeApp(BASE.eca).toCase('the app is not in the org'),
      findings: [{ messageId: 'appMissing', ...eca, status: 'fail' }],
    },
    {
      ...base()
        .declare({ name: 'payroll-sync', app: 'Payroll_Sync', runAs: 'payroll@acme.com' })
        .toCase('an entry for an app never deployed'),
      findings: [
        { messageId: 'appMissing', app: 'Payroll_Sync', resource: 'payroll-sync', status: 'fail' },
      ],
    },
    {
      ...base()
        .withApp(BASE.eca, {
          clientCredentialsEnabled: false,
          policyClientCredentialsEnabled: false,
        })
        .inProjectModeWithRunAsAccess()
        .toCase('project mode: an ECA whose policy switch is off'),
      findings: [{ messageId: 'flowDisabled', ...eca, status: 'fail' }],
    },
  ],
});

describe('RG-0037 resources', () => {
  it('reports on the manifest integration, under the app it names', () => {
    const findings = evaluate(snapshot().removeApp(BASE.eca).build(), [rule], {
      manifest: examples.manifest,
    }).findings;
    expect(findings.map((f) => [f.status, f.app, f.resource])).toEqual([
      ['fail', BASE.eca, { type: 'ManifestIntegration', name: BASE_MANIFEST.eca }],
      [
        'pass',
        BASE.connectedApp,
        { type: 'ManifestIntegration', name: BASE_MANIFEST.connectedApp },
      ],
    ]);
    expect(findings[0]?.message).toBe(
      `The manifest integration ${BASE_MANIFEST.eca} names ${BASE.eca}, which is not among the Connected Apps and External Client Apps of the org`,
    );
  });

  it('examines nothing without a manifest', () => {
    expect(evaluate(examples.fail, [rule]).findings).toEqual([]);
  });

  it('examines a name listed twice once', () => {
    const builder = base().declare({ name: BASE_MANIFEST.eca, app: 'Other_App' });
    const manifest = builder.manifest();
    const findings = evaluate(builder.build(), [rule], manifest ? { manifest } : {}).findings;
    expect(findings.map((f) => f.resource.name)).toEqual([
      BASE_MANIFEST.eca,
      BASE_MANIFEST.connectedApp,
    ]);
  });
});
