import { describe, expect, it } from 'vitest';

import { evaluate } from '../../engine.js';
import { RuleTester } from '../../rule-tester.js';
import { BASE, snapshot } from '../../testing/snapshot-builder.js';
import * as examples from './examples.js';
import { rule } from './rule.js';

const eca = { app: BASE.eca, resource: BASE.eca };
const ledger = { app: BASE.connectedApp, resource: BASE.connectedApp };
const base = () => snapshot().withManifest();

/** The base as a refreshed sandbox `uat`: every username carries `.uat`. */
const uatSandbox = () =>
  base().with((s) => {
    if (s.org !== null) s.org.isSandbox = true;
    for (const app of s.apps) if (app.runAsUsername) app.runAsUsername += '.uat';
    for (const user of s.users) user.username += '.uat';
    for (const a of s.assignments) a.username += '.uat';
  });

RuleTester.run(rule, {
  valid: [
    { snapshot: examples.pass, evaluate: { manifest: examples.manifest } },
    base()
      .withApp(BASE.eca, { runAsUsername: BASE.ecaUser.toUpperCase() })
      .toCase('usernames ignore case'),
    {
      ...uatSandbox().toCase('a sandbox with --sandbox-suffix'),
      evaluate: { manifest: examples.manifest, sandboxSuffix: 'uat' },
    },
    uatSandbox()
      .withManifestSettings({ sandboxSuffix: 'uat' })
      .toCase("a sandbox with the manifest's sandboxSuffix"),
    base().inProjectModeWithRunAsAccess().toCase('project mode: runAs from the metadata'),
  ],
  invalid: [
    {
      snapshot: examples.fail,
      evaluate: { manifest: examples.manifest },
      findings: [{ messageId: 'unexpected', ...ledger, status: 'fail', severity: 'high' }],
    },
    {
      ...uatSandbox().toCase('a sandbox without a known suffix: nothing is guessed'),
      findings: [
        { messageId: 'unexpected', ...eca, status: 'fail' },
        { messageId: 'unexpected', ...ledger, status: 'fail' },
      ],
    },
    {
      ...base()
        .withApp(BASE.eca, { runAsUsername: `${BASE.ecaUser}.uat` })
        .toCase('production: a suffixed username is another user'),
      evaluate: { manifest: examples.manifest, sandboxSuffix: 'uat' },
      findings: [{ messageId: 'unexpected', ...eca, status: 'fail' }],
    },
    {
      name: 'no manifest: not checked',
      snapshot: examples.fail,
      findings: [
        { messageId: 'noManifest', ...eca, status: 'skip' },
        { messageId: 'noManifest', ...ledger, status: 'skip' },
      ],
    },
    {
      ...base().undeclare(BASE.eca).toCase('an app without a manifest entry'),
      findings: [{ messageId: 'notDeclared', ...eca, status: 'skip' }],
    },
    {
      ...base().withDeclared(BASE.eca, { runAs: undefined }).toCase('an entry without runAs'),
      findings: [{ messageId: 'noRunAsDeclared', ...eca, status: 'skip' }],
    },
    {
      ...base()
        .withApp(BASE.eca, { runAsUsername: undefined })
        .toCase('an app without run-as user'),
      findings: [{ messageId: 'noRunAs', ...eca, status: 'skip' }],
    },
  ],
});

describe('RG-0029 message and evidence', () => {
  it('names both usernames', () => {
    const [finding] = evaluate(examples.fail, [rule], {
      manifest: examples.manifest,
    }).findings.filter((f) => f.status === 'fail');
    expect(finding?.resource).toEqual({ type: 'ConnectedApp', name: BASE.connectedApp });
    expect(finding?.message).toBe(
      `${BASE.connectedApp} runs as ${BASE.ecaUser}, but the manifest entry ledger-export declares ${BASE.connectedAppUser}`,
    );
    expect(finding?.evidence).toEqual({ expected: BASE.connectedAppUser, actual: BASE.ecaUser });
  });
});
