// `runas-guard doctor` and the minimal auditor permission set of docs/auditor/: the set holds exactly
// what the request catalog names; the whole audit of the demo org, run as a user holding exactly
// that set (the API-only minimum profile plus the set), collects every request; without one of its
// permissions the audit is not-evaluated naming that permission, and doctor says so beforehand.

import { readFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { runAudit } from '../../src/audit/run-audit.js';
import { runDoctorCommand } from '../../src/cli/commands/doctor.js';
import { CATALOG } from '../../src/collect/catalog.js';
import { renderDoctor, runDoctor, type DoctorReport } from '../../src/doctor/index.js';
import type { Finding } from '../../src/model/finding.js';
import type { OrgModel } from '../../src/model/org.js';
import type { PermissionSetDef } from '../../src/model/permissions.js';
import { deterministicId } from '../../src/util/ids.js';
import {
  AUDITOR_PROJECT,
  auditorHolding,
  auditorPermissionSet,
  without,
} from '../helpers/auditor.js';
import { runCli } from '../helpers/cli.js';
import { clientOf, DEMO_ORG, liveSource, serveFixture } from '../helpers/emulator.js';
import { tempDir } from '../helpers/guard.js';

/** The catalog's Setup text for a permission (the permission column of docs/permissions.md). */
function labelsOf(permission: string): string[] {
  return [
    ...new Set(
      CATALOG.filter((e) => e.userPermissions.includes(permission)).map((e) => e.permission),
    ),
  ];
}

/**
 * Requests Salesforce answers without an error when the permission is missing, with the caller's
 * own rows only (docs/permissions.md; the emulator does the same): only the table can tell.
 */
const SILENT = new Set(['rest.query.LoginHistory', 'rest.query.OauthToken']);

const requestFailed = (f: Finding): boolean =>
  f.status === 'not-evaluated' && f.messageId === 'requestFailed';

const SET = await auditorPermissionSet();

describe('docs/auditor: the minimal auditor permission set', () => {
  it('holds exactly the system permissions the request catalog names, session-free', () => {
    const needed = [...new Set(CATALOG.flatMap((e) => e.userPermissions))].sort();
    expect([...SET.userPermissions].sort()).toEqual(needed);
    expect(SET.hasActivationRequired).toBe(false);
    expect(SET.objectPermissions).toEqual({});
    expect(SET.fieldPermissions).toEqual({});
  });

  it('is an SFDX project whose README gives the deploy command and the user to assign it to', () => {
    const project = JSON.parse(
      readFileSync(join(AUDITOR_PROJECT, 'sfdx-project.json'), 'utf8'),
    ) as {
      packageDirectories: { path: string }[];
    };
    expect(project.packageDirectories.map((p) => p.path)).toEqual(['force-app']);
    const readme = readFileSync(join(AUDITOR_PROJECT, 'README.md'), 'utf8').replace(/\s+/g, ' ');
    expect(readme).toContain('sf project deploy start');
    expect(readme).toContain('Minimum Access - API Only Integrations');
    for (const p of SET.userPermissions) expect(readme, p).toContain(`\`${p}\``);
  });
});

describe('the whole audit as a user holding exactly docs/auditor', async () => {
  const running = await serveFixture(DEMO_ORG, { variant: auditorHolding(SET) });
  const admin = await serveFixture(DEMO_ORG);
  const source = liveSource(running.instanceUrl, running.accessToken);

  it('collects every request: nothing failed, no rule not-evaluated for a failed request, same findings as an administrator', async () => {
    const outcome = await runAudit({ source: { kind: 'live', source } });
    expect(outcome.report.collection.failedRequests).toEqual([]);
    expect(outcome.report.findings.filter(requestFailed)).toEqual([]);
    expect(outcome.exitCode).not.toBe(3);
    const reference = await runAudit({
      source: { kind: 'live', source: liveSource(admin.instanceUrl, admin.accessToken) },
    });
    const statuses = (fs: readonly Finding[]) =>
      fs.map((f) => `${f.ruleId} ${f.app} ${f.resource.name} ${f.status}`).sort();
    expect(statuses(outcome.report.findings)).toEqual(statuses(reference.report.findings));
  });

  it('doctor reads the user, its profile and its permissions, and says the audit would be complete', async () => {
    const report = await runDoctor(source);
    expect(report.user).toMatchObject({
      username: 'dana.whitfield@acme-logistics.example',
      profile: 'Minimum Access - API Only Integrations',
    });
    expect(report.ownPermissions.status).toBe('read');
    if (report.ownPermissions.status === 'read') {
      expect(report.ownPermissions.held.map((h) => h.permission).sort()).toEqual(
        [...SET.userPermissions].sort(),
      );
      expect(report.ownPermissions.held.find((h) => h.permission === 'ApiEnabled')?.via).toEqual([
        'Profile Minimum Access - API Only Integrations',
        'PermissionSet RunAs_Guard_Auditor',
      ]);
    }
    expect(report.requests.map((r) => r.id)).toEqual(CATALOG.map((e) => e.id));
    expect(report.requests.filter((r) => r.verdict !== 'ok')).toEqual([]);
    expect(report.rules).toEqual([]);
    expect(report.complete).toBe(true);
  });

  it('--output writes the JSON report to a regular file; a directory is refused with exit 2 before any request', async () => {
    const dir = tempDir('runas-guard-doctor-');
    const env = { SF_ACCESS_TOKEN: running.accessToken };
    const flags = { instanceUrl: running.instanceUrl, format: 'json' };
    const before = running.emulator.state.log.length;
    await expect(runDoctorCommand(undefined, { ...flags, output: dir }, env)).rejects.toMatchObject(
      { exitCode: 2 },
    );
    expect(running.emulator.state.log.length).toBe(before);
    const file = join(dir, 'doctor.json');
    const written: string[] = [];
    expect(
      await runDoctorCommand(undefined, { ...flags, output: file }, env, (t) => written.push(t)),
    ).toBe(0);
    expect(written).toEqual([]);
    const report = JSON.parse(readFileSync(file, 'utf8')) as DoctorReport;
    expect(report.complete).toBe(true);
    expect(readFileSync(file, 'utf8')).not.toContain(running.accessToken);
  });

  it('runas-guard doctor exits 0, sends only reads, and prints no token', async () => {
    const before = running.emulator.state.log.length;
    const result = await runCli(['doctor', '--instance-url', running.instanceUrl], {
      SF_ACCESS_TOKEN: running.accessToken,
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Verdict: the audit would be complete.');
    expect(result.stdout).not.toContain(running.accessToken);
    const sent = running.emulator.state.log.slice(before);
    expect(sent.length).toBeGreaterThan(CATALOG.length);
    for (const e of sent)
      expect(
        e.method === 'GET' || (e.method === 'POST' && e.path.startsWith('/services/Soap/m/')),
        `${e.method} ${e.path}`,
      ).toBe(true);
  });
});

// API Enabled is left out: the API-only profile grants it as well (the set keeps it for any profile).
describe.each(['ViewSetup', 'ModifyMetadata', 'ManageUsers'])(
  'the same user without %s',
  async (permission) => {
    const set: PermissionSetDef = without(SET, permission);
    const running = await serveFixture(DEMO_ORG, { variant: auditorHolding(set) });
    const source = liveSource(running.instanceUrl, running.accessToken);
    const labels = labelsOf(permission);

    it('the audit is not-evaluated naming that permission, and exits 3', async () => {
      const outcome = await runAudit({ source: { kind: 'live', source } });
      const notEvaluated = outcome.report.findings.filter(requestFailed);
      expect(notEvaluated.length).toBeGreaterThan(0);
      expect(
        notEvaluated.some((f) =>
          labels.some((l) => f.message.includes(`grant the auditing user ${l}`)),
        ),
        notEvaluated[0]?.message,
      ).toBe(true);
      expect(outcome.exitCode).toBe(3);
      if (permission === 'ManageUsers') {
        // RG-0022 reads Login History only when collected: it still decides the shared users.
        const rg22 = outcome.report.findings.filter((f) => f.ruleId === 'RG-0022');
        expect(rg22.some((f) => f.status === 'fail')).toBe(true);
      }
    });

    it('doctor finds the permission missing, the requests refused and the rules not-evaluated', async () => {
      const report: DoctorReport = await runDoctor(source);
      const needing = report.requests.filter((r) => r.userPermissions.includes(permission));
      expect(needing.length).toBeGreaterThan(0);
      // Without View Setup the user cannot read its own assignments: the table cannot answer,
      // the org's refusals still do.
      if (permission === 'ViewSetup')
        expect(report.ownPermissions).toMatchObject({
          status: 'unread',
          request: 'rest.query.PermissionSetAssignment',
        });
      for (const r of needing) {
        expect(r.held, r.id).toBe(report.ownPermissions.status === 'read' ? false : undefined);
        expect(r.verdict, r.id).toBe(SILENT.has(r.id) ? 'partial' : 'refused');
        if (r.verdict === 'refused') expect(r.errorCode, r.id).toMatch(/^[A-Z_]+$/);
      }
      expect(report.rules.length).toBeGreaterThan(0);
      const reduced = report.rules.filter((r) => r.verdict === 'reduced');
      // Without Manage Users, Login History is partial: RG-0022, which reads it when collected,
      // runs without it and is said to, not called not-evaluated.
      expect(reduced.map((r) => [r.id, r.without])).toEqual(
        permission === 'ManageUsers' ? [['RG-0022', ['loginHistory']]] : [],
      );
      for (const rule of report.rules) {
        if (rule.verdict === 'reduced') continue;
        const refused = rule.requests.some((id) => !SILENT.has(id));
        expect(rule.verdict, rule.id).toBe(refused ? 'not-evaluated' : 'incomplete');
      }
      expect(report.grant.some((g) => labels.includes(g))).toBe(true);
      expect(report.complete).toBe(false);
      const text = renderDoctor('text', report);
      for (const r of needing)
        expect(text).toMatch(
          r.verdict === 'refused'
            ? new RegExp(`REFUSED ${r.id}  [A-Z_]+: `)
            : new RegExp(`PARTIAL ${r.id}  answered, but the user lacks ${permission}`),
        );
      for (const r of report.rules) expect(text).toContain(`${r.id} ${r.slug}: ${r.verdict}`);
      expect(text).not.toContain('ERROR at Row');
      expect(text).toContain('Verdict: the audit would be incomplete. Grant the connected user:');
    });
  },
);

describe('the same user without CustomizeApplication', async () => {
  // A run-as user holds a refresh token (Dock_Scheduling's run-as user, through Postman).
  const RUN_AS = 'dock.integration@acme-logistics.example';
  const withToken =
    (set: PermissionSetDef) =>
    (org: OrgModel): void => {
      auditorHolding(set)(org);
      const user = org.records.get('User')?.find((u) => u.Username === RUN_AS);
      if (user === undefined) throw new Error(`no ${RUN_AS}`);
      org.records.get('OauthToken')?.push({
        Id: deterministicId('0CQ', 'doctor:dock'),
        UserId: user.Id,
        AppName: 'Postman',
        CreatedDate: '2026-03-02T10:00:00.000+0000',
        LastUsedDate: '2026-11-20T10:00:00.000+0000',
        UseCount: 12,
      });
    };
  const running = await serveFixture(DEMO_ORG, {
    variant: withToken(without(SET, 'CustomizeApplication')),
  });
  const full = await serveFixture(DEMO_ORG, { variant: withToken(SET) });

  it("the audit sees that Salesforce narrowed the tokens to the auditor's own: not-evaluated, never a silent pass", async () => {
    const partial = await runAudit({
      source: { kind: 'live', source: liveSource(running.instanceUrl, running.accessToken) },
    });
    // The answer carries no error: only the auditor's own permissions tell it is partial.
    expect(partial.report.collection.failedRequests).toEqual([
      expect.objectContaining({
        request: 'rest.query.OauthToken',
        errorCode: 'PARTIAL_ANSWER',
        permission: 'Customize Application (Manage Users in older API versions)',
      }),
    ]);
    const auditor = 'dana.whitfield@acme-logistics.example';
    const others = (tokens: readonly { username: string }[]) =>
      tokens.filter((t) => t.username !== auditor);
    // Salesforce (and the emulator) answer with the auditor's own tokens only.
    expect(others(partial.snapshot.oauthTokens)).toEqual([]);
    const complete = await runAudit({
      source: { kind: 'live', source: liveSource(full.instanceUrl, full.accessToken) },
    });
    expect(others(complete.snapshot.oauthTokens).length).toBeGreaterThan(0);
    const rg27 = (fs: readonly Finding[]) =>
      fs.filter((f) => f.ruleId === 'RG-0027').map((f) => `${f.app} ${f.status}`);
    // RG-0027 (long-lived tokens) fails for Dock_Scheduling with the full set; without it, it is
    // not-evaluated (it passed here before the audit checked its own permissions).
    expect(rg27(complete.report.findings)).toContain('Dock_Scheduling fail');
    expect(rg27(partial.report.findings)).toContain('Dock_Scheduling not-evaluated');
    expect(partial.exitCode).toBe(3);
  });

  it('doctor warns that OAuth tokens may be answered partially, names RG-0027 and exits 3 (json)', async () => {
    const result = await runCli(
      ['doctor', '--instance-url', running.instanceUrl, '--format', 'json'],
      { SF_ACCESS_TOKEN: running.accessToken },
    );
    expect(result.code).toBe(3);
    const report = JSON.parse(result.stdout) as DoctorReport;
    // The org answers (Salesforce gives the caller's own tokens only, no error): only the
    // permission table can tell.
    expect(report.requests.filter((r) => r.verdict !== 'ok').map((r) => [r.id, r.verdict])).toEqual(
      [['rest.query.OauthToken', 'partial']],
    );
    expect(report.rules.map((r) => [r.id, r.slug, r.verdict])).toEqual([
      ['RG-0027', 'long-lived-tokens', 'incomplete'],
    ]);
    expect(report.grant).toEqual(labelsOf('CustomizeApplication'));
    expect(result.stdout).not.toContain(running.accessToken);
  });
});

describe('doctor through a headless auditor app whose run-as user holds exactly docs/auditor', async () => {
  const APP = 'Dock_Scheduling';
  const running = await serveFixture(DEMO_ORG, {
    variant: (org) => {
      auditorHolding(SET)(org);
      const app = org.apps.find((a) => a.name === APP);
      if (app === undefined) throw new Error(`no ${APP}`);
      app.runAsUsername = org.info.auditorUsername;
      app.adminApproved = false;
    },
  });
  const { clientId, clientSecret } = clientOf(running.emulator.state.org, APP);

  it('mints a token with the client credentials, reads the run-as user and exits 0', async () => {
    const result = await runCli(
      [
        'doctor',
        '--instance-url',
        running.instanceUrl,
        '--auditor-client-id',
        clientId,
        '--auditor-client-secret-env',
        'AUDITOR_SECRET',
      ],
      { AUDITOR_SECRET: clientSecret },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'runas-guard doctor: dana.whitfield@acme-logistics.example (profile Minimum Access - API Only Integrations)',
    );
    expect(result.stdout).not.toContain(clientSecret);
    const tokens = running.emulator.state.log.filter((e) => e.path === '/services/oauth2/token');
    expect(tokens.map((e) => [e.method, e.status])).toEqual([['POST', 200]]);
  });
});

describe('runas-guard doctor: usage and unreachable orgs', () => {
  it('refuses an unknown format, a missing source and a missing token with exit 2, before any request', async () => {
    const failure = async (
      flags: Parameters<typeof runDoctorCommand>[1],
      env: NodeJS.ProcessEnv,
    ): Promise<{ exitCode: unknown; message: string }> => {
      try {
        await runDoctorCommand(undefined, flags, env);
      } catch (error) {
        const e = error as { exitCode?: unknown; message?: unknown };
        return { exitCode: e.exitCode, message: String(e.message) };
      }
      throw new Error('no error');
    };
    const closed = 'http://127.0.0.1:9';
    expect(await failure({ instanceUrl: closed, format: 'xml' }, { SF_ACCESS_TOKEN: 'x' })).toEqual(
      {
        exitCode: 2,
        message: '--format: expected one of text, json, got "xml"',
      },
    );
    const noSource = await failure({}, {});
    expect(noSource.exitCode).toBe(2);
    expect(noSource.message).toMatch(/^doctor needs an org/);
    const noToken = await failure({ instanceUrl: closed }, {});
    expect(noToken.exitCode).toBe(2);
    expect(noToken.message).toContain('SF_ACCESS_TOKEN');
  });

  it('an org that does not answer ends with exit 3 and one message', async () => {
    // A port that was free a moment ago: the connection is refused.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const result = await runCli(['doctor', '--instance-url', `http://127.0.0.1:${port}`], {
      SF_ACCESS_TOKEN: 'x',
    });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(
      /^runas-guard: Could not identify the connected user at .*CONNECTION/,
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stdout).toBe('');
  });

  it('an org that stops answering ends at --timeout with exit 3 and one message', async () => {
    const running = await serveFixture(DEMO_ORG, { faults: [{ path: '/query$', stall: true }] });
    const result = await runCli(
      ['doctor', '--instance-url', running.instanceUrl, '--timeout', '2s'],
      { SF_ACCESS_TOKEN: running.accessToken },
    );
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(
      /^runas-guard: runas-guard doctor did not finish within --timeout 2 s\n/,
    );
    expect(result.stdout).toBe('');
    await expect(
      runDoctorCommand(
        undefined,
        { instanceUrl: running.instanceUrl, timeout: 'soon' },
        {
          SF_ACCESS_TOKEN: running.accessToken,
        },
      ),
    ).rejects.toThrow('--timeout: expected a duration');
  });

  it('an org that refuses the token ends with exit 3 and one message', async () => {
    const running = await serveFixture(DEMO_ORG);
    const result = await runCli(['doctor', '--instance-url', running.instanceUrl], {
      SF_ACCESS_TOKEN: '00D000000000000!not-a-token',
    });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^runas-guard: .*INVALID_SESSION_ID/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stdout).toBe('');
  });
});
