import { describe, expect, it } from 'vitest';

import { loadOrgFixture } from '../fixture/index.js';
import { OrgView } from './org-view.js';

const DEMO_ORG = new URL('../../demo/org', import.meta.url).pathname;
const RUN_AS = 'telematics.integration@acme-logistics.example';

describe('OrgView.access', () => {
  it('never serves a cached access past an expiry, even within the cached minute', async () => {
    const org = await loadOrgFixture(DEMO_ORG);
    const user = org.records.get('User')?.find((u) => u.Username === RUN_AS);
    const set = org.records
      .get('PermissionSet')
      ?.find((p) => p.Name === 'Fleet_Telematics_Integration');
    const psa = org.records
      .get('PermissionSetAssignment')
      ?.find((a) => a.AssigneeId === user?.Id && a.PermissionSetId === set?.Id);
    if (psa === undefined) throw new Error('no assignment of Fleet_Telematics_Integration');
    psa.ExpirationDate = '2026-11-25T12:00:30.000Z';

    const view = new OrgView(org);
    const telematics = view.userByUsername(RUN_AS);
    if (telematics === undefined) throw new Error(`no user ${RUN_AS}`);
    const canCreate = (at: string): boolean =>
      view.access(telematics, new Date(at)).objects.get('Shipment__c')?.has('create') ?? false;

    expect(canCreate('2026-11-25T12:00:00.000Z')).toBe(true);
    expect(canCreate('2026-11-25T12:00:29.999Z')).toBe(true);
    // The same minute as the cached answers above: the expiry still takes effect at its instant.
    expect(canCreate('2026-11-25T12:00:30.000Z')).toBe(false);
    expect(canCreate('2026-11-25T12:00:59.999Z')).toBe(false);
  });
});

describe('OrgView lookups', () => {
  it('find every user, its login and its assignments as a scan of the tables does', async () => {
    const org = await loadOrgFixture(DEMO_ORG);
    const view = new OrgView(org);
    const rows = (object: string) => org.records.get(object) ?? [];
    const users = rows('User');
    expect(users.length).toBeGreaterThan(10);
    for (const user of users) {
      const byId = view.userById(user.Id.slice(0, 15));
      const byName = view.userByUsername(String(user.Username).toUpperCase());
      expect(byId?.row).toBe(user);
      expect(byName?.row).toBe(user);
      const login = rows('UserLogin').find((l) => l.UserId === user.Id);
      expect(byId?.isFrozen).toBe(login?.IsFrozen === true);
      const held = rows('PermissionSetAssignment').filter((a) => a.AssigneeId === user.Id);
      const viaSets = held.filter((a) => {
        const set = rows('PermissionSet').find((s) => s.Id === a.PermissionSetId);
        return typeof a.PermissionSetGroupId === 'string' || set?.IsOwnedByProfile !== true;
      });
      expect(byId?.assignments).toHaveLength(viaSets.length);
    }
    expect(view.userByUsername('nobody@nowhere.example')).toBeUndefined();
  });

  it('sees an assignment appended to the table after the first lookup', async () => {
    const org = await loadOrgFixture(DEMO_ORG);
    const view = new OrgView(org);
    const user = view.userByUsername(RUN_AS);
    const set = org.records.get('PermissionSet')?.find((s) => s.IsOwnedByProfile !== true);
    if (user === undefined || set === undefined) throw new Error('demo org lacks a user or set');
    const before = user.assignments.length;
    org.records.get('PermissionSetAssignment')?.push({
      Id: '0Pa000000000zzzAAA',
      AssigneeId: user.row.Id,
      PermissionSetId: set.Id,
    });
    expect(view.userById(user.row.Id)?.assignments).toHaveLength(before + 1);
  });
});
