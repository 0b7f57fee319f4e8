// The engine's side of the manifest: settings and sandbox suffix from the manifest, and the two
// scopes whose resources are not integrations (manifest entries, project files).

import { describe, expect, it } from 'vitest';

import type { Finding } from '../model/finding.js';
import { defineRule } from './define-rule.js';
import type { RuleScope } from './define-rule.js';
import { evaluate } from './engine.js';
import { fingerprintOf } from './fingerprint.js';
import type { RuleContext } from './types.js';
import { BASE, BASE_MANIFEST, baseManifest, snapshot } from './testing/snapshot-builder.js';

type Check = (ctx: RuleContext<'seen'>) => void;

function testRule(
  scope: RuleScope,
  check: Check,
  requires: ('apps' | 'projectFiles')[] = ['apps'],
) {
  return defineRule({
    id: 'RG-9101',
    slug: 'test-manifest-rule',
    aliases: [],
    title: 'Test rule reads the manifest',
    severity: 'high',
    category: 'hygiene',
    tags: [],
    scope,
    frameworks: {},
    requires,
    rationale: 'A rule that exists only to exercise the engine in tests.',
    remediation: 'Nothing to change: this rule exists only in tests.',
    references: [],
    messages: { seen: '{{what}}' },
    check,
  });
}

const brief = (findings: readonly Finding[]) =>
  findings.map((f) => `${f.status} ${f.app} ${f.resource.type} ${f.resource.name}`);

describe('evaluate: the manifest', () => {
  it('hands the manifest to rules and takes auditorApps and windows from its settings', () => {
    const seen: unknown[] = [];
    const rule = testRule('app', (ctx) => {
      seen.push(ctx.manifest?.integrations?.length, ctx.settings);
      for (const i of ctx.integrations) ctx.pass(i, 'seen', { what: i.app.name });
    });
    const manifest = baseManifest();
    manifest.settings = { auditorApps: [BASE.connectedApp], expiringAssignmentDays: 30 };
    const result = evaluate(snapshot().build(), [rule], { manifest });
    expect(brief(result.findings)).toEqual([
      `pass ${BASE.eca} ExternalClientApplication ${BASE.eca}`,
    ]);
    expect(result.warnings).toEqual([
      `${BASE.connectedApp} is the auditor's own app (settings.auditorApps): not audited as an integration`,
    ]);
    expect(seen).toEqual([
      2,
      { auditorApps: [BASE.connectedApp], expiringAssignmentDays: 30, dormantDays: 90 },
    ]);
  });

  it('lets explicit settings win over the manifest', () => {
    let days = 0;
    const rule = testRule('app', (ctx) => {
      days = ctx.settings.expiringAssignmentDays;
    });
    const manifest = { ...baseManifest(), settings: { expiringAssignmentDays: 30 } };
    evaluate(snapshot().build(), [rule], { manifest, settings: { expiringAssignmentDays: 7 } });
    expect(days).toBe(7);
  });

  it('freezes the manifest: a rule cannot change what the next one reads', () => {
    const rule = testRule('app', (ctx) => {
      (ctx.manifest?.integrations ?? []).pop();
    });
    const manifest = baseManifest();
    const result = evaluate(snapshot().build(), [rule], { manifest });
    expect(result.findings.every((f) => f.status === 'error')).toBe(true);
    expect(manifest.integrations).toHaveLength(2);
  });

  it("resolves the sandbox suffix: the flag, else the manifest's for a sandbox", () => {
    const suffixes: (string | undefined)[] = [];
    const rule = testRule('app', (ctx) => {
      suffixes.push(ctx.sandboxSuffix);
    });
    const manifest = { ...baseManifest(), settings: { sandboxSuffix: 'uat' } };
    const sandbox = snapshot()
      .with((s) => {
        if (s.org !== null) s.org.isSandbox = true;
      })
      .build();
    evaluate(sandbox, [rule], { manifest });
    evaluate(sandbox, [rule], { manifest, sandboxSuffix: '.qa' });
    evaluate(snapshot().build(), [rule], { manifest });
    expect(suffixes).toEqual(['uat', 'qa', undefined]);
  });

  it('strips the resolved suffix from usernames in fingerprints', () => {
    const rule = defineRule({
      ...testRule('run-as-user', () => undefined).meta,
      check(ctx) {
        for (const i of ctx.runAsUsers()) ctx.pass(i, 'seen', { what: i.username });
      },
    });
    const sandbox = snapshot()
      .with((s) => {
        if (s.org !== null) s.org.isSandbox = true;
        for (const app of s.apps) if (app.runAsUsername) app.runAsUsername += '.uat';
        for (const user of s.users) user.username += '.uat';
      })
      .build();
    const manifest = { ...baseManifest(), settings: { sandboxSuffix: 'uat' } };
    const [finding] = evaluate(sandbox, [rule], { manifest }).findings;
    expect(finding?.fingerprint).toBe(
      fingerprintOf({
        ruleId: 'RG-9101',
        orgKey: BASE.orgId,
        app: BASE.eca,
        resource: { type: 'User', name: BASE.ecaUser },
      }),
    );
  });
});

describe('evaluate: manifest-integration scope', () => {
  it('reports on manifest entries under the app they name, and is not-evaluated per entry', () => {
    const rule = testRule('manifest-integration', (ctx) => {
      for (const entry of ctx.manifest?.integrations ?? [])
        ctx.pass(entry, 'seen', { what: entry.name });
    });
    const manifest = baseManifest();
    manifest.integrations?.push({ name: 'payroll-sync', app: 'Payroll_Sync' });
    const expected = [
      `${BASE.eca} ManifestIntegration ${BASE_MANIFEST.eca}`,
      `${BASE.connectedApp} ManifestIntegration ${BASE_MANIFEST.connectedApp}`,
      'Payroll_Sync ManifestIntegration payroll-sync',
    ];
    expect(brief(evaluate(snapshot().build(), [rule], { manifest }).findings)).toEqual(
      expected.map((e) => `pass ${e}`),
    );
    const failed = snapshot().failFacet('apps').build();
    expect(brief(evaluate(failed, [rule], { manifest }).findings)).toEqual(
      expected.map((e) => `not-evaluated ${e}`),
    );
    expect(evaluate(snapshot().build(), [rule]).findings).toEqual([]);
  });

  it('refuses other resources', () => {
    const rule = testRule('manifest-integration', (ctx) => {
      for (const i of ctx.integrations) ctx.pass(i, 'seen', { what: i.app.name });
    });
    const result = evaluate(snapshot().build(), [rule], { manifest: baseManifest() });
    expect(result.findings.map((f) => f.status)).toEqual(['error', 'error']);
    expect(result.warnings[0]).toContain('reports on manifest integrations');
  });

  it('keeps an app-scope rule from reporting on a manifest entry', () => {
    const rule = testRule('app', (ctx) => {
      const [entry] = ctx.manifest?.integrations ?? [];
      if (entry !== undefined) ctx.pass(entry, 'seen', { what: entry.name });
    });
    const result = evaluate(snapshot().build(), [rule], { manifest: baseManifest() });
    expect(result.warnings[0]).toContain('cannot report on this resource');
  });
});

describe('evaluate: source-file scope', () => {
  const withSecrets = () =>
    snapshot()
      .inProjectMode()
      .addSourceSecret({ file: 'b.xml', line: 3, kind: 'consumerSecret', app: BASE.eca })
      .addSourceSecret({ file: 'a.key', line: 1, kind: 'privateKey' });

  it('names files and clean integrations alike when the rule cannot run', () => {
    const rule = testRule('source-file', () => undefined, ['apps', 'projectFiles']);
    const s = withSecrets().unsupportFacet('projectFiles', 'needs --project').build();
    expect(brief(evaluate(s, [rule]).findings)).toEqual([
      `not-evaluated ${BASE.eca} SourceFile b.xml`,
      `not-evaluated ${BASE.connectedApp} ConnectedApp ${BASE.connectedApp}`,
      'not-evaluated acme-integrations SourceFile a.key',
    ]);
  });

  it('reports a file under its app, or the project, and an integration as its app', () => {
    const rule = testRule(
      'source-file',
      (ctx) => {
        ctx.fail({ sourceFile: 'a.key', app: 'acme-integrations' }, 'seen', { what: 'key' });
        const [first] = ctx.integrations;
        if (first !== undefined) ctx.pass(first, 'seen', { what: 'clean' });
      },
      ['apps', 'projectFiles'],
    );
    expect(brief(evaluate(withSecrets().build(), [rule]).findings)).toEqual([
      `pass ${BASE.eca} ExternalClientApplication ${BASE.eca}`,
      'fail acme-integrations SourceFile a.key',
    ]);
  });
});
