import { describe, expect, it } from 'vitest';

import { BASE, snapshot } from '../../../../test/helpers/snapshot-builder.js';
import type { AuditTrailEntry } from '../../../model/snapshot.js';
import { deterministicId } from '../../../util/ids.js';
import { evaluate } from '../../engine.js';
import { RuleTester } from '../../rule-tester.js';
import { lifecycleActionOf, unassignedContainer } from './events.js';
import * as examples from './examples.js';
import { rule } from './rule.js';

/** `dormantDays` (90) before the base's clock, shifted by `minutes`. */
function edge(minutes: number): string {
  return new Date(Date.parse(BASE.collectedAt) - 90 * 86_400_000 + minutes * 60_000).toISOString();
}

const ledgerId = deterministicId('005', BASE.connectedAppUser);
const entry = (patch: Partial<AuditTrailEntry>): AuditTrailEntry => ({
  action: 'deactivateduser',
  section: 'Manage Users',
  display: `Deactivated user Ledger Integration (UserID: [${ledgerId}])`,
  createdDate: '2026-11-20T10:00:00.000Z',
  createdBy: 'grace.okafor@acme.com',
  ...patch,
});
const ledgerFails = [
  {
    messageId: 'changed',
    app: BASE.connectedApp,
    resource: BASE.connectedAppUser,
    status: 'fail' as const,
  },
];
const bothFail = [
  { messageId: 'changed', app: BASE.eca, resource: BASE.ecaUser, status: 'fail' as const },
  ...ledgerFails,
];
const one = (patch: Partial<AuditTrailEntry>) => snapshot().addAuditTrail(entry(patch)).build();

RuleTester.run(rule, {
  valid: [
    examples.pass,
    { name: 'an event just outside dormantDays', snapshot: one({ createdDate: edge(-1) }) },
    {
      name: 'an event after the evaluation time',
      snapshot: one({ createdDate: '2026-11-25T12:00:01.000Z' }),
    },
    {
      name: 'an Id that is not the run-as user’s',
      snapshot: one({
        display: 'Deactivated user Ledger Integration (UserID: [005000000000999AAA])',
      }),
    },
    {
      name: 'a permission set assigned (not a removal)',
      snapshot: one({ action: 'PermSetAssign' }),
    },
    {
      name: 'a sandbox username that only starts like the run-as user',
      snapshot: one({
        action: 'resetpassword',
        display: `Reset password for user ${BASE.connectedAppUser}.uat`,
      }),
    },
    {
      name: 'a run-as assignment of another app to another user',
      snapshot: one({
        action: 'addOauthClientCredentialUser',
        section: 'OAuth Client Credentials User',
        display:
          'Assigned OAuth client credentials user other@acme.com (UserID: [005000000000999AAA]) to app Ledger Export Archive (AppID: [0H4000000000001AAA])',
      }),
    },
    {
      name: 'the name of a permission set equal to the user’s name is not the user',
      snapshot: one({
        action: 'PermSetUnassign',
        display: 'Permission set Ledger Integration: unassigned from user Someone Else',
      }),
    },
    {
      name: 'since the last run (option)',
      snapshot: one({ createdDate: '2026-11-20T10:00:00.000Z' }),
      options: { since: '2026-11-24T00:00:00.000Z' },
    },
    {
      name: 'new rows only (monitor): a known Id in the overlap is not new, however recent',
      snapshot: one({ id: '0Ym000000000002AAA', createdDate: '2026-11-25T11:55:00.000Z' }),
      options: { newIds: ['0Ym000000000003AAA'] },
    },
    {
      name: 'new rows only (monitor): a row without an Id is never new',
      snapshot: one({}),
      options: { newIds: ['0Ym000000000003AAA'] },
    },
    {
      name: 'a full name that another known user shares is not attributed',
      snapshot: snapshot()
        .addUser('ledger.old@acme.com', { name: 'Ledger Integration' })
        .addAuditTrail(
          entry({ action: 'frozeuser', display: 'Froze user account for Ledger Integration' }),
        )
        .build(),
    },
  ],
  invalid: [
    {
      snapshot: examples.fail,
      findings: [
        ...ledgerFails,
        { messageId: 'unchanged', app: BASE.eca, resource: BASE.ecaUser, status: 'pass' },
      ],
    },
    {
      name: 'deactivated, by Id, just inside dormantDays',
      snapshot: one({ createdDate: edge(1) }),
      findings: ledgerFails,
    },
    {
      name: 'frozen, by name',
      snapshot: one({ action: 'frozeuser', display: 'Froze user account for Ledger Integration' }),
      findings: ledgerFails,
    },
    {
      name: 'profile changed (std to cust), by name',
      snapshot: one({
        action: 'changedprofileforuserstdtocust',
        display:
          'Changed profile for user Ledger Integration from Minimum Access - API Only Integrations to Ledger Profile',
      }),
      findings: ledgerFails,
    },
    {
      name: 'role changed',
      snapshot: one({
        action: 'changedroleforuserfromnone',
        display: 'Changed role for user Ledger Integration from none to Finance',
      }),
      findings: ledgerFails,
    },
    {
      name: 'permission set with expiry unassigned',
      snapshot: one({
        action: 'PermSetUnassign_HasExpiration',
        display: `Permission set Ledger Integration: unassigned from user Ledger Integration (UserID: [${ledgerId}])`,
      }),
      findings: ledgerFails,
    },
    {
      name: 'permission set group unassigned',
      snapshot: one({
        action: 'PermSetGroupUnassign',
        display: `Permission set group Ledger Access: unassigned from user Ledger Integration (UserID: [${ledgerId}])`,
      }),
      findings: ledgerFails,
    },
    {
      name: 'password reset, by username',
      snapshot: one({
        action: 'resetpassword',
        display: `Reset password for user ${BASE.connectedAppUser.toUpperCase()}`,
      }),
      findings: ledgerFails,
    },
    {
      name: 'password set',
      snapshot: one({
        action: 'changedpassword',
        display: 'Set new password for user Ledger Integration',
      }),
      findings: ledgerFails,
    },
    {
      name: 'an org password policy applies to every run-as user',
      snapshot: one({
        action: 'passwordexpiry',
        section: 'Password Policies',
        display: 'Changed password expiration from 90 days to never',
      }),
      findings: bothFail,
    },
    {
      name: "a password policy of the run-as users' profile",
      snapshot: one({
        action: 'passwordexpiryForProfile',
        section: 'Password Policies',
        display: `Changed password expiration for profile ${BASE.integrationProfile} from 90 days to 30 days`,
      }),
      findings: bothFail,
    },
    {
      name: 'the run-as user of the app reassigned, named by app label',
      snapshot: one({
        action: 'addOauthClientCredentialUser',
        section: 'OAuth Client Credentials User',
        display:
          'Assigned OAuth client credentials user other@acme.com (UserID: [005000000000999AAA]) to app Ledger Export (AppID: [0H4000000000001AAA])',
      }),
      findings: ledgerFails,
    },
    {
      name: 'new rows only (monitor): a row older than the mark with an unknown Id is new',
      snapshot: snapshot()
        .addAuditTrail(entry({ id: '0Ym000000000001AAA', createdDate: '2026-11-20T10:00:00.000Z' }))
        .addAuditTrail(
          entry({
            id: '0Ym000000000002AAA',
            action: 'frozeuser',
            display: 'Froze user account for Ledger Integration',
            createdDate: '2026-11-25T11:55:00.000Z',
          }),
        )
        .build(),
      options: { newIds: ['0Ym000000000001AAA'] },
      findings: [
        {
          messageId: 'changedNew',
          app: BASE.connectedApp,
          resource: BASE.connectedAppUser,
          status: 'fail',
        },
      ],
    },
    {
      name: 'a shared full name does not matter when the entry quotes the UserID',
      snapshot: snapshot()
        .addUser('ledger.old@acme.com', { name: 'Ledger Integration' })
        .addAuditTrail(entry({}))
        .build(),
      findings: ledgerFails,
    },
    {
      name: 'since the last run (option) includes a later event',
      snapshot: one({ createdDate: '2026-11-24T10:00:00.000Z' }),
      options: { since: '2026-11-24T00:00:00.000Z' },
      findings: ledgerFails,
    },
  ],
});

describe('RG-0030', () => {
  it('knows the action codes of the rule catalog, case-sensitively', () => {
    for (const action of [
      'deactivateduser',
      'frozeuser',
      'changedprofileforuser',
      'changedprofileforusercusttostd',
      'changedroleforusertonone',
      'PermSetUnassign',
      'PermSetGroupUnassign',
      'resetpassword',
      'changedpassword',
      'passwordlockout',
      'addOauthClientCredentialUser',
    ])
      expect(lifecycleActionOf(action), action).toBeDefined();
    expect(lifecycleActionOf('DeactivatedUser')).toBeUndefined();
    expect(lifecycleActionOf('unfrozeuser')).toBeUndefined();
  });

  it('lists the events latest first, with who made them', () => {
    const s = snapshot()
      .addAuditTrail(
        entry({
          action: 'frozeuser',
          display: 'Froze user account for Ledger Integration',
          createdDate: '2026-11-19T09:00:00.000Z',
        }),
      )
      .addAuditTrail(entry({}))
      .build();
    const [finding] = evaluate(s, [rule]).findings.filter((f) => f.status === 'fail');
    expect(finding?.message).toBe(
      `${BASE.connectedAppUser}, the run-as user of ${BASE.connectedApp}, changed since 2026-08-27T12:00:00Z (2 Setup Audit Trail event(s)): 2026-11-20T10:00:00Z deactivated (deactivateduser by grace.okafor@acme.com); 2026-11-19T09:00:00Z frozen (frozeuser by grace.okafor@acme.com)`,
    );
    expect((finding?.evidence?.actual as { action: string }[]).map((e) => e.action)).toEqual([
      'deactivateduser',
      'frozeuser',
    ]);
  });

  it('names the first 5 events in the message and the others in the evidence', () => {
    let builder = snapshot();
    for (let day = 1; day <= 7; day++)
      builder = builder.addAuditTrail(
        entry({
          id: `0Ym00000000000${day}AAA`,
          action: 'frozeuser',
          display: 'Froze user account for Ledger Integration',
          createdDate: `2026-11-0${day}T09:00:00.000Z`,
        }),
      );
    const [finding] = evaluate(builder.build(), [rule]).findings.filter((f) => f.status === 'fail');
    expect(finding?.message).toMatch(
      /\(7 Setup Audit Trail event\(s\)\): 2026-11-07T09:00:00Z frozen .*; 2026-11-03T09:00:00Z frozen \(frozeuser by grace\.okafor@acme\.com\); and 2 more \(the evidence lists up to 20\)$/,
    );
    expect(finding?.message.match(/ frozen /g)).toHaveLength(5);
    expect(finding?.evidence?.actual).toHaveLength(7);
  });

  it('rejects a since option that is not ISO-8601', () => {
    expect(() =>
      evaluate(examples.pass, [rule], { ruleOptions: { 'RG-0030': { since: 'last week' } } }),
    ).toThrow(/options of rule RG-0030 are invalid/);
  });

  it('reads only the start of a huge Display text', () => {
    const display = `${'app '.repeat(50_000)}Froze user account for Ledger Integration`;
    const s = snapshot()
      .addAuditTrail(entry({ action: 'frozeuser', display }))
      .build();
    expect(evaluate(s, [rule]).findings.map((f) => f.status)).toEqual(['pass', 'pass']);
  });
});

describe('RG-0030 ties each event to what the integration loses', () => {
  const ecaId = deterministicId('005', BASE.ecaUser);
  const unassigned = entry({
    id: '0Ym000000000009AAA',
    action: 'PermSetUnassign',
    display: `Permission set Billing Integration: unassigned from user Billing Integration (UserID: [${ecaId}])`,
    createdDate: '2026-11-24T10:00:00.000Z',
    createdBy: 'admin@acme.com',
  });
  const billing = (s: ReturnType<typeof snapshot>) => {
    const finding = evaluate(s.addAuditTrail(unassigned).build(), [rule]).findings.find(
      (f) => f.app === BASE.eca,
    );
    return finding;
  };

  it('names the set, its author and every grant no other container still gives', () => {
    const finding = billing(snapshot().unassign(BASE.ecaUser, BASE.ecaPermissionSet));
    expect(finding?.status).toBe('fail');
    expect(finding?.message).toBe(
      `${BASE.ecaUser}, the run-as user of ${BASE.eca}, changed since 2026-08-27T12:00:00Z (1 Setup Audit Trail event(s)): 2026-11-24T10:00:00Z permission set Billing_Integration unassigned (PermSetUnassign by admin@acme.com): Billing_Callback loses field Account.Billing_Status__c read, field Invoice__c.Amount__c read, Account read, Invoice__c create, Invoice__c edit, Invoice__c read`,
    );
    const [evidence] = finding?.evidence?.actual as { id?: string; affects?: string }[];
    expect(evidence?.id).toBe('0Ym000000000009AAA');
    expect(evidence?.affects).toBe(finding?.message.split('event(s)): ')[1]);
  });

  it('leaves out what another container still gives', () => {
    const finding = billing(
      snapshot()
        .unassign(BASE.ecaUser, BASE.ecaPermissionSet)
        .addPermissionSet('Billing_Extra', {
          objectPermissions: {
            Invoice__c: {
              allowRead: true,
              allowCreate: true,
              allowEdit: false,
              allowDelete: false,
              viewAllRecords: false,
              modifyAllRecords: false,
              viewAllFields: false,
            },
          },
        })
        .assign(BASE.ecaUser, { permissionSet: 'Billing_Extra' }),
    );
    expect(finding?.message).toMatch(
      /Billing_Callback loses field Account\.Billing_Status__c read, field Invoice__c\.Amount__c read, Account read, Invoice__c edit$/,
    );
  });

  it('says when the set is not in the snapshot instead of guessing', () => {
    const finding = billing(
      snapshot()
        .unassign(BASE.ecaUser, BASE.ecaPermissionSet)
        .with((s) => {
          s.permissionSets = s.permissionSets.filter((p) => p.name !== BASE.ecaPermissionSet);
        }),
    );
    expect(finding?.message).toMatch(
      /permission set Billing Integration unassigned \(PermSetUnassign by admin@acme\.com\): what Billing_Callback loses is not computable \(it is not in this collection/,
    );
  });

  it('reads an unassigned set the collection no longer holds from the previous run (monitor)', () => {
    const before = snapshot().build();
    const former = before.permissionSets.filter((p) => p.name === BASE.ecaPermissionSet);
    expect(former).toHaveLength(1);
    const s = snapshot()
      .unassign(BASE.ecaUser, BASE.ecaPermissionSet)
      .with((x) => {
        x.permissionSets = x.permissionSets.filter((p) => p.name !== BASE.ecaPermissionSet);
      })
      .addAuditTrail(unassigned)
      .build();
    const options = {
      'RG-0030': {
        formerContainers: {
          permissionSets: former,
          permissionSetGroups: [],
          mutingPermissionSets: [],
        },
      },
    };
    const finding = evaluate(s, [rule], { ruleOptions: options }).findings.find(
      (f) => f.app === BASE.eca,
    );
    expect(finding?.message).toMatch(
      /permission set Billing_Integration unassigned \(PermSetUnassign by admin@acme\.com\): Billing_Callback loses field Account\.Billing_Status__c read, field Invoice__c\.Amount__c read, Account read, Invoice__c create, Invoice__c edit, Invoice__c read \(the set as the previous run read it\)$/,
    );
  });

  it('says when the set is held again', () => {
    const finding = billing(snapshot());
    expect(finding?.message).toMatch(
      /: Billing_Callback loses nothing now \(billing\.integration@acme\.com holds Billing_Integration again\)$/,
    );
  });

  it('says when other containers give every grant', () => {
    const finding = billing(
      snapshot()
        .unassign(BASE.ecaUser, BASE.ecaPermissionSet)
        .with((s) => {
          const set = s.permissionSets.find((p) => p.name === BASE.ecaPermissionSet);
          if (set !== undefined)
            s.permissionSets.push({ ...set, name: 'Billing_Copy', label: 'Billing Copy' });
        })
        .assign(BASE.ecaUser, { permissionSet: 'Billing_Copy' }),
    );
    expect(finding?.message).toMatch(
      /: Billing_Callback loses nothing \(other containers still give each of its grants\)$/,
    );
  });

  it('reads the container of set and group unassignments only', () => {
    const groupEntry = (action: string, display: string) =>
      unassignedContainer(entry({ action, display }));
    expect(
      groupEntry(
        'PermSetGroupUnassign',
        'Permission set group Billing Access: unassigned from user X',
      ),
    ).toEqual({ kind: 'PermissionSetGroup', label: 'Billing Access' });
    expect(
      groupEntry(
        'PermSetUnassign_HasExpiration',
        'Permission set Billing: Integration: unassigned from user X',
      ),
    ).toEqual({ kind: 'PermissionSet', label: 'Billing: Integration' });
    expect(
      groupEntry(
        'PermSetLicenseUnassign',
        'Permission set license Billing: unassigned from user X',
      ),
    ).toBeUndefined();
    expect(groupEntry('PermSetUnassign', 'Removed something from user X')).toBeUndefined();
  });

  it('says so when access was not collected', () => {
    const finding = billing(
      snapshot().unassign(BASE.ecaUser, BASE.ecaPermissionSet).failFacet('access'),
    );
    expect(finding?.status).toBe('fail');
    expect(finding?.message).toMatch(/not computable \(access was not collected\)$/);
  });
});

describe('RG-0030 with new rows only (monitor)', () => {
  it('reports the new rows only, in message and evidence', () => {
    const s = snapshot()
      .addAuditTrail(entry({ id: '0Ym000000000001AAA', createdDate: '2026-11-20T10:00:00.000Z' }))
      .addAuditTrail(
        entry({
          id: '0Ym000000000002AAA',
          action: 'frozeuser',
          display: 'Froze user account for Ledger Integration',
          createdDate: '2026-11-25T11:55:00.000Z',
        }),
      )
      .build();
    const { findings } = evaluate(s, [rule], {
      ruleOptions: { 'RG-0030': { newIds: ['0Ym000000000001AAA'] } },
    });
    const ledger = findings.find((f) => f.app === BASE.connectedApp);
    expect(ledger?.message).toBe(
      `${BASE.connectedAppUser}, the run-as user of ${BASE.connectedApp}, changed: 1 Setup Audit Trail event(s) new since the last run: 2026-11-20T10:00:00Z deactivated (deactivateduser by grace.okafor@acme.com)`,
    );
    expect((ledger?.evidence?.actual as { id: string }[]).map((e) => e.id)).toEqual([
      '0Ym000000000001AAA',
    ]);
    expect(findings.find((f) => f.app === BASE.eca)?.message).toBe(
      `The Setup Audit Trail shows no new lifecycle event for ${BASE.ecaUser}, the run-as user of ${BASE.eca}, since the last run`,
    );
  });
});

describe('RG-0030 with a full name two known users share', () => {
  it('attributes the event to neither and says why', () => {
    const s = snapshot()
      .addUser('ledger.old@acme.com', { name: 'Ledger Integration' })
      .addAuditTrail(
        entry({ action: 'frozeuser', display: 'Froze user account for Ledger Integration' }),
      )
      .build();
    const ledger = evaluate(s, [rule]).findings.find((f) => f.app === BASE.connectedApp);
    expect(ledger?.status).toBe('pass');
    expect(ledger?.message).toBe(
      `The Setup Audit Trail shows no lifecycle event attributable to ${BASE.connectedAppUser}, the run-as user of ${BASE.connectedApp}; 1 event(s) name it by full name only (Ledger Integration), which ledger.old@acme.com share too, so they are not attributed: 2026-11-20T10:00:00Z frozen (frozeuser)`,
    );
    expect((ledger?.evidence?.actual as { ambiguous: string }[])[0]?.ambiguous).toBe(
      `names Ledger Integration by full name only, shared by ${BASE.connectedAppUser}, ledger.old@acme.com`,
    );
  });

  it('lists the unattributed event next to an attributed one', () => {
    const s = snapshot()
      .addUser('ledger.old@acme.com', { name: 'Ledger Integration' })
      .addAuditTrail(entry({}))
      .addAuditTrail(
        entry({ action: 'frozeuser', display: 'Froze user account for Ledger Integration' }),
      )
      .build();
    const ledger = evaluate(s, [rule]).findings.find((f) => f.app === BASE.connectedApp);
    expect(ledger?.message).toMatch(/\(1 Setup Audit Trail event\(s\)\): .* deactivated /);
    expect(
      (ledger?.evidence?.actual as { action: string; ambiguous?: string }[]).map((e) => [
        e.action,
        e.ambiguous !== undefined,
      ]),
    ).toEqual([
      ['deactivateduser', false],
      ['frozeuser', true],
    ]);
  });
});
