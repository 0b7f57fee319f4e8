// The emulator's view of one user: profile, assignments, login state and effective access,
// read from the org model's records the way Salesforce itself would evaluate them.

import { accessCatalogFromOrg, resolveEffectiveAccess } from '../model/effective/resolve.js';
import type { AccessAssignment, AccessCatalog, EffectiveAccess } from '../model/effective/types.js';
import type { ClientApp, OrgModel, SObjectRow } from '../model/org.js';
import type { ProfileDef } from '../model/permissions.js';
import { isAssignmentActive } from '../model/policy/index.js';
import { indexOf } from './soql/indexes.js';

export interface UserView {
  row: SObjectRow;
  username: string;
  isActive: boolean;
  isFrozen: boolean;
  isPasswordLocked: boolean;
  profile: ProfileDef;
  assignments: AccessAssignment[];
}

/** A key for strict equality (`===`) of a field's value: strings never coerced, other types apart. */
export const exact = (value: unknown): string =>
  typeof value === 'string' ? `s:${value}` : `\u0000${typeof value}:${String(value)}`;

export class OrgView {
  readonly #catalog: AccessCatalog;
  readonly #accessCache = new Map<string, EffectiveAccess>();

  constructor(readonly org: OrgModel) {
    this.#catalog = accessCatalogFromOrg(org);
  }

  rows(object: string): readonly SObjectRow[] {
    return this.org.records.get(object) ?? [];
  }

  /**
   * The first row of `object` whose `keyOf` is `key`, through an index of the table (every request
   * reads its caller's user, profile, login and assignments: no scan of 50,000 users each time).
   */
  #first(object: string, name: string, keyOf: (row: SObjectRow) => string, key: string) {
    const rows = this.rows(object);
    const at = indexOf(rows, `view:${name}`, keyOf).get(key)?.[0];
    return at === undefined ? undefined : rows[at];
  }

  /** Positions in `rows(object)` of the rows whose `keyOf` is `key`, ascending. */
  positionsWhere(
    object: string,
    name: string,
    keyOf: (row: SObjectRow) => string,
    key: string,
  ): readonly number[] {
    return indexOf(this.rows(object), `view:${name}`, keyOf).get(key) ?? [];
  }

  /** The rows of `object` whose `keyOf` is `key`, in table order. */
  rowsWhere(object: string, name: string, keyOf: (row: SObjectRow) => string, key: string) {
    const rows = this.rows(object);
    return this.positionsWhere(object, name, keyOf, key).flatMap((i) => rows[i] ?? []);
  }

  rowById(object: string, id: string): SObjectRow | undefined {
    return this.#first(object, 'Id15', (r) => r.Id.slice(0, 15), id.slice(0, 15));
  }

  userByUsername(username: string): UserView | undefined {
    const byName = (u: SObjectRow): string => String(u.Username).toLowerCase();
    const row = this.#first('User', 'Username', byName, username.toLowerCase());
    return row === undefined ? undefined : this.#view(row);
  }

  userById(id: string): UserView | undefined {
    const row = this.rowById('User', id);
    return row === undefined ? undefined : this.#view(row);
  }

  appByConsumerKey(consumerKey: string): ClientApp | undefined {
    const client = this.org.clients.find((c) => c.consumerKey === consumerKey);
    const name = client?.app;
    return this.org.apps.find((a) =>
      name !== undefined ? a.name === name : a.consumerKey === consumerKey,
    );
  }

  /**
   * Effective access at `now`. Cached per user, minute (records may change) and the assignments
   * still granting at `now`: an expiry changes the key at its very instant, even within a minute.
   */
  access(user: UserView, now: Date): EffectiveAccess {
    const at = now.getTime();
    const active = user.assignments
      .filter((a) => isAssignmentActive(a.expirationDate, at))
      .map((a) => a.permissionSetGroup ?? `:${a.permissionSet ?? ''}`);
    const key = JSON.stringify([user.row.Id, Math.floor(at / 60_000), active]);
    let access = this.#accessCache.get(key);
    if (access === undefined) {
      access = resolveEffectiveAccess(
        { profile: user.profile, assignments: user.assignments, now: now.toISOString() },
        this.#catalog,
      );
      this.#accessCache.set(key, access);
    }
    return access;
  }

  #view(row: SObjectRow): UserView {
    const login = this.#first('UserLogin', 'exact:UserId', (l) => exact(l.UserId), exact(row.Id));
    return {
      row,
      username: String(row.Username),
      isActive: row.IsActive !== false,
      isFrozen: login?.IsFrozen === true,
      isPasswordLocked: login?.IsPasswordLocked === true,
      profile: this.#profileOf(row),
      assignments: this.#assignmentsOf(row.Id),
    };
  }

  #profileOf(user: SObjectRow): ProfileDef {
    const profileRow = this.rowById('Profile', String(user.ProfileId));
    const name = profileRow === undefined ? undefined : String(profileRow.Name);
    const profile = this.org.profiles.find((p) => p.name === name || p.fullName === name);
    if (profile === undefined) {
      // The loader rejects users whose profile does not exist, so this is a broken model.
      throw new Error(
        `User ${String(user.Username)} has no known profile (${String(user.ProfileId)})`,
      );
    }
    return profile;
  }

  #assignmentsOf(userId: string): AccessAssignment[] {
    const out: AccessAssignment[] = [];
    const byAssignee = (psa: SObjectRow): string => exact(psa.AssigneeId);
    for (const psa of this.rowsWhere(
      'PermissionSetAssignment',
      'exact:AssigneeId',
      byAssignee,
      exact(userId),
    )) {
      const expirationDate =
        typeof psa.ExpirationDate === 'string' ? { expirationDate: psa.ExpirationDate } : {};
      if (typeof psa.PermissionSetGroupId === 'string') {
        const group = this.rowById('PermissionSetGroup', psa.PermissionSetGroupId);
        if (group !== undefined)
          out.push({ permissionSetGroup: String(group.DeveloperName), ...expirationDate });
        continue;
      }
      const set = this.rowById('PermissionSet', String(psa.PermissionSetId));
      // The profile-owned set stands for the profile, which AccessInput carries separately.
      if (set === undefined || set.IsOwnedByProfile === true) continue;
      out.push({ permissionSet: String(set.Name), ...expirationDate });
    }
    return out;
  }
}
