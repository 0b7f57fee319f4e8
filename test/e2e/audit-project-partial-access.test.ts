// Project mode where one integration declares its run-as access (`runAsAccess`) and another does
// not (docs/adr/0012-rule-facets.md): each integration stands alone. The declared ones are
// evaluated exactly as with a complete manifest; the undeclared one is not-evaluated by mode,
// naming what to declare; a manifest that declares nobody leaves every access rule not-evaluated.

import { describe, expect, it } from 'vitest';

import { RULES } from '../../src/analyze/rules/index.js';
import { runAudit } from '../../src/audit/run-audit.js';
import type { AuditOutcome } from '../../src/audit/run-audit.js';
import { loadManifest } from '../../src/manifest/load.js';
import type { LoadedManifest } from '../../src/manifest/load.js';
import type { Finding } from '../../src/model/finding.js';
import { NORTHWIND } from '../helpers/emulator.js';
import { validateReport } from '../helpers/validate-report.js';

const NOW = '2026-11-25T12:00:00.000Z';
const UNDECLARED = { app: 'Ledger_Export', integration: 'ledger-export' };

/** Rules that need the run-as users' access and no user state: the ones a declaration enables. */
const ACCESS_RULES = new Set(
  RULES.filter((r) => r.meta.requires.includes('access') && !r.meta.requires.includes('users')).map(
    (r) => r.meta.id,
  ),
);

function without(loaded: LoadedManifest, apps: readonly string[]): LoadedManifest {
  const copy = structuredClone(loaded);
  for (const entry of copy.manifest.integrations ?? [])
    if (apps.includes(entry.app)) delete entry.runAsAccess;
  return copy;
}

async function audit(manifest: LoadedManifest): Promise<AuditOutcome> {
  return runAudit({ source: { kind: 'project', dir: NORTHWIND }, manifest, now: NOW });
}

const accessFindings = (findings: readonly Finding[], app?: string) =>
  findings
    .filter((f) => ACCESS_RULES.has(f.ruleId) && (app === undefined || f.app === app))
    .map((f) => ({
      rule: f.ruleId,
      app: f.app,
      resource: f.resource.name,
      status: f.status,
      messageId: f.messageId,
      message: f.message,
    }));

describe('audit --project where one integration declares runAsAccess and one does not', async () => {
  const loaded = await loadManifest(`${NORTHWIND}/runas-guard.yaml`);
  const complete = await audit(loaded);
  const partial = await audit(without(loaded, [UNDECLARED.app]));
  const apps = [...new Set(complete.report.integrations.map((i) => i.app))];
  const declared = apps.filter((a) => a !== UNDECLARED.app);

  it('has access rules to compare and integrations on both sides', () => {
    expect(ACCESS_RULES.size).toBeGreaterThan(10);
    expect(declared.length).toBeGreaterThan(1);
    expect(validateReport(partial.report)).toEqual([]);
  });

  it('evaluates the declaring integrations exactly as with the complete manifest', () => {
    for (const app of declared) {
      const got = accessFindings(partial.report.findings, app);
      expect(got.length, app).toBeGreaterThan(0);
      expect(
        got.filter((f) => f.status === 'not-evaluated'),
        app,
      ).toEqual([]);
      expect(got, app).toEqual(accessFindings(complete.report.findings, app));
    }
  });

  it('leaves the undeclared integration not-evaluated by mode, naming what to declare', () => {
    const got = accessFindings(partial.report.findings, UNDECLARED.app);
    expect(new Set(got.map((f) => f.rule))).toEqual(ACCESS_RULES);
    for (const finding of got) {
      expect(finding.status, finding.rule).toBe('not-evaluated');
      expect(finding.messageId, finding.rule).toBe('notInMode');
      expect(finding.message, finding.rule).toContain(
        `declare runAsAccess with a profile for integration ${UNDECLARED.integration} in runas-guard.yaml`,
      );
    }
    // Evaluated before the manifest lost its declaration: the gate is not a rule's own verdict.
    expect(
      accessFindings(complete.report.findings, UNDECLARED.app).some(
        (f) => f.status !== 'not-evaluated',
      ),
    ).toBe(true);
  });

  it('keeps the exit code: a mode gap is not a failed request', () => {
    expect(partial.exitCode).toBe(complete.exitCode);
  });

  it('leaves every access rule not-evaluated when no integration declares its access', async () => {
    const none = await audit(without(loaded, apps));
    const got = accessFindings(none.report.findings);
    expect(got.length).toBeGreaterThan(0);
    for (const finding of got) {
      expect(finding.status).toBe('not-evaluated');
      expect(finding.messageId).toBe('notInMode');
      expect(finding.message).toContain('add runAsAccess with a profile for');
    }
  });
});
