// The test-support snapshot of an org model is a valid snapshot and carries what the facts need.

import { describe, expect, it } from 'vitest';

import { loadOrgFixture } from '../../fixture/index.js';
import { OrgSnapshotSchema } from '../../model/snapshot.js';
import { DEMO_ORG } from '../../../test/helpers/emulator.js';
import { snapshotOfOrg } from './org-snapshot.js';

describe('snapshotOfOrg', () => {
  it('turns the demo org into a valid live snapshot with user state, assignments and audit trail', async () => {
    const org = await loadOrgFixture(DEMO_ORG);
    const snapshot = snapshotOfOrg(org, 'http://127.0.0.1:1');
    expect(() => OrgSnapshotSchema.parse(snapshot)).not.toThrow();
    expect(snapshot.users.find((u) => u.username.startsWith('customs.'))).toMatchObject({
      isFrozen: true,
      profileFullName: 'Minimum Access - API Only Integrations',
      userLicense: 'Salesforce Integration',
    });
    expect(snapshot.users.find((u) => u.username.startsWith('dock.'))?.isActive).toBe(false);
    expect(snapshot.assignments).toContainEqual({
      username: 'telematics.integration@acme-logistics.example',
      permissionSet: 'Fleet_Telematics_Integration',
    });
    expect(snapshot.auditTrail.find((e) => e.action === 'deactivateduser')).toMatchObject({
      createdBy: 'dana.whitfield@acme-logistics.example',
      createdDate: '2026-11-20T17:05:52.000+0000',
    });
    expect(snapshot.objects.Shipment__c).toEqual(
      expect.arrayContaining(['Carrier_Status__c', 'Tracking_Number__c']),
    );
  });
});
