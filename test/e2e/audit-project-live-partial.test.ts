// `--project` with a live source (project+live) where the org collection did not look up some run-as
// users (docs/adr/0012-rule-facets.md): each integration stands alone. The auditor lacks Modify
// Metadata, so the org collection reads only the External Client Apps and looks up only their
// users; the project's Connected Apps run as users nobody asked the org about. Those integrations
// are not-evaluated by the rules that read user state, naming the users and NOT_LOOKED_UP; every
// other integration is evaluated exactly as in the complete project+live audit.

import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { PER_USER_FACETS } from '../../src/analyze/engine/gating.js';
import { RULES } from '../../src/analyze/rules/index.js';
import { runAudit } from '../../src/audit/run-audit.js';
import { loadManifest } from '../../src/manifest/load.js';
import type { Finding } from '../../src/model/finding.js';
import { fixedClock } from '../../src/util/clock.js';
import { liveSource, NORTHWIND, serveFixture } from '../helpers/emulator.js';
import { validateReport } from '../helpers/validate-report.js';

const NOW = '2026-11-25T12:00:00.000Z';

/** Rules that read run-as user state (required or optional). */
const USER_RULES = new Set(
  RULES.filter((r) =>
    [...r.meta.requires, ...(r.meta.optional ?? [])].some((f) => PER_USER_FACETS.includes(f)),
  ).map((r) => r.meta.id),
);

const row = (f: Finding) => `${f.ruleId} ${f.app} ${f.resource.name} ${f.status} ${f.messageId}`;

describe('project+live where the org collection did not look up some run-as users', async () => {
  const manifest = await loadManifest(join(NORTHWIND, 'runas-guard.yaml'));
  const clock = fixedClock(new Date(NOW));
  const full = await serveFixture(NORTHWIND, { clock });
  const partial = await serveFixture(NORTHWIND, {
    clock,
    variant: (org) => {
      const auditor = org.profiles.find((p) => p.fullName === 'Admin');
      if (auditor)
        auditor.userPermissions = auditor.userPermissions.filter(
          (p) => p !== 'ModifyMetadata' && p !== 'ModifyAllData',
        );
    },
  });
  const audit = (running: typeof full) =>
    runAudit({
      source: {
        kind: 'project+live',
        dir: NORTHWIND,
        source: liveSource(running.instanceUrl, running.accessToken),
      },
      manifest,
    });
  const complete = await audit(full);
  const outcome = await audit(partial);
  const { report } = outcome;
  const connectedApps = new Set(
    outcome.snapshot.apps.filter((a) => a.type === 'ConnectedApp').map((a) => a.name),
  );
  const notLookedUp = outcome.snapshot.notLookedUp ?? [];

  it('names the users not looked up once, and exits 3', () => {
    expect(validateReport(report)).toEqual([]);
    expect(USER_RULES.size).toBeGreaterThan(20);
    expect(notLookedUp).toContain('ledger.integration@northwindtraders.com');
    expect(report.collection.failedRequests.filter((r) => r.errorCode === 'NOT_LOOKED_UP')).toEqual(
      [
        expect.objectContaining({
          request: 'rest.query.User',
          message: expect.stringContaining('ledger.integration@northwindtraders.com') as string,
        }),
      ],
    );
    expect(report.findings.some((f) => f.ruleId === 'RG-0002' && f.status === 'fail')).toBe(false);
    expect(outcome.exitCode).toBe(3);
  });

  it("the Connected Apps' integrations: user rules not-evaluated naming the user, configuration rules evaluated", () => {
    expect(connectedApps.size).toBeGreaterThan(0);
    for (const app of connectedApps) {
      const runAs = outcome.snapshot.apps.find((a) => a.name === app)?.runAsUsername ?? '';
      expect(notLookedUp, app).toContain(runAs);
      const findings = report.findings.filter((f) => f.app === app);
      const user = findings.filter((f) => USER_RULES.has(f.ruleId));
      expect(user.length, app).toBeGreaterThan(10);
      for (const f of user) {
        expect(`${f.ruleId} ${f.status} ${f.messageId}`).toBe(
          `${f.ruleId} not-evaluated requestFailed`,
        );
        expect(f.message).toContain('NOT_LOOKED_UP');
        expect(f.message).toContain(runAs);
      }
      const config = findings.filter((f) => !USER_RULES.has(f.ruleId));
      expect(config.length, app).toBeGreaterThan(0);
      expect(config.filter((f) => f.status === 'not-evaluated').map(row), app).toEqual([]);
    }
  });

  it('every other integration is evaluated as in the complete project+live audit', () => {
    const others = (fs: readonly Finding[]) =>
      fs
        .filter((f) => f.app !== undefined && !connectedApps.has(f.app))
        .map(row)
        .sort();
    const evaluated = others(report.findings);
    expect(evaluated.length).toBeGreaterThan(20);
    expect(evaluated.filter((r) => r.includes(' not-evaluated '))).toEqual([]);
    expect(evaluated).toEqual(others(complete.report.findings));
  });
});
