import type { MutingPermissionSetDef } from '../../../model/permissions.js';
import { emptyObjectPermission } from '../../../model/permissions.js';
import { BASE, baseManifest, snapshot } from '../../testing/snapshot-builder.js';

/** The manifest both examples are evaluated with. */
export const manifest = baseManifest();

/** A muting permission set that mutes Edit on Account. */
export const ACCOUNT_EDIT_MUTING: MutingPermissionSetDef = {
  kind: 'MutingPermissionSet',
  name: 'Billing_Access_Muting',
  label: 'Billing Access Muting',
  userPermissions: [],
  objectPermissions: { Account: { ...emptyObjectPermission(), allowEdit: true } },
  fieldPermissions: {},
};

/**
 * The billing permission set is held through the group Billing_Access, whose muting set mutes
 * Edit on Account: harmless, the callback only reads accounts.
 */
export const pass = snapshot()
  .unassign(BASE.ecaUser, BASE.ecaPermissionSet)
  .addMutingPermissionSet(ACCOUNT_EDIT_MUTING)
  .addPermissionSetGroup('Billing_Access', [BASE.ecaPermissionSet], {
    mutingPermissionSet: ACCOUNT_EDIT_MUTING.name,
  })
  .assign(BASE.ecaUser, { permissionSetGroup: 'Billing_Access' })
  .build();

/** The same group, but its muting set mutes Read on Account, which the callback needs. */
export const fail = snapshot(pass)
  .with((s) => {
    const muting = s.mutingPermissionSets[0];
    if (muting !== undefined)
      muting.objectPermissions = { Account: { ...emptyObjectPermission(), allowRead: true } };
  })
  .build();
