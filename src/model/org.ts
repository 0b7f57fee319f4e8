// The full-org model: what an org fixture (docs/architecture.md 11) loads into and what the emulator
// serves. Not the auditor's scoped snapshot: this is the whole org, records and metadata.

import type {
  MutingPermissionSetDef,
  PermissionSetDef,
  PermissionSetGroupDef,
  ProfileDef,
  SourceLocation,
} from './permissions.js';
import type { SObjectSchema } from './schema.js';

/** A metadata component as parsed from its XML: element name → value (strings, objects, arrays). */
export type RawMetadata = Record<string, unknown>;

export interface MetadataComponent {
  /** Metadata type (`ConnectedApp`, `ExtlClntAppOauthConfigurablePolicies`, ...). */
  type: string;
  fullName: string;
  /** The component's content, root element stripped, ready to serialize into a readMetadata record. */
  content: RawMetadata;
  location: SourceLocation;
}

export type AppType = 'ConnectedApp' | 'ExternalClientApplication';

/**
 * The client-credentials facts of one app, normalized from a Connected App or from the four
 * files of an External Client App. `undefined` means the metadata does not say.
 */
export interface ClientApp {
  type: AppType;
  /** Developer name (metadata full name). */
  name: string;
  label: string;
  consumerKey?: string;
  /** Connected App `isClientCredentialEnabled`; ECA: global OAuth settings AND policy switch. */
  clientCredentialsEnabled: boolean;
  /** ECA only: the developer-side switch (`ExtlClntAppGlobalOauthSettings`). */
  globalClientCredentialsEnabled?: boolean;
  /** ECA only: the admin-side switch (`ExtlClntAppOauthConfigurablePolicies`). */
  policyClientCredentialsEnabled?: boolean;
  /** Run-as username as configured; undefined when none is set. */
  runAsUsername?: string;
  /** Permitted Users = admin approved users are pre-authorized. */
  adminApproved: boolean;
  /** Profiles pre-authorized for the app (names as the metadata writes them). */
  preAuthorizedProfiles: string[];
  /** Permission sets pre-authorized for the app (API names). */
  preAuthorizedPermissionSets: string[];
  /** OAuth scopes as metadata tokens (`Api`, `RefreshToken`, `Full`, ...). */
  scopes: string[];
  /** IP relaxation as written (`ENFORCE`, `BYPASS`, `Enforce`, `Bypass`, ...). */
  ipRelaxation?: string;
  refreshTokenPolicy?: string;
  /** Session level the app's session policy requires (`HIGH_ASSURANCE`), if any. */
  requiredSessionLevel?: string;
  sessionTimeoutMinutes?: number;
  /** Username the Apex handler runs as (`pluginExecutionUser` / `executeHandlerAs`). */
  handlerRunAsUsername?: string;
  /** ECA policies `isEnabled` (app policies); Connected Apps are always enabled. */
  enabled: boolean;
  location: SourceLocation;
}

/** An sObject row: field API name → value, lookups as Ids (`ProfileId`), always with `Id`. */
export type SObjectRow = Record<string, unknown> & { Id: string };

export interface OrgInfo {
  orgId: string;
  /** My Domain prefix (`acme` → acme.my.salesforce.com). */
  myDomain: string;
  name: string;
  isSandbox: boolean;
  /** The org's clock, ISO-8601. */
  now: string;
  timeZone: string;
  /** The address every request appears to come from. */
  clientIp: string;
  /** Username of the auditor user whose token the emulator prints. */
  auditorUsername: string;
}

export interface ClientCredentials {
  app: string;
  consumerKey: string;
  consumerSecret: string;
}

/**
 * Emulator-only switches for behaviours docs/salesforce-behaviour.md marks UNCONFIRMED, and limits.
 * Each option's default is the best-supported guess; `emulator.json` may override it.
 */
export interface EmulatorBehaviour {
  /** Connected App with the flow switched off (docs/salesforce-behaviour.md 1.5). */
  caFlowDisabledError: 'client-credentials-flow-not-enabled' | 'no-client-credentials-user';
  /** External Client App with the flow switched off. */
  ecaFlowDisabledError: 'no-client-credentials-user' | 'client-credentials-flow-not-enabled';
  /** Enforce pre-authorization of the run-as user on admin-approved apps (OBS ×3: on). */
  enforcePreAuthorization: boolean;
  /** Token error for an inactive run-as user. */
  inactiveUserError: 'inactive-user' | 'authentication-failure';
  /** Token error for a frozen run-as user. */
  frozenUserError: 'authentication-failure' | 'inactive-user' | 'none';
  /** Token error for a password-locked run-as user (a client-credentials request has no password). */
  passwordLockedError: 'none' | 'authentication-failure';
  /** Token request of a user without ApiEnabled: issued (calls then fail 403) or refused. */
  apiDisabledAtToken: 'issue-token' | 'refuse';
  /** Refuse tokens for run-as users without API Only (Salesforce does not, as far as known). */
  requireApiOnly: boolean;
  /** Enforce profile login IP ranges and login hours at the token endpoint. */
  enforceLoginIpRanges: boolean;
  enforceLoginHours: boolean;
  /** Whether identity and userinfo accept a token whose scopes are only `api`. */
  identityRequiresIdScopes: boolean;
  /** Enforce MFA for API logins (TwoFactorApi) at the token endpoint. */
  enforceTwoFactorApi: boolean;
  /** Highest API version served (docs/salesforce-behaviour.md 6). */
  maxApiVersion: string;
  /** Query page size (Salesforce: 2000). */
  pageSize: number;
  /** Daily API request limit reported by /limits and enforced (REQUEST_LIMIT_EXCEEDED). */
  dailyApiRequests: number;
  /** Session lifetime in minutes when no profile or app timeout applies. */
  sessionTimeoutMinutes: number;
  /** Whether a grant refused after its run-as user is known appends a LoginHistory row (UNCONFIRMED). */
  recordFailedGrants: boolean;
  /** LoginHistory `LoginSubType` of a client-credentials grant; null leaves it empty (UNCONFIRMED). */
  loginSubType: string | null;
}

export interface OrgModel {
  info: OrgInfo;
  /** Objects and fields of this org: the standard data plus what the fixture adds. */
  schema: SObjectSchema;
  /** Every sObject row, by object name, including the setup rows derived from metadata. */
  records: Map<string, SObjectRow[]>;
  apps: ClientApp[];
  profiles: ProfileDef[];
  permissionSets: PermissionSetDef[];
  mutingPermissionSets: MutingPermissionSetDef[];
  permissionSetGroups: PermissionSetGroupDef[];
  /** Every metadata component the fixture holds, as the Metadata API would return it. */
  metadata: MetadataComponent[];
  clients: ClientCredentials[];
  behaviour: EmulatorBehaviour;
}
