// The emulator, the audit and the probe decide each Salesforce rule of behaviour through one owner
// (src/model/policy), so they must agree. Each case is an in-memory variant of the demo org on a
// fixed clock: the emulator answers a token request and one follow-on call over HTTP, the audit
// collects the same emulator live and evaluates the rules, and the probe runs with the audit's
// facts. The boundaries are the cases: an assignment expiring exactly at the org's clock, the first
// and last address of a login IP range, the first and last minute of login hours, and the org's
// time zone.

import { describe, expect, it } from 'vitest';

import { runAudit } from '../../src/audit/run-audit.js';
import { loadManifest } from '../../src/manifest/load.js';
import type { Finding } from '../../src/model/finding.js';
import type { OrgModel } from '../../src/model/org.js';
import type { Weekday } from '../../src/model/permissions.js';
import {
  factsFromSnapshot,
  probeActionsOf,
  probeClientCredentials,
} from '../../src/probe/index.js';
import type { ProbeResult } from '../../src/probe/types.js';
import { fixedClock } from '../../src/util/clock.js';
import { clientOf, DEMO_ORG, liveSource, serveFixture } from '../helpers/emulator.js';

// The demo org's healthy, admin-approved ECA: its run-as user is pre-authorized, and granted its
// needs, only through the Fleet_Telematics_Integration permission set.
const APP = 'Fleet_Telematics';
const RUN_AS = 'telematics.integration@acme-logistics.example';
const PRE_AUTHORIZING_SET = 'Fleet_Telematics_Integration';
const PROFILE = 'Minimum Access - API Only Integrations';
const CLIENT_IP = '198.51.100.20'; // the demo org's client address, and the app's declared egress
/** Wednesday 2026-11-25, 06:00 in the demo org's time zone (America/Chicago). */
const CLOCK = '2026-11-25T12:00:00.000Z';
const FOLLOW_ON = 'SELECT Id, Name, Tracking_Number__c, Carrier_Status__c FROM Shipment__c LIMIT 1';

const WEEK: readonly Weekday[] = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
];

interface Case {
  name: string;
  variant: (org: OrgModel) => void;
  /** The manifest schedule of the integration (in the org's time zone). */
  schedule?: string;
  /** Whether Salesforce lets the integration in: the token is issued and the call answered. */
  allowed: boolean;
  /** The rules that must fail when refused and pass when allowed. */
  rules: string[];
  /** When refused: the token error, and the cause the probe must rank first. */
  refusal?: { error: string; description: string; cause: string };
}

function profileOf(org: OrgModel) {
  const def = org.profiles.find((p) => p.fullName === PROFILE);
  const component = org.metadata.find((m) => m.type === 'Profile' && m.fullName === PROFILE);
  if (def === undefined || component === undefined) throw new Error(`no profile ${PROFILE}`);
  return { def, content: component.content };
}

/** The profile's login IP ranges, in the model the token endpoint reads and the metadata the audit reads. */
const ranges =
  (start: string, end: string) =>
  (org: OrgModel): void => {
    const { def, content } = profileOf(org);
    def.loginIpRanges = [{ start, end }];
    content.loginIpRanges = [{ startAddress: start, endAddress: end }];
  };

/** Login hours on one weekday only (start and end in minutes); every other day blocked. */
const hours =
  (day: Weekday, start: number, end: number) =>
  (org: OrgModel): void => {
    const { def, content } = profileOf(org);
    def.loginHours = { [day]: { start, end } };
    const raw: Record<string, string> = {};
    for (const d of WEEK) {
      raw[`${d}Start`] = String(d === day ? start : 0);
      raw[`${d}End`] = String(d === day ? end : 0);
    }
    content.loginHours = raw;
  };

const timeZone =
  (zone: string) =>
  (org: OrgModel): void => {
    org.info.timeZone = zone;
    for (const row of org.records.get('Organization') ?? []) row.TimeZoneSidKey = zone;
  };

const relaxation =
  (value: string) =>
  (org: OrgModel): void => {
    const app = org.apps.find((a) => a.name === APP);
    if (app === undefined) throw new Error(`no app ${APP}`);
    app.ipRelaxation = value;
    // The ECA's OAuth policies: the metadata file and its Tooling record, both read by the audit.
    for (const m of org.metadata)
      if (
        m.type === 'ExtlClntAppOauthConfigurablePolicies' &&
        m.content.externalClientApplication === APP
      )
        m.content.ipRelaxationPolicyType = value;
    const ecaId = org.records
      .get('ExternalClientApplication')
      ?.find((r) => r.DeveloperName === APP)?.Id;
    for (const row of org.records.get('ExtlClntAppOauthPlcyCnfg') ?? [])
      if (row.ExternalClientApplicationId === ecaId) row.IpRelaxationPolicyType = value;
  };

/** The run-as user's assignment of the pre-authorizing set expires at `at`. */
const expiresAt =
  (at: string) =>
  (org: OrgModel): void => {
    const user = org.records.get('User')?.find((u) => u.Username === RUN_AS);
    const set = org.records.get('PermissionSet')?.find((p) => p.Name === PRE_AUTHORIZING_SET);
    const psa = org.records
      .get('PermissionSetAssignment')
      ?.find((a) => a.AssigneeId === user?.Id && a.PermissionSetId === set?.Id);
    if (psa === undefined) throw new Error(`no assignment of ${PRE_AUTHORIZING_SET}`);
    psa.ExpirationDate = at;
  };

const both =
  (...changes: ((org: OrgModel) => void)[]) =>
  (org: OrgModel): void => {
    for (const change of changes) change(org);
  };

const IP_REFUSAL = {
  error: 'invalid_grant',
  description: 'ip restricted or invalid login hours',
  cause: 'login-ip-range',
};
const HOURS_REFUSAL = { ...IP_REFUSAL, cause: 'login-hours' };

const CASES: Case[] = [
  {
    // The measured disagreement: the emulator refused the token, the audit passed both rules.
    name: 'an assignment that expires exactly at the org clock grants nothing',
    variant: expiresAt(CLOCK),
    allowed: false,
    rules: ['RG-0038', 'RG-0010'],
    refusal: {
      error: 'invalid_app_access',
      description: 'user is not admin approved to access this app',
      cause: 'preauthorizing-assignment-expired',
    },
  },
  {
    name: 'an assignment that expires a millisecond after the org clock still grants',
    variant: expiresAt('2026-11-25T12:00:00.001Z'),
    allowed: true,
    rules: ['RG-0038', 'RG-0010'],
  },
  {
    name: 'the client address is the first address of the range',
    variant: ranges(CLIENT_IP, '198.51.100.30'),
    allowed: true,
    rules: ['RG-0016'],
  },
  {
    name: 'the client address is the last address of the range',
    variant: ranges('198.51.100.10', CLIENT_IP),
    allowed: true,
    rules: ['RG-0016'],
  },
  {
    name: 'the client address is just before the range',
    variant: ranges('198.51.100.21', '198.51.100.30'),
    allowed: false,
    rules: ['RG-0016'],
    refusal: IP_REFUSAL,
  },
  {
    name: 'the client address is just after the range',
    variant: ranges('198.51.100.10', '198.51.100.19'),
    allowed: false,
    rules: ['RG-0016'],
    refusal: IP_REFUSAL,
  },
  {
    // The probe used to read "RELAX" in the value as relaxing; RG-0024 says it enforces.
    name: 'Enforce_RelaxRefresh does not lift a range that excludes the client',
    variant: both(ranges('198.51.100.21', '198.51.100.30'), relaxation('Enforce_RelaxRefresh')),
    allowed: false,
    rules: ['RG-0016'],
    refusal: IP_REFUSAL,
  },
  {
    name: 'Bypass lifts a range that excludes the client',
    variant: both(ranges('198.51.100.21', '198.51.100.30'), relaxation('Bypass')),
    allowed: true,
    rules: ['RG-0016'],
  },
  {
    name: 'the clock is the first minute of the login hours (Wednesday 06:00 Chicago)',
    variant: hours('wednesday', 360, 720),
    schedule: 'Wed 06:00-06:01',
    allowed: true,
    rules: ['RG-0017'],
  },
  {
    name: 'the clock is the last minute of the login hours (Wednesday 00:00-06:01 Chicago)',
    variant: hours('wednesday', 0, 361),
    schedule: 'Wed 06:00-06:01',
    allowed: true,
    rules: ['RG-0017'],
  },
  {
    name: 'the login hours end at the clock (Wednesday 00:00-06:00 Chicago)',
    variant: hours('wednesday', 0, 360),
    schedule: 'Wed 06:00-06:01',
    allowed: false,
    rules: ['RG-0017'],
    refusal: HOURS_REFUSAL,
  },
  {
    name: 'the org moves to Europe/Paris: 12:00Z is 13:00, after hours that end at 13:00',
    variant: both(timeZone('Europe/Paris'), hours('wednesday', 360, 780)),
    schedule: 'Wed 13:00-13:01',
    allowed: false,
    rules: ['RG-0017'],
    refusal: HOURS_REFUSAL,
  },
  {
    name: 'the org moves to Asia/Tokyo: 12:00Z is 21:00, the first minute of its hours',
    variant: both(timeZone('Asia/Tokyo'), hours('wednesday', 1260, 1320)),
    schedule: 'Wed 21:00-21:01',
    allowed: true,
    rules: ['RG-0017'],
  },
  {
    name: 'the org moves to Pacific/Auckland: 12:00Z is already Thursday 01:00 there',
    variant: both(timeZone('Pacific/Auckland'), hours('wednesday', 0, 1440)),
    schedule: 'Thu 01:00-01:01',
    allowed: false,
    rules: ['RG-0017'],
    refusal: HOURS_REFUSAL,
  },
];

describe.each(CASES)('$name', async (c) => {
  const clock = fixedClock(new Date(CLOCK));
  const running = await serveFixture(DEMO_ORG, { variant: c.variant, clock });
  const client = clientOf(running.emulator.state.org, APP);
  const loaded = await loadManifest(`${DEMO_ORG}/runas-guard.yaml`);
  const manifest = structuredClone(loaded);
  const entry = manifest.manifest.integrations?.find((i) => i.app === APP);
  if (entry === undefined) throw new Error(`no manifest entry for ${APP}`);
  if (c.schedule !== undefined) entry.schedule = c.schedule;

  it('the emulator answers the token request and the follow-on call as expected', async () => {
    const token = await fetch(`${running.loginUrl}/services/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: client.clientId,
        client_secret: client.clientSecret,
      }),
    });
    const answer = (await token.json()) as Record<string, string>;
    if (!c.allowed) {
      expect(token.status).toBe(400);
      expect(answer).toMatchObject({
        error: c.refusal?.error,
        error_description: c.refusal?.description,
      });
      return;
    }
    expect(token.status).toBe(200);
    const call = await fetch(
      `${answer.instance_url}/services/data/v62.0/query?q=${encodeURIComponent(FOLLOW_ON)}`,
      { headers: { authorization: `Bearer ${answer.access_token}` } },
    );
    expect(call.status).toBe(200);
  });

  const audit = runAudit({
    source: { kind: 'live', source: liveSource(running.instanceUrl, running.accessToken) },
    manifest,
  });

  it(`the audit ${c.allowed ? 'passes' : 'fails'} ${c.rules.join(' and ')}`, async () => {
    const { report } = await audit;
    expect(report.collection.failedRequests).toEqual([]);
    const statusOf = (ruleId: string): Finding['status'][] =>
      report.findings.filter((f) => f.ruleId === ruleId && f.app === APP).map((f) => f.status);
    for (const ruleId of c.rules)
      expect(statusOf(ruleId), ruleId).toEqual([c.allowed ? 'pass' : 'fail']);
  });

  it(`the probe ${c.allowed ? 'passes' : 'fails at the token and names the cause'}`, async () => {
    const { report, snapshot } = await audit;
    const facts = factsFromSnapshot(snapshot, APP, report.findings, {
      ...(snapshot.org?.timeZone !== undefined ? { timeZone: snapshot.org.timeZone } : {}),
      ...(entry.network !== undefined ? { egressIps: entry.network.egressIps } : {}),
    });
    const result: ProbeResult = await probeClientCredentials(
      {
        app: APP,
        loginUrl: running.loginUrl,
        instanceUrl: running.instanceUrl,
        ...client,
        apiVersion: '62.0',
        actions: probeActionsOf(entry),
      },
      { clock, facts },
    );
    expect(result.ok, JSON.stringify(result.failure)).toBe(c.allowed);
    if (c.allowed) return;
    expect(result.failure?.step).toBe('token');
    expect(result.diagnosis?.causes[0]?.id).toBe(c.refusal?.cause);
    expect(result.diagnosis?.causes[0]?.verdict).toBe('found');
  });
});
