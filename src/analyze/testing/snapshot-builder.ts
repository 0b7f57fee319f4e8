// A fluent builder of OrgSnapshots from a passing base (ScubaGear's base fixture + json.patch,
// Prowler's builders): each test or rule example changes one thing. Lives in src/ because rule
// examples (examples.ts) use it to render docs; test/helpers/snapshot-builder.ts re-exports it.
//
// The base: one External Client App and one Connected App with the client credentials flow, each
// with its own active, API-only user of the Salesforce Integration licence on Minimum Access - API
// Only Integrations plus a least-privilege permission set, pre-authorized by that permission set,
// scopes Api only, every facet collected. Every rule passes on it.

import { STANDARD_PROFILES } from '../../model/standard/profiles.js';
import type { ClientApp } from '../../model/org.js';
import type {
  MutingPermissionSetDef,
  ObjectPermission,
  PermissionSetDef,
  PermissionSetGroupDef,
  ProfileDef,
} from '../../model/permissions.js';
import { emptyObjectPermission } from '../../model/permissions.js';
import { FACETS, SNAPSHOT_SCHEMA_VERSION } from '../../model/snapshot.js';
import type {
  AuditTrailEntry,
  Facet,
  LedgerEntry,
  LoginHistoryEntry,
  OauthTokenEntry,
  OrgSnapshot,
  SnapshotAssignment,
  SnapshotUser,
} from '../../model/snapshot.js';
import { deterministicId } from '../../util/ids.js';
import type { Manifest, ManifestIntegration } from '../../manifest/schema.js';
import type { SourceSecret } from '../../model/snapshot.js';

/** A patch: a key set to undefined is removed (exactOptionalPropertyTypes forbids storing it). */
export type Patch<T> = { [K in keyof T]?: T[K] | undefined };

export const BASE = {
  collectedAt: '2026-11-25T12:00:00.000Z',
  orgId: '00D000000000001AAA',
  instanceUrl: 'https://acme.my.salesforce.com',
  integrationProfile: 'Minimum Access - API Only Integrations',
  /** The External Client App and its run-as user. */
  eca: 'Billing_Callback',
  ecaUser: 'billing.integration@acme.com',
  ecaPermissionSet: 'Billing_Integration',
  /** The Connected App and its run-as user. */
  connectedApp: 'Ledger_Export',
  connectedAppUser: 'ledger.integration@acme.com',
  connectedAppPermissionSet: 'Ledger_Integration',
} as const;

function objectPermission(patch: Partial<ObjectPermission>): ObjectPermission {
  return { ...emptyObjectPermission(), ...patch };
}

function standardProfile(nameOrFullName: string): ProfileDef | undefined {
  const found = STANDARD_PROFILES.find(
    (p) => p.name === nameOrFullName || p.fullName === nameOrFullName,
  );
  return found === undefined ? undefined : structuredClone(found);
}

function requireStandardProfile(name: string): ProfileDef {
  const profile = standardProfile(name);
  if (profile === undefined) throw new Error(`no standard profile ${name}`);
  return profile;
}

function integrationUser(username: string, name: string): SnapshotUser {
  return {
    id: deterministicId('005', username),
    username,
    name,
    isActive: true,
    userType: 'Standard',
    profileName: BASE.integrationProfile,
    profileFullName: BASE.integrationProfile,
    userLicense: 'Salesforce Integration',
    isFrozen: false,
    isPasswordLocked: false,
    lastLoginDate: '2026-11-25T11:00:00.000Z',
  };
}

function integrationPermissionSet(
  name: string,
  label: string,
  objects: Record<string, Partial<ObjectPermission>>,
  fields: readonly string[],
): PermissionSetDef {
  return {
    kind: 'PermissionSet',
    name,
    label,
    license: 'Salesforce API Integration',
    hasActivationRequired: false,
    userPermissions: [],
    objectPermissions: Object.fromEntries(
      Object.entries(objects).map(([o, p]) => [o, objectPermission(p)]),
    ),
    fieldPermissions: Object.fromEntries(
      fields.map((f) => [f, { readable: true, editable: false }]),
    ),
  };
}

function okLedger(): Record<Facet, LedgerEntry> {
  return Object.fromEntries(FACETS.map((f) => [f, { status: 'ok', requests: 1 }])) as Record<
    Facet,
    LedgerEntry
  >;
}

/** The passing base, freshly built. */
export function baseSnapshot(): OrgSnapshot {
  const eca: ClientApp = {
    type: 'ExternalClientApplication',
    name: BASE.eca,
    label: 'Billing Callback',
    consumerKey: '3MVG9EXAMPLEBILLINGCALLBACKKEY',
    clientCredentialsEnabled: true,
    globalClientCredentialsEnabled: true,
    policyClientCredentialsEnabled: true,
    runAsUsername: BASE.ecaUser,
    adminApproved: true,
    preAuthorizedProfiles: [],
    preAuthorizedPermissionSets: [BASE.ecaPermissionSet],
    scopes: ['Api'],
    ipRelaxation: 'Enforce',
    refreshTokenPolicy: 'Zero',
    enabled: true,
    location: {
      file: 'force-app/main/default/extlClntAppOauthPolicies/Billing_Callback_oauthPlcy.ecaOauthPlcy-meta.xml',
    },
  };
  const connectedApp: ClientApp = {
    type: 'ConnectedApp',
    name: BASE.connectedApp,
    label: 'Ledger Export',
    consumerKey: '3MVG9EXAMPLELEDGEREXPORTKEY',
    clientCredentialsEnabled: true,
    runAsUsername: BASE.connectedAppUser,
    adminApproved: true,
    preAuthorizedProfiles: [],
    preAuthorizedPermissionSets: [BASE.connectedAppPermissionSet],
    scopes: ['Api'],
    ipRelaxation: 'ENFORCE',
    refreshTokenPolicy: 'zero',
    enabled: true,
    location: { file: 'force-app/main/default/connectedApps/Ledger_Export.connectedApp-meta.xml' },
  };
  const logins: LoginHistoryEntry[] = [
    {
      username: BASE.ecaUser,
      loginTime: '2026-11-25T11:00:00.000Z',
      loginType: 'Remote Access 2.0',
      status: 'Success',
      application: 'Billing Callback',
      sourceIp: '203.0.113.10',
    },
    {
      username: BASE.connectedAppUser,
      loginTime: '2026-11-25T02:00:00.000Z',
      loginType: 'Remote Access 2.0',
      status: 'Success',
      application: 'Ledger Export',
      sourceIp: '203.0.113.20',
    },
  ];
  return {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    tool: { name: 'runas-guard', version: '0.0.0-test' },
    mode: 'live',
    org: { id: BASE.orgId, instanceUrl: BASE.instanceUrl, isSandbox: false, name: 'Acme' },
    project: null,
    collectedAt: BASE.collectedAt,
    apps: [eca, connectedApp],
    users: [
      integrationUser(BASE.ecaUser, 'Billing Integration'),
      integrationUser(BASE.connectedAppUser, 'Ledger Integration'),
    ],
    profiles: [requireStandardProfile(BASE.integrationProfile)],
    permissionSets: [
      integrationPermissionSet(
        BASE.ecaPermissionSet,
        'Billing Integration',
        {
          Invoice__c: { allowRead: true, allowCreate: true, allowEdit: true },
          Account: { allowRead: true },
        },
        ['Invoice__c.Amount__c', 'Account.Billing_Status__c'],
      ),
      integrationPermissionSet(
        BASE.connectedAppPermissionSet,
        'Ledger Integration',
        { Opportunity: { allowRead: true }, Contract: { allowRead: true } },
        ['Opportunity.Amount', 'Contract.ContractTerm'],
      ),
    ],
    mutingPermissionSets: [],
    permissionSetGroups: [],
    assignments: [
      { username: BASE.ecaUser, permissionSet: BASE.ecaPermissionSet },
      { username: BASE.connectedAppUser, permissionSet: BASE.connectedAppPermissionSet },
    ],
    objects: {
      Account: ['Billing_Status__c', 'Industry'],
      Contract: ['ContractTerm', 'Status'],
      Invoice__c: ['Amount__c', 'Status__c'],
      Opportunity: ['Amount', 'StageName'],
    },
    loginHistory: logins,
    auditTrail: [],
    oauthTokens: [],
    ledger: okLedger(),
    apiRequests: FACETS.length,
  };
}

/** A snapshot with nothing in it: every facet collected, no apps, no users. */
export function emptySnapshot(): OrgSnapshot {
  return {
    ...baseSnapshot(),
    apps: [],
    users: [],
    profiles: [],
    permissionSets: [],
    assignments: [],
    objects: {},
    loginHistory: [],
  };
}

function applyPatch<T extends object>(target: T, patch: Patch<T>): T {
  const removed = new Set(
    Object.entries(patch)
      .filter(([, value]) => value === undefined)
      .map(([key]) => key),
  );
  const kept = Object.entries({ ...target, ...patch }).filter(([key]) => !removed.has(key));
  return Object.fromEntries(kept) as T;
}

function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

export interface NewIntegration {
  /** App developer name. */
  app: string;
  type?: ClientApp['type'];
  /** Run-as username; an existing user is reused (a shared run-as user). */
  username: string;
  /** Extra fields for the app. */
  appPatch?: Patch<ClientApp>;
}

export class SnapshotBuilder {
  #snapshot: OrgSnapshot;

  constructor(from: OrgSnapshot = baseSnapshot()) {
    this.#snapshot = structuredClone(from);
  }

  /** Changes an existing user (by username, case-insensitive). */
  withUser(username: string, patch: Patch<SnapshotUser>): this {
    const index = this.#snapshot.users.findIndex((u) => sameName(u.username, username));
    const user = this.#snapshot.users[index];
    if (user === undefined) throw new Error(`no user ${username} in the snapshot`);
    this.#snapshot.users[index] = applyPatch(user, patch);
    return this;
  }

  /** Puts a user on a profile; a standard profile is added to the snapshot when needed. */
  withProfile(username: string, profile: string): this {
    const def =
      this.#snapshot.profiles.find((p) => p.name === profile || p.fullName === profile) ??
      standardProfile(profile);
    if (def === undefined) throw new Error(`no profile ${profile}: add it with addProfile()`);
    if (!this.#snapshot.profiles.some((p) => p.fullName === def.fullName))
      this.#snapshot.profiles.push(def);
    return this.withUser(username, {
      profileName: def.name,
      profileFullName: def.fullName,
      userLicense: def.userLicense,
    });
  }

  /** Adds a user (defaults: an active integration user like the base ones). */
  addUser(username: string, patch: Patch<SnapshotUser> = {}): this {
    if (this.#snapshot.users.some((u) => sameName(u.username, username)))
      throw new Error(`user ${username} already exists`);
    this.#snapshot.users.push(applyPatch(integrationUser(username, username), patch));
    return this;
  }

  /** Removes a user record (the configured username then does not exist). */
  removeUser(username: string): this {
    this.#snapshot.users = this.#snapshot.users.filter((u) => !sameName(u.username, username));
    return this;
  }

  /** Changes an existing app by developer name. */
  withApp(name: string, patch: Patch<ClientApp>): this {
    const index = this.#snapshot.apps.findIndex((a) => a.name === name);
    const app = this.#snapshot.apps[index];
    if (app === undefined) throw new Error(`no app ${name} in the snapshot`);
    this.#snapshot.apps[index] = applyPatch(app, patch);
    return this;
  }

  /**
   * Adds a client-credentials app like the base Connected App (admin-approved, pre-authorized by
   * the run-as user's profile), and its run-as user when the username is new.
   */
  addIntegration(spec: NewIntegration): this {
    if (this.#snapshot.apps.some((a) => a.name === spec.app))
      throw new Error(`app ${spec.app} already exists`);
    if (!this.#snapshot.users.some((u) => sameName(u.username, spec.username)))
      this.addUser(spec.username);
    const app: ClientApp = {
      type: spec.type ?? 'ConnectedApp',
      name: spec.app,
      label: spec.app.replaceAll('_', ' '),
      clientCredentialsEnabled: true,
      runAsUsername: spec.username,
      adminApproved: true,
      preAuthorizedProfiles: [BASE.integrationProfile],
      preAuthorizedPermissionSets: [],
      scopes: ['Api'],
      enabled: true,
      location: { file: `force-app/main/default/connectedApps/${spec.app}.connectedApp-meta.xml` },
    };
    this.#snapshot.apps.push(applyPatch(app, spec.appPatch ?? {}));
    return this;
  }

  removeApp(name: string): this {
    this.#snapshot.apps = this.#snapshot.apps.filter((a) => a.name !== name);
    return this;
  }

  addProfile(profile: ProfileDef): this {
    this.#snapshot.profiles.push(structuredClone(profile));
    return this;
  }

  /** Adds a permission set (defaults: no permissions, not session-based). */
  addPermissionSet(name: string, patch: Patch<PermissionSetDef> = {}): this {
    const def: PermissionSetDef = {
      kind: 'PermissionSet',
      name,
      label: name.replaceAll('_', ' '),
      hasActivationRequired: false,
      userPermissions: [],
      objectPermissions: {},
      fieldPermissions: {},
    };
    this.#snapshot.permissionSets.push(applyPatch(def, patch));
    return this;
  }

  withPermissionSet(name: string, patch: Patch<PermissionSetDef>): this {
    const index = this.#snapshot.permissionSets.findIndex((p) => p.name === name);
    const set = this.#snapshot.permissionSets[index];
    if (set === undefined) throw new Error(`no permission set ${name}`);
    this.#snapshot.permissionSets[index] = applyPatch(set, patch);
    return this;
  }

  /** Adds system permissions to a permission set, creating it when absent. */
  grant(permissionSet: string, ...systemPermissions: string[]): this {
    if (!this.#snapshot.permissionSets.some((p) => p.name === permissionSet))
      this.addPermissionSet(permissionSet);
    const set = this.#snapshot.permissionSets.find((p) => p.name === permissionSet);
    if (set !== undefined)
      set.userPermissions = [...new Set([...set.userPermissions, ...systemPermissions])];
    return this;
  }

  addPermissionSetGroup(
    name: string,
    permissionSets: readonly string[],
    patch: Patch<PermissionSetGroupDef> = {},
  ): this {
    const def: PermissionSetGroupDef = {
      kind: 'PermissionSetGroup',
      name,
      label: name.replaceAll('_', ' '),
      permissionSets: [...permissionSets],
      hasActivationRequired: false,
      status: 'Updated',
    };
    this.#snapshot.permissionSetGroups.push(applyPatch(def, patch));
    return this;
  }

  addMutingPermissionSet(def: MutingPermissionSetDef): this {
    this.#snapshot.mutingPermissionSets.push(structuredClone(def));
    return this;
  }

  /** Assigns a permission set or group to a user. */
  assign(username: string, assignment: Omit<SnapshotAssignment, 'username'>): this {
    this.#snapshot.assignments.push({ username, ...assignment });
    return this;
  }

  /** Removes a user's assignments of a permission set or group (by name). */
  unassign(username: string, container: string): this {
    this.#snapshot.assignments = this.#snapshot.assignments.filter(
      (a) =>
        !(
          sameName(a.username, username) &&
          (a.permissionSet === container || a.permissionSetGroup === container)
        ),
    );
    return this;
  }

  addLogin(entry: LoginHistoryEntry): this {
    this.#snapshot.loginHistory.push({ ...entry });
    return this;
  }

  /** Marks a facet's requests as failed, as the live collector does on an error response. */
  failFacet(
    facet: Facet,
    failure: Partial<Omit<Extract<LedgerEntry, { status: 'failed' }>, 'status'>> = {},
  ): this {
    this.#snapshot.ledger[facet] = {
      status: 'failed',
      request: failure.request ?? `test.${facet}`,
      errorCode: failure.errorCode ?? 'INSUFFICIENT_ACCESS',
      message: failure.message ?? 'insufficient access rights on object id',
      ...(failure.permission === undefined ? {} : { permission: failure.permission }),
    };
    return this;
  }

  /** Marks a facet as not available in this mode. */
  unsupportFacet(facet: Facet, reason = 'not available in this mode'): this {
    this.#snapshot.ledger[facet] = { status: 'unsupported', reason };
    return this;
  }

  /**
   * Project mode as `--project` collects it: configuration only, no org, no user state (users,
   * logins, audit trail and tokens are unsupported; assignments are not metadata).
   */
  inProjectMode(project = { name: 'acme-integrations', path: '/work/acme-integrations' }): this {
    this.#snapshot.mode = 'project';
    this.#snapshot.org = null;
    this.#snapshot.project = { ...project };
    this.#snapshot.users = [];
    this.#snapshot.assignments = [];
    this.#snapshot.loginHistory = [];
    this.#snapshot.apiRequests = 0;
    const reason = 'user state is not metadata; add a live source for it';
    for (const facet of [
      'users',
      'userLogin',
      'loginHistory',
      'auditTrail',
      'oauthTokens',
    ] as const)
      this.unsupportFacet(facet, reason);
    return this;
  }

  /** Any other change, on a copy of the snapshot. */
  with(change: (snapshot: OrgSnapshot) => void): this {
    change(this.#snapshot);
    return this;
  }

  build(): OrgSnapshot {
    return structuredClone(this.#snapshot);
  }

  // -------------------------------------------------------------------------------------------
  // Session policies, login history, audit trail and OAuth tokens (RG-0015 to RG-0039)

  /** Changes a profile already in the snapshot (by label or metadata full name). */
  withProfileDef(nameOrFullName: string, patch: Patch<ProfileDef>): this {
    const index = this.#snapshot.profiles.findIndex(
      (p) => p.name === nameOrFullName || p.fullName === nameOrFullName,
    );
    const profile = this.#snapshot.profiles[index];
    if (profile === undefined) throw new Error(`no profile ${nameOrFullName} in the snapshot`);
    this.#snapshot.profiles[index] = applyPatch(profile, patch);
    return this;
  }

  /** Changes an existing permission set group by developer name. */
  withPermissionSetGroup(name: string, patch: Patch<PermissionSetGroupDef>): this {
    const index = this.#snapshot.permissionSetGroups.findIndex((g) => g.name === name);
    const group = this.#snapshot.permissionSetGroups[index];
    if (group === undefined) throw new Error(`no permission set group ${name}`);
    this.#snapshot.permissionSetGroups[index] = applyPatch(group, patch);
    return this;
  }

  /** Removes a user's Login History rows (case-insensitive username). */
  removeLogins(username: string): this {
    this.#snapshot.loginHistory = this.#snapshot.loginHistory.filter(
      (l) => !sameName(l.username, username),
    );
    return this;
  }

  addAuditTrail(entry: AuditTrailEntry): this {
    this.#snapshot.auditTrail.push({ ...entry });
    return this;
  }

  addOauthToken(entry: OauthTokenEntry): this {
    this.#snapshot.oauthTokens.push({ ...entry });
    return this;
  }

  // -------------------------------------------------------------------------------------------
  // The integration manifest and project files (RG-0010 to RG-0037). The manifest is not part of
  // the snapshot: toCase() hands both to the RuleTester, manifest() to evaluate().

  #manifest: Manifest | undefined;

  /** Sets the manifest the snapshot is evaluated with; default: baseManifest(), which declares the base exactly. */
  withManifest(manifest: Manifest = baseManifest()): this {
    this.#manifest = structuredClone(manifest);
    return this;
  }

  /** Changes the manifest entry of an app; a key patched to undefined is removed. */
  withDeclared(app: string, patch: Patch<ManifestIntegration>): this {
    const list = this.#requireManifest().integrations ?? [];
    const index = list.findIndex((i) => i.app === app);
    const entry = list[index];
    if (entry === undefined) throw new Error(`the manifest declares no app ${app}`);
    list[index] = applyPatch(entry, patch);
    return this;
  }

  /** Adds a manifest entry. */
  declare(entry: ManifestIntegration): this {
    const manifest = this.#requireManifest();
    manifest.integrations = [...(manifest.integrations ?? []), structuredClone(entry)];
    return this;
  }

  /** Removes the manifest entries of an app. */
  undeclare(app: string): this {
    const manifest = this.#requireManifest();
    manifest.integrations = (manifest.integrations ?? []).filter((i) => i.app !== app);
    return this;
  }

  withManifestSettings(patch: Patch<NonNullable<Manifest['settings']>>): this {
    const manifest = this.#requireManifest();
    manifest.settings = applyPatch(manifest.settings ?? {}, patch);
    return this;
  }

  /**
   * Project mode as `--project` with the manifest collects it: no user state, and each declared
   * run-as user with the profile, permission sets and groups of its `runAsAccess` (the collector
   * cannot know whether the user is active; it is written as active).
   */
  inProjectModeWithRunAsAccess(): this {
    this.inProjectMode();
    for (const entry of this.#requireManifest().integrations ?? []) {
      const { runAs, runAsAccess } = entry;
      if (runAs === undefined || runAsAccess === undefined) continue;
      if (!this.#snapshot.users.some((u) => sameName(u.username, runAs))) this.addUser(runAs);
      if (runAsAccess.profile !== undefined) this.withProfile(runAs, runAsAccess.profile);
      for (const name of runAsAccess.permissionSets ?? [])
        this.assign(runAs, { permissionSet: name });
      for (const name of runAsAccess.permissionSetGroups ?? [])
        this.assign(runAs, { permissionSetGroup: name });
    }
    return this;
  }

  /** Changes (or adds) one object's permissions in a permission set; other flags are kept. */
  withObjectPermission(
    permissionSet: string,
    object: string,
    patch: Partial<ObjectPermission>,
  ): this {
    const set = this.#snapshot.permissionSets.find((p) => p.name === permissionSet);
    if (set === undefined) throw new Error(`no permission set ${permissionSet}`);
    set.objectPermissions[object] = {
      ...objectPermission(set.objectPermissions[object] ?? {}),
      ...patch,
    };
    return this;
  }

  /** Sets one field's permissions in a permission set; both false removes the entry. */
  withFieldPermission(
    permissionSet: string,
    field: string,
    permission: { readable: boolean; editable: boolean },
  ): this {
    const set = this.#snapshot.permissionSets.find((p) => p.name === permissionSet);
    if (set === undefined) throw new Error(`no permission set ${permissionSet}`);
    if (permission.readable || permission.editable) set.fieldPermissions[field] = { ...permission };
    else
      set.fieldPermissions = Object.fromEntries(
        Object.entries(set.fieldPermissions).filter(([name]) => name !== field),
      );
    return this;
  }

  /** A consumer secret or private key the project scan found (RG-0026). */
  addSourceSecret(secret: SourceSecret): this {
    this.#snapshot.sourceSecrets = [...(this.#snapshot.sourceSecrets ?? []), { ...secret }];
    return this;
  }

  /** A copy of the manifest; undefined when none was set. */
  manifest(): Manifest | undefined {
    return this.#manifest === undefined ? undefined : structuredClone(this.#manifest);
  }

  /** A RuleTester case: the snapshot, and the manifest when one was set. */
  toCase(name?: string): {
    name?: string;
    snapshot: OrgSnapshot;
    evaluate: { manifest?: Manifest };
  } {
    const manifest = this.manifest();
    return {
      ...(name === undefined ? {} : { name }),
      snapshot: this.build(),
      evaluate: manifest === undefined ? {} : { manifest },
    };
  }

  #requireManifest(): Manifest {
    if (this.#manifest === undefined) throw new Error('set a manifest first: withManifest()');
    return this.#manifest;
  }
}

/** A builder starting from the passing base (or from a given snapshot). */
export function snapshot(from?: OrgSnapshot): SnapshotBuilder {
  return new SnapshotBuilder(from);
}

/** Manifest names of the base's integrations. */
export const BASE_MANIFEST = {
  eca: 'billing-callback',
  connectedApp: 'ledger-export',
  ecaEgressIp: '203.0.113.10',
  connectedAppEgressIp: '203.0.113.20',
} as const;

/**
 * The manifest of the passing base: each integration declares exactly what its run-as user has
 * (the profile's ApiEnabled and ApiUserOnly plus its permission set), its run-as user, its
 * `runAsAccess` and its egress IP; the Connected App runs nightly, the ECA at any time.
 */
export function baseManifest(): Manifest {
  return {
    integrations: [
      {
        name: BASE_MANIFEST.eca,
        app: BASE.eca,
        runAs: BASE.ecaUser,
        owner: 'billing-team@acme.com',
        needs: {
          objects: { Invoice__c: ['read', 'create', 'edit'], Account: ['read'] },
          fields: { 'Invoice__c.Amount__c': ['read'], 'Account.Billing_Status__c': ['read'] },
          systemPermissions: ['ApiEnabled', 'ApiUserOnly'],
        },
        runAsAccess: {
          profile: BASE.integrationProfile,
          permissionSets: [BASE.ecaPermissionSet],
        },
        network: { egressIps: [BASE_MANIFEST.ecaEgressIp] },
      },
      {
        name: BASE_MANIFEST.connectedApp,
        app: BASE.connectedApp,
        runAs: BASE.connectedAppUser,
        owner: 'finance-systems@acme.com',
        needs: {
          objects: { Opportunity: ['read'], Contract: ['read'] },
          fields: { 'Opportunity.Amount': ['read'], 'Contract.ContractTerm': ['read'] },
          systemPermissions: ['ApiEnabled', 'ApiUserOnly'],
        },
        runAsAccess: {
          profile: BASE.integrationProfile,
          permissionSets: [BASE.connectedAppPermissionSet],
        },
        network: { egressIps: [BASE_MANIFEST.connectedAppEgressIp] },
        schedule: 'Mon-Sun 01:00-03:00',
      },
    ],
    settings: { expiringAssignmentDays: 14, dormantDays: 90 },
  };
}
