import { BASE, snapshot } from '../../testing/snapshot-builder.js';

/** Neither run-as user is locked out. */
export const pass = snapshot().build();

/** The Connected App's run-as user is password-locked. */
export const fail = snapshot().withUser(BASE.connectedAppUser, { isPasswordLocked: true }).build();
