import { describe, expect, it } from 'vitest';

import { BASE, snapshot, type SnapshotBuilder } from '../analyze/testing/snapshot-builder.js';
import { runAudit } from '../audit/run-audit.js';
import { diffStates, type DriftInput } from './diff.js';
import { renderDriftJson, renderDriftText } from './render.js';
import type { DriftChange, DriftReport } from './report.js';
import { findingStatesOf, integrationStatesOf } from './state.js';

const TOOL = { name: 'runas-guard', version: 'test' };
const BILLING = 'billing-callback';
const LEDGER = 'ledger-export';

async function sideOf(label: string, builder: SnapshotBuilder): Promise<DriftInput> {
  const snap = builder.build();
  const manifest = builder.manifest();
  const { report } = await runAudit({
    source: { kind: 'given', snapshot: snap },
    manifest: manifest === undefined ? undefined : { file: 'm.yaml', manifest, warnings: [] },
    allowIncomplete: true,
    generatedAt: snap.collectedAt,
  });
  return {
    side: { label },
    integrations: integrationStatesOf(snap, report, manifest),
    findings: findingStatesOf(report),
  };
}

async function drift(
  from: SnapshotBuilder,
  to: SnapshotBuilder,
  sandboxSuffix?: string,
): Promise<DriftReport> {
  return diffStates(await sideOf('day 1', from), await sideOf('day 2', to), {
    kind: 'monitor-diff',
    tool: TOOL,
    generatedAt: '2026-11-26T12:00:00.000Z',
    sandboxSuffix,
  });
}

function changesOf(report: DriftReport, integration: string): DriftChange[] {
  const found = report.integrations.find((i) => i.integration === integration);
  if (found === undefined) throw new Error(`no ${integration}`);
  return found.changes;
}

describe('diffStates', () => {
  it('finds nothing between two identical states', async () => {
    const report = await drift(snapshot().withManifest(), snapshot().withManifest());
    expect(report.summary).toMatchObject({ integrations: 2, changed: 0, changes: 0, breaking: 0 });
    expect(report.integrations.map((i) => i.integration)).toEqual([BILLING, LEDGER]);
    expect(renderDriftText(report)).toContain(`Unchanged: ${BILLING}, ${LEDGER}`);
  });

  it('a frozen run-as user is a breaking user change and a new RG-0004 failure', async () => {
    const report = await drift(
      snapshot().withManifest(),
      snapshot().withManifest().withUser(BASE.ecaUser, { isFrozen: true }),
    );
    const changes = changesOf(report, BILLING);
    expect(changes.map((c) => [c.kind, c.breaks])).toEqual([
      ['user', [BILLING]],
      ['finding', [BILLING]],
    ]);
    expect(changes[0]).toMatchObject({ field: 'frozen', from: false, to: true });
    expect(changes[1]).toMatchObject({ change: 'new', ruleId: 'RG-0004', to: 'fail' });
    expect(changesOf(report, LEDGER)).toEqual([]);
    expect(report.summary).toMatchObject({
      changed: 1,
      changes: 2,
      breaking: 2,
      broken: [BILLING],
    });
    // Unfreezing resolves it, and breaks nothing.
    const back = await drift(
      snapshot().withManifest().withUser(BASE.ecaUser, { isFrozen: true }),
      snapshot().withManifest(),
    );
    expect(changesOf(back, BILLING).map((c) => [c.kind, c.breaks.length])).toEqual([
      ['user', 0],
      ['finding', 0],
    ]);
    expect(changesOf(back, BILLING)[1]).toMatchObject({ change: 'resolved', ruleId: 'RG-0004' });
  });

  it('an unassigned permission set loses each grant with its container; declared needs break', async () => {
    const from = snapshot().withManifest();
    const to = snapshot().withManifest().unassign(BASE.ecaUser, BASE.ecaPermissionSet);
    const changes = changesOf(await drift(from, to), BILLING);
    const lost = changes.filter((c) => c.kind === 'access');
    expect(lost.map((c) => c.kind === 'access' && [c.change, c.grant, c.container])).toEqual([
      ['lost', 'field:Account.Billing_Status__c:read', BASE.ecaPermissionSet],
      ['lost', 'field:Invoice__c.Amount__c:read', BASE.ecaPermissionSet],
      ['lost', 'object:Account:read', BASE.ecaPermissionSet],
      ['lost', 'object:Invoice__c:create', BASE.ecaPermissionSet],
      ['lost', 'object:Invoice__c:edit', BASE.ecaPermissionSet],
      ['lost', 'object:Invoice__c:read', BASE.ecaPermissionSet],
    ]);
    expect(lost.every((c) => c.breaks.join() === BILLING)).toBe(true);
    expect(lost[4]?.text).toBe(`loses Invoice__c edit (${BASE.ecaPermissionSet})`);
    // The app pre-authorizes by that set.
    expect(changes.find((c) => c.kind === 'preAuthorization')).toMatchObject({
      from: true,
      to: false,
      breaks: [BILLING],
    });
  });

  it('without a manifest a lost grant breaks nothing, a new breaking failure still does', async () => {
    const report = await drift(
      snapshot(),
      snapshot().unassign(BASE.ecaUser, BASE.ecaPermissionSet),
    );
    const changes = changesOf(report, BASE.eca);
    expect(changes.filter((c) => c.kind === 'access').every((c) => c.breaks.length === 0)).toBe(
      true,
    );
    const newFailures = changes.filter((c) => c.kind === 'finding' && c.change === 'new');
    expect(newFailures.map((c) => c.kind === 'finding' && [c.ruleId, c.breaks])).toContainEqual([
      'RG-0038',
      [BASE.eca],
    ]);
  });

  it('a grant that moves to another container is lost and gained, and breaks nothing', async () => {
    const to = snapshot()
      .withManifest()
      .addPermissionSet('Billing_Copy', {
        objectPermissions: structuredClone(
          snapshot().build().permissionSets[0]?.objectPermissions ?? {},
        ),
        fieldPermissions: structuredClone(
          snapshot().build().permissionSets[0]?.fieldPermissions ?? {},
        ),
      })
      .assign(BASE.ecaUser, { permissionSet: 'Billing_Copy' })
      .unassign(BASE.ecaUser, BASE.ecaPermissionSet)
      .withApp(BASE.eca, { preAuthorizedPermissionSets: ['Billing_Copy'] });
    const changes = changesOf(await drift(snapshot().withManifest(), to), BILLING);
    const access = changes.filter((c) => c.kind === 'access');
    expect(access.length).toBe(12);
    expect(access.filter((c) => c.kind === 'access' && c.change === 'gained').length).toBe(6);
    expect(changes.every((c) => c.breaks.length === 0)).toBe(true);
  });

  it('a shared run-as user: one change, one key, under each integration, breaking both', async () => {
    const shared = (): SnapshotBuilder =>
      snapshot().addIntegration({ app: 'Billing_Refunds', username: BASE.ecaUser });
    const report = await drift(shared(), shared().withUser(BASE.ecaUser, { isActive: false }));
    const a = changesOf(report, BASE.eca).find((c) => c.kind === 'user');
    const b = changesOf(report, 'Billing_Refunds').find((c) => c.kind === 'user');
    expect(a?.key).toBeDefined();
    expect(a?.key).toBe(b?.key);
    expect(a?.breaks).toEqual(['Billing_Callback', 'Billing_Refunds']);
    expect(b?.breaks).toEqual(a?.breaks);
    // Counted once in the summary.
    expect(report.summary.byKind.user).toBe(1);
  });

  it('unknown is not false: user state or access not collected is never a change', async () => {
    const from = snapshot().withManifest();
    const to = snapshot()
      .withManifest()
      .withUser(BASE.ecaUser, { isActive: false })
      .failFacet('users')
      .failFacet('access');
    const report = await drift(from, to);
    const billing = report.integrations.find((i) => i.integration === BILLING);
    expect(billing?.changes.filter((c) => c.kind === 'user' || c.kind === 'access')).toEqual([]);
    expect(billing?.notCompared).toEqual([
      'run-as user state not collected on the to side',
      'effective access not collected on the to side',
    ]);
    expect(renderDriftText(report)).toContain(
      '? not compared: run-as user state not collected on the to side',
    );
  });

  it('a sandbox suffix makes the sandbox usernames the production ones', async () => {
    const sandbox = (): SnapshotBuilder =>
      snapshot().with((s) => {
        for (const u of s.users) u.username = `${u.username}.uat`;
        for (const a of s.apps) a.runAsUsername = `${a.runAsUsername ?? ''}.uat`;
        for (const x of s.assignments) x.username = `${x.username}.uat`;
        for (const l of s.loginHistory) l.username = `${l.username}.uat`;
        if (s.org !== null) s.org.isSandbox = true;
      });
    const without = await drift(snapshot(), sandbox());
    expect(changesOf(without, BASE.eca)[0]).toMatchObject({
      kind: 'runAs',
      from: BASE.ecaUser,
      to: `${BASE.ecaUser}.uat`,
      breaks: [],
    });
    const withSuffix = await drift(snapshot(), sandbox(), 'uat');
    expect(withSuffix.summary.changes).toBe(0);
    expect(withSuffix.sandboxSuffix).toBe('uat');
  });

  it('policy changes are listed per key; losing the api scope breaks through RG-0019', async () => {
    const report = await drift(
      snapshot(),
      snapshot().withApp(BASE.eca, { scopes: ['Full', 'RefreshToken'], ipRelaxation: 'Bypass' }),
    );
    const policy = changesOf(report, BASE.eca).filter((c) => c.kind === 'policy');
    expect(policy.map((c) => c.kind === 'policy' && [c.policyKey, c.from, c.to, c.breaks])).toEqual(
      [
        ['ipRelaxation', 'Enforce', 'Bypass', []],
        ['scopes', 'Api', 'Full, RefreshToken', [BASE.eca]],
      ],
    );
  });

  it('a removed app is reported, and an added one; a run-as user unset breaks', async () => {
    const report = await drift(
      snapshot(),
      snapshot()
        .removeApp(BASE.connectedApp)
        .addIntegration({ app: 'New_App', username: 'new@acme.com' })
        .withApp(BASE.eca, { runAsUsername: undefined }),
    );
    const presence = Object.fromEntries(report.integrations.map((i) => [i.app, i.presence]));
    expect(presence).toEqual({
      Billing_Callback: 'both',
      Ledger_Export: 'removed',
      New_App: 'added',
    });
    expect(changesOf(report, BASE.eca)[0]).toMatchObject({ kind: 'runAs', to: null });
    expect(report.summary.broken).toEqual([BASE.eca, BASE.connectedApp]);
  });

  it('is deterministic: input order does not change the report', async () => {
    const from = await sideOf('a', snapshot().withManifest());
    const to = await sideOf(
      'b',
      snapshot().withManifest().withUser(BASE.ecaUser, { isFrozen: true }),
    );
    const options = { kind: 'compare' as const, tool: TOOL, generatedAt: 'x' };
    const once = renderDriftJson(diffStates(from, to, options));
    const reversed = (s: DriftInput): DriftInput => ({
      ...s,
      integrations: [...s.integrations].reverse(),
      findings: [...s.findings].reverse(),
    });
    expect(renderDriftJson(diffStates(reversed(from), reversed(to), options))).toBe(once);
  });
});
