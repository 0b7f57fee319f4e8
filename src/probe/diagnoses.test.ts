// The catalog as a table: every entry recognizes its own example error, and every cause of every
// entry ranks first when the audit's facts (built from a snapshot, one change from a healthy base)
// show it. Without facts the catalog order stands.

import { describe, expect, it } from 'vitest';

import { BASE, snapshot, type SnapshotBuilder } from '../analyze/testing/snapshot-builder.js';
import { STANDARD_PROFILES } from '../model/standard/profiles.js';
import { type DiagnoseInput, diagnose, findEntry } from './diagnose.js';
import { CAUSES, DIAGNOSES, type DiagnosisEntry } from './diagnoses/index.js';
import type { ProbeContext } from './evidence.js';
import { factsFromSnapshot } from './facts.js';
import type { ProbeError } from './types.js';

/** Every rule id of the rule catalog (test/fixtures/rules-catalog.md). */
const RULE_IDS = new Set(
  Array.from({ length: 39 }, (_, i) => `RG-${String(i + 1).padStart(4, '0')}`),
);

const AT = '2026-11-25T12:00:00.000Z'; // a Wednesday, noon in London
const SATURDAY = '2026-11-28T12:00:00.000Z';
const KEY = '3MVG9EXAMPLEBILLINGCALLBACKKEY';

interface Scenario {
  /** The one change from the healthy base snapshot. */
  build?: (b: SnapshotBuilder) => SnapshotBuilder;
  probe?: Partial<ProbeContext>;
  error?: (entry: DiagnosisEntry) => Partial<ProbeError>;
  egressIps?: string[];
}

const base = (): SnapshotBuilder => snapshot();

function profileWith(
  patch: Partial<(typeof STANDARD_PROFILES)[number]>,
): (typeof STANDARD_PROFILES)[number] {
  const integration = STANDARD_PROFILES.find((p) => p.name === BASE.integrationProfile);
  if (integration === undefined) throw new Error('no integration profile');
  return {
    ...structuredClone(integration),
    fullName: 'Billing Integration',
    name: 'Billing Integration',
    custom: true,
    ...patch,
  };
}

const withCustomProfile =
  (patch: Parameters<typeof profileWith>[0]) =>
  (b: SnapshotBuilder): SnapshotBuilder =>
    b.addProfile(profileWith(patch)).withProfile(BASE.ecaUser, 'Billing Integration');

/** The needed read on Invoice__c now comes from a group whose muting set mutes it. */
const mutedInvoiceRead = (b: SnapshotBuilder): SnapshotBuilder =>
  b
    .addMutingPermissionSet({
      kind: 'MutingPermissionSet',
      name: 'Billing_Mute',
      label: 'Billing Mute',
      userPermissions: [],
      objectPermissions: {
        Invoice__c: {
          allowRead: true,
          allowCreate: false,
          allowEdit: false,
          allowDelete: false,
          viewAllRecords: false,
          modifyAllRecords: false,
          viewAllFields: false,
        },
      },
      fieldPermissions: {},
    })
    .addPermissionSetGroup('Billing_Access', [BASE.ecaPermissionSet], {
      mutingPermissionSet: 'Billing_Mute',
    })
    .unassign(BASE.ecaUser, BASE.ecaPermissionSet)
    .assign(BASE.ecaUser, { permissionSetGroup: 'Billing_Access' });

/** Errors of the object and field entries, about the base snapshot's Invoice__c. */
const invoiceErrors: Readonly<Record<string, Partial<ProbeError>>> = {
  'rest-object-not-visible': {
    message: "sObject type 'Invoice__c' is not supported.",
  },
  'rest-field-not-visible': {
    message: "No such column 'Amount__c' on entity 'Invoice__c'.",
  },
  'need-write-not-granted': {
    message:
      'Amount__c is not writable for the run-as user (createable false, updateable false in the describe of Invoice__c)',
  },
};

/** The step of a write entry: the declared edit of Invoice__c.Amount__c, written through Edit. */
const invoiceSteps: Readonly<
  Record<string, { target: string; need: { action: 'edit'; objectAction: 'edit' } }>
> = {
  'need-write-not-granted': {
    target: 'Invoice__c.Amount__c',
    need: { action: 'edit', objectAction: 'edit' },
  },
};

const AMOUNT_EDITABLE = (b: SnapshotBuilder): SnapshotBuilder =>
  b.withFieldPermission(BASE.ecaPermissionSet, 'Invoice__c.Amount__c', {
    readable: true,
    editable: true,
  });

/** How to make each cause rank first (in every entry that lists it). */
const SCENARIOS: Readonly<Record<string, Scenario>> = {
  'wrong-token-host': { probe: { loginUrl: 'https://login.salesforce.com' } },
  'malformed-token-request': {},
  'consumer-key-unknown': { probe: { clientId: '3MVG9SOMEOTHERORGSKEY' } },
  'wrong-org-host': { probe: { loginUrl: 'https://acme--uat.sandbox.my.salesforce.com' } },
  'app-recently-changed': {
    build: (b) =>
      b.with((s) => {
        s.auditTrail.push({
          action: 'changeOauthDefaultScope',
          display: 'Changed OAuth scopes of Billing Callback',
          createdDate: '2026-11-25T11:55:00.000Z',
          createdBy: 'admin@acme.com',
        });
      }),
  },
  'consumer-secret-wrong': {},
  'consumer-secret-rotated': {
    build: (b) =>
      b.with((s) => {
        s.auditTrail.push({
          action: 'generateOauthStagedCredential',
          display: 'Generated a staged consumer secret for Billing Callback',
          createdDate: '2026-11-24T09:00:00.000Z',
          createdBy: 'admin@acme.com',
        });
      }),
  },
  'client-credentials-flow-disabled': {
    build: (b) =>
      b.withApp(BASE.eca, {
        clientCredentialsEnabled: false,
        policyClientCredentialsEnabled: false,
      }),
  },
  'run-as-user-not-set': { build: (b) => b.withApp(BASE.eca, { runAsUsername: undefined }) },
  'run-as-user-not-found': { build: (b) => b.removeUser(BASE.ecaUser) },
  'run-as-user-not-preauthorized': {
    build: (b) => b.withApp(BASE.eca, { preAuthorizedPermissionSets: ['Billing_Reviewers'] }),
  },
  'preauthorizing-assignment-expired': {
    build: (b) =>
      b.unassign(BASE.ecaUser, BASE.ecaPermissionSet).assign(BASE.ecaUser, {
        permissionSet: BASE.ecaPermissionSet,
        expirationDate: '2026-11-01T00:00:00.000Z',
      }),
  },
  'run-as-user-inactive': { build: (b) => b.withUser(BASE.ecaUser, { isActive: false }) },
  'run-as-user-frozen': { build: (b) => b.withUser(BASE.ecaUser, { isFrozen: true }) },
  'run-as-user-password-locked': {
    build: (b) => b.withUser(BASE.ecaUser, { isPasswordLocked: true }),
  },
  'run-as-user-api-disabled': {
    build: (b) => b.withProfile(BASE.ecaUser, 'Minimum Access - Salesforce'),
  },
  'run-as-user-not-api-only': { build: (b) => b.withProfile(BASE.ecaUser, 'Standard User') },
  'mfa-for-api-logins': { build: (b) => b.grant(BASE.ecaPermissionSet, 'TwoFactorApi') },
  'login-ip-range': {
    build: withCustomProfile({ loginIpRanges: [{ start: '192.0.2.32', end: '192.0.2.47' }] }),
    egressIps: ['203.0.113.10'],
  },
  'login-hours': {
    build: withCustomProfile({
      loginHours: {
        monday: { start: 360, end: 1200 },
        tuesday: { start: 360, end: 1200 },
        wednesday: { start: 360, end: 1200 },
        thursday: { start: 360, end: 1200 },
        friday: { start: 360, end: 1200 },
      },
    }),
    probe: { at: SATURDAY },
  },
  'org-inactive': {},
  'app-self-authorize': { build: (b) => b.withApp(BASE.eca, { adminApproved: false }) },
  'too-many-token-requests': {},
  'app-scope-config': { build: (b) => b.withApp(BASE.eca, { scopes: [] }) },
  'token-over-http': { probe: { loginUrl: 'http://acme.my.salesforce.com' } },
  'unrecognized-token-error': {},
  'app-missing-api-scope': { probe: { tokenScopes: ['id'] } },
  'high-assurance-required': {
    build: (b) => b.withApp(BASE.eca, { requiredSessionLevel: 'HIGH_ASSURANCE' }),
  },
  // Rules out its two siblings: the token has api, nothing requires High Assurance.
  'session-ip-locked': {},
  'session-revoked': {},
  'session-timed-out': {
    build: (b) => b.withApp(BASE.eca, { sessionTimeoutMinutes: 15 }),
    probe: { tokenIssuedAt: '2026-11-25T11:40:00.000Z' },
  },
  'daily-api-limit': {},
  'org-edition-without-api': {},
  'needed-access-session-based': {
    build: (b) => b.withPermissionSet(BASE.ecaPermissionSet, { hasActivationRequired: true }),
  },
  'needed-access-expired-assignment': {
    build: (b) =>
      b.unassign(BASE.ecaUser, BASE.ecaPermissionSet).assign(BASE.ecaUser, {
        permissionSet: BASE.ecaPermissionSet,
        expirationDate: '2026-11-01T00:00:00.000Z',
      }),
  },
  'needed-access-muted': { build: mutedInvoiceRead },
  'object-not-readable': {
    build: (b) =>
      b.withPermissionSet(BASE.ecaPermissionSet, {
        objectPermissions: {},
        fieldPermissions: {},
      }),
  },
  'object-not-in-org': {
    error: () => ({ message: "sObject type 'Invoce__c' is not supported." }),
  },
  'field-hidden-by-fls': {
    build: (b) => b.withPermissionSet(BASE.ecaPermissionSet, { fieldPermissions: {} }),
  },
  // The base grants Amount__c read-only: a read-only grant.
  'field-edit-not-granted': {},
  'object-write-not-granted': {
    build: (b) =>
      AMOUNT_EDITABLE(b).withObjectPermission(BASE.ecaPermissionSet, 'Invoice__c', {
        allowEdit: false,
      }),
  },
  'field-computed': {
    build: AMOUNT_EDITABLE,
    error: () => ({
      message:
        'Amount__c is not writable for the run-as user (createable false, updateable false in the describe of Invoice__c; the describe marks it a calculated field)',
    }),
  },
  'field-not-in-org': {
    error: () => ({ message: "No such column 'Amont__c' on entity 'Invoice__c'." }),
  },
  'probe-query-invalid': {
    error: (entry) =>
      entry.id === 'rest-field-not-visible'
        ? { message: "field 'Status__c' can not be filtered in a query call" }
        : {},
  },
  'api-version-not-served': {},
  'insufficient-access': {},
  'malformed-auth-header': {},
  'feature-not-enabled': {},
  'salesforce-unavailable': {},
  'unrecognized-rest-error': {},
  'org-unreachable': {},
  'unexpected-response': {},
};

function exampleError(entry: DiagnosisEntry): ProbeError {
  const { kind, status, code, message } = entry.example;
  return { kind, status, code, message };
}

function run(entry: DiagnosisEntry, scenario: Scenario | undefined) {
  const b = scenario?.build?.(base()) ?? base();
  const facts = factsFromSnapshot(b.build(), BASE.eca, [], {
    timeZone: 'Europe/London',
    ...(scenario?.egressIps !== undefined ? { egressIps: scenario.egressIps } : {}),
  });
  const follow = entry.example.step !== 'token';
  const error: ProbeError = {
    ...exampleError(entry),
    ...invoiceErrors[entry.id],
    ...scenario?.error?.(entry),
  };
  const step: DiagnoseInput['step'] = {
    kind: entry.example.step,
    ...(entry.example.step === 'soql'
      ? { target: 'SELECT Id, Amount__c FROM Invoice__c LIMIT 1' }
      : {}),
    ...invoiceSteps[entry.id],
  };
  return diagnose({
    step,
    error,
    facts,
    probe: {
      loginUrl: BASE.instanceUrl,
      clientId: KEY,
      at: AT,
      ...(follow ? { tokenScopes: ['api'], tokenIssuedAt: AT } : {}),
      ...scenario?.probe,
    },
  });
}

describe('the diagnosis catalog', () => {
  it('has unique entry and cause ids, and every cause is used', () => {
    expect(new Set(DIAGNOSES.map((e) => e.id)).size).toBe(DIAGNOSES.length);
    const used = new Set(DIAGNOSES.flatMap((e) => e.causes.map((c) => c.cause)));
    expect([...CAUSES.keys()].filter((id) => !used.has(id))).toEqual([]);
    for (const entry of DIAGNOSES) {
      expect(entry.causes.length, entry.id).toBeGreaterThan(0);
      for (const ref of entry.causes) expect(CAUSES.has(ref.cause), ref.cause).toBe(true);
    }
  });

  it('cites only rule ids of the rule catalog', () => {
    for (const cause of CAUSES.values())
      for (const rule of cause.rules) expect(RULE_IDS.has(rule), `${cause.id}: ${rule}`).toBe(true);
  });

  it('says in words what is known, and names UNCONFIRMED where an entry is', () => {
    for (const entry of DIAGNOSES) {
      expect(entry.known.length, entry.id).toBeGreaterThan(20);
      if (entry.confidence === 'UNCONFIRMED' && !entry.id.endsWith('other'))
        expect(entry.known, entry.id).toMatch(/UNCONFIRMED/);
    }
  });

  it('has a scenario for every cause', () => {
    expect([...CAUSES.keys()].filter((id) => SCENARIOS[id] === undefined)).toEqual([]);
  });

  it('ends with a catch-all for every error kind', () => {
    for (const kind of ['oauth', 'rest', 'network', 'check'] as const)
      expect(findEntry('soql', { kind, status: 418, code: 'TEAPOT', message: '' }).id).toMatch(
        /other$|^network$/,
      );
  });

  for (const entry of DIAGNOSES) {
    describe(entry.id, () => {
      it('recognizes its example error', () => {
        expect(findEntry(entry.example.step, exampleError(entry)).id).toBe(entry.id);
      });

      it('keeps the catalog order when there are no facts, and says the audit confirmed nothing', () => {
        const diagnosis = diagnose({
          step: { kind: entry.example.step },
          error: exampleError(entry),
          probe: { loginUrl: BASE.instanceUrl, at: AT },
        });
        const probeSeen = diagnosis.causes.filter((c) => c.source === 'probe');
        if (probeSeen.length === 0) {
          expect(diagnosis.causes.map((c) => c.id)).toEqual(entry.causes.map((c) => c.cause));
          expect(diagnosis.causes.every((c) => c.verdict === 'unknown')).toBe(true);
          expect(diagnosis.message).toContain('The audit could not confirm any cause');
        }
        expect(diagnosis.entry).toBe(entry.id);
      });

      for (const ref of entry.causes) {
        it(`ranks ${ref.cause} first when the facts show it`, () => {
          const diagnosis = run(entry, SCENARIOS[ref.cause]);
          const first = diagnosis.causes[0];
          expect(first?.id, JSON.stringify(diagnosis.causes, null, 1)).toBe(ref.cause);
          expect(diagnosis.rules).toEqual(
            expect.arrayContaining([...(CAUSES.get(ref.cause)?.rules ?? [])]),
          );
          if (first?.verdict === 'found' || first?.verdict === 'likely')
            expect(diagnosis.message).toContain(first.evidence ?? '');
        });
      }
    });
  }
});
