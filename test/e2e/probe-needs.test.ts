// The probe proves every declared need, edit included (issue 9): a copy of the demo org in which the
// External Client App Fleet_Telematics also declares `Case.Priority: [read, edit]` and receives it
// through a permission set group. With Priority's edit muted by the group's muting permission set,
// the run-as user's describe says updateable false, the audit fails RG-0010 and RG-0014, and the
// probe exits 1 naming the need and the muting set; without the muting it passes. Everything goes
// over HTTP to the emulator on 127.0.0.1 and through the real CLI.

import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import type { RunningEmulator } from '../../src/emulator/server.js';
import { runCli } from '../helpers/cli.js';
import { clientOf, serveFixture } from '../helpers/emulator.js';
import {
  NEEDS_APP as APP,
  NEEDS_RUN_AS as RUN_AS,
  needsVariantOrg,
} from '../helpers/needs-variant.js';

/** A copy of the demo org where Fleet_Telematics needs Case.Priority [read, edit] through a group. */
function variantOrg(muted: boolean): string {
  const variant = needsVariantOrg(muted);
  afterAll(variant.remove);
  return variant.org;
}

/** The run-as user's own token (the app's client credentials), as its callback gets it. */
async function runAsToken(running: RunningEmulator): Promise<string> {
  const client = clientOf(running.emulator.state.org, APP);
  const answer = await fetch(`${running.loginUrl}/services/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: client.clientId,
      client_secret: client.clientSecret,
    }),
  });
  expect(answer.status).toBe(200);
  return ((await answer.json()) as { access_token: string }).access_token;
}

interface FieldDescribe {
  name: string;
  createable: boolean;
  updateable: boolean;
}

async function describeCase(running: RunningEmulator): Promise<{
  updateable: boolean;
  fields: FieldDescribe[];
}> {
  const token = await runAsToken(running);
  const answer = await fetch(`${running.instanceUrl}/services/data/v62.0/sobjects/Case/describe`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(answer.status).toBe(200);
  return (await answer.json()) as { updateable: boolean; fields: FieldDescribe[] };
}

function cli(running: RunningEmulator, org: string, args: string[]) {
  const client = clientOf(running.emulator.state.org, APP);
  return runCli(
    [...args, '--instance-url', running.instanceUrl, '--manifest', join(org, 'runas-guard.yaml')],
    { SF_ACCESS_TOKEN: running.accessToken, APP_SECRET: client.clientSecret },
  );
}

function probeArgs(running: RunningEmulator): string[] {
  const client = clientOf(running.emulator.state.org, APP);
  return [
    'probe',
    '--app',
    APP,
    '--client-id',
    client.clientId,
    '--client-secret-env',
    'APP_SECRET',
  ];
}

describe("edit muted in the run-as user's permission set group", async () => {
  const org = variantOrg(true);
  const running = await serveFixture(org);

  it('the describe says Priority is readable but not updateable, the object still updateable', async () => {
    const described = await describeCase(running);
    expect(described.updateable).toBe(true);
    const priority = described.fields.find((f) => f.name === 'Priority');
    expect(priority).toMatchObject({ createable: false, updateable: false });
    // System and auto-number fields are never writable; Subject is not granted at all.
    for (const name of ['CaseNumber', 'IsClosed', 'CreatedDate', 'SystemModstamp', 'Id'])
      expect(described.fields.find((f) => f.name === name)).toMatchObject({ updateable: false });
    expect(described.fields.some((f) => f.name === 'Subject')).toBe(false);
  });

  it('the audit fails RG-0010 and RG-0014 for the app', async () => {
    const result = await cli(running, org, ['audit', '--format', 'json']);
    const report = JSON.parse(result.stdout) as {
      findings: { ruleId: string; status: string; app?: string }[];
    };
    const failing = report.findings
      .filter((f) => f.app === APP && f.status === 'fail')
      .map((f) => f.ruleId);
    expect(failing).toEqual(expect.arrayContaining(['RG-0010', 'RG-0014']));
  });

  it('the probe exits 1 naming the need and the muting permission set', async () => {
    const result = await cli(running, org, [...probeArgs(running), '--format', 'json']);
    expect(result.code).toBe(1);
    const { probe } = JSON.parse(result.stdout) as {
      probe: {
        outcome: string;
        failure?: { step: string; error: { code: string } };
        diagnosis?: { causes: { id: string; evidence?: string }[] };
        steps: { name: string; ok: boolean }[];
      };
    };
    expect(probe.outcome).toBe('failed');
    expect(probe.failure).toMatchObject({
      step: 'field Case.Priority: edit',
      error: { code: 'FIELD_NOT_EDITABLE' },
    });
    expect(probe.diagnosis?.causes[0]?.id).toBe('needed-access-muted');
    expect(probe.diagnosis?.causes[0]?.evidence).toContain('Case_Desk_Muting');
    // Reading Priority is fine; only the edit is denied. Nothing was written.
    expect(probe.steps.find((s) => s.name === 'field Case.Priority')?.ok).toBe(true);
    expect(probe.steps.find((s) => s.name === 'object Case: edit')?.ok).toBe(true);
    // The run-as user's requests (the probe's) are all GETs; the token request is not a write.
    const asRunAs = running.emulator.state.log.filter((e) => e.user === RUN_AS);
    expect(asRunAs.length).toBeGreaterThan(3);
    expect(
      asRunAs.filter((e) => e.method !== 'GET' && e.path !== '/services/oauth2/token'),
    ).toEqual([]);

    const text = await cli(running, org, probeArgs(running));
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('Case.Priority: edit');
    expect(text.stdout).toContain('Case_Desk_Muting');
    expect(text.stdout).not.toContain('Result: PASSED');
  });
});

describe('the same grant without the muting', async () => {
  const org = variantOrg(false);
  const running = await serveFixture(org);

  it('the describe says Priority is updateable, and the probe passes the need', async () => {
    const described = await describeCase(running);
    expect(described.fields.find((f) => f.name === 'Priority')).toMatchObject({
      createable: false,
      updateable: true,
    });
    const result = await cli(running, org, [...probeArgs(running), '--format', 'json']);
    const { probe } = JSON.parse(result.stdout) as {
      probe: { steps: { name: string; ok: boolean }[] };
    };
    expect(probe.steps.find((s) => s.name === 'field Case.Priority: edit')?.ok).toBe(true);
    expect(result.code).toBe(0);
  });
});
