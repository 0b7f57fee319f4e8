// Client-credentials apps as the live org returns them → ClientApp (src/model/org.ts), with the
// semantics of the fixture loader (src/metadata/metadata.ts): booleans from "true", single values
// as lists, a read record without fullName is "not found", the consumer secret is never kept.

import type { ClientApp } from '../../model/org.js';
import { isSalesforceId } from '../../util/ids.js';
import { bool, compact, csv, idKey, int, isRecord, list, text, timeoutMinutes } from './values.js';
import type { Raw } from './values.js';

/** listMetadata's `fileName` (`connectedApps/X.connectedApp`), the component's location. */
export function appLocation(
  type: ClientApp['type'],
  name: string,
  fileName?: string,
): { file: string } {
  if (fileName !== undefined) return { file: fileName };
  return {
    file:
      type === 'ConnectedApp'
        ? `connectedApps/${name}.connectedApp`
        : `externalClientApps/${name}.eca`,
  };
}

/** A readMetadata('ConnectedApp') record; undefined when it has no fullName (not found). */
export function connectedAppFromMetadata(
  record: unknown,
  fileName?: string,
): ClientApp | undefined {
  if (!isRecord(record)) return undefined;
  const name = text(record.fullName);
  if (name === undefined) return undefined;
  const oauth = isRecord(record.oauthConfig) ? record.oauthConfig : {};
  const policy = isRecord(record.oauthPolicy) ? record.oauthPolicy : {};
  const session = isRecord(record.sessionPolicy) ? record.sessionPolicy : {};
  // consumerKey is an identifier (the probe needs it); consumerSecret is dropped here.
  return compact<ClientApp>({
    type: 'ConnectedApp',
    name,
    label: text(record.label) ?? name,
    consumerKey: text(oauth.consumerKey),
    clientCredentialsEnabled: bool(oauth.isClientCredentialEnabled),
    globalClientCredentialsEnabled: undefined,
    policyClientCredentialsEnabled: undefined,
    runAsUsername: text(oauth.oauthClientCredentialUser),
    adminApproved: bool(oauth.isAdminApproved),
    preAuthorizedProfiles: list(record.profileName),
    preAuthorizedPermissionSets: list(record.permissionSetName),
    scopes: list(oauth.scopes),
    ipRelaxation: text(policy.ipRelaxation),
    refreshTokenPolicy: text(policy.refreshTokenPolicy),
    requiredSessionLevel: text(session.sessionLevel),
    sessionTimeoutMinutes: timeoutMinutes(session.sessionTimeout),
    handlerRunAsUsername: text(record.pluginExecutionUser),
    enabled: true,
    location: appLocation('ConnectedApp', name, fileName),
  });
}

/** The Tooling rows and metadata of the External Client Apps, as collected. */
export interface EcaSources {
  /** ExternalClientApplication rows. */
  apps: readonly Raw[];
  /** ExtlClntAppOauthPlcyCnfg rows. */
  policies: readonly Raw[];
  /** ExtlClntAppOauthSettings rows. */
  settings: readonly Raw[];
  /** readMetadata('ExtlClntAppOauthConfigurablePolicies') records (empty without the Metadata API). */
  policyMetadata: readonly unknown[];
  /** Permission set names by Id, to name pre-authorized sets the metadata gives as Ids. */
  permissionSetNames?: ReadonlyMap<string, string>;
}

/** ExtlClntAppOauthSettings scope flags → metadata scope tokens. Other flags' names are UNCONFIRMED. */
const SCOPE_FLAGS: readonly (readonly [string, string])[] = [
  ['OauthScopesAPI', 'Api'],
  ['OauthScopesWEB', 'Web'],
  ['OauthScopesFULL', 'Full'],
  ['OauthScopesREFRESH_TOKEN', 'RefreshToken'],
];

function qualified(row: Raw, field: string): string | undefined {
  const name = text(row[field]);
  const namespace = text(row.NamespacePrefix);
  return name === undefined || namespace === undefined ? name : `${namespace}__${name}`;
}

/**
 * External Client Apps from the Tooling objects, enriched by the OAuth policies' metadata when it
 * was readable (pre-authorization and session policy are not in the Tooling objects).
 */
export function externalClientApps(sources: EcaSources): ClientApp[] {
  const byAppId = <T extends Raw>(rows: readonly T[]): Map<string, T> => {
    const map = new Map<string, T>();
    for (const row of rows) {
      const id = text(row.ExternalClientApplicationId);
      if (id !== undefined && !map.has(idKey(id))) map.set(idKey(id), row);
    }
    return map;
  };
  const policies = byAppId(sources.policies);
  const settings = byAppId(sources.settings);
  const metadataByApp = new Map<string, Raw>();
  for (const record of sources.policyMetadata) {
    if (!isRecord(record) || text(record.fullName) === undefined) continue;
    const app = text(record.externalClientApplication);
    if (app !== undefined && !metadataByApp.has(app)) metadataByApp.set(app, record);
  }
  const setName = (value: string): string =>
    isSalesforceId(value) ? (sources.permissionSetNames?.get(idKey(value)) ?? value) : value;

  const apps: ClientApp[] = [];
  for (const row of sources.apps) {
    const id = text(row.Id);
    const name = qualified(row, 'DeveloperName');
    if (id === undefined || name === undefined) continue;
    const policy = policies.get(idKey(id));
    const setting = settings.get(idKey(id));
    const meta = metadataByApp.get(name) ?? metadataByApp.get(text(row.DeveloperName) ?? '');
    const policyEnabled =
      policy === undefined ? undefined : bool(policy.IsClientCredentialsFlowEnabled);
    const handler = isRecord(policy?.ExecuteHandlerAs)
      ? text(policy.ExecuteHandlerAs.Username)
      : undefined;
    apps.push(
      compact<ClientApp>({
        type: 'ExternalClientApplication',
        name,
        label: text(row.MasterLabel) ?? name,
        // The global OAuth settings hold the consumer key and secret and are never read live.
        consumerKey: undefined,
        // The developer-side switch lives in the global settings (not read), so only the policy
        // switch decides, as the fixture loader does for an absent global settings file.
        clientCredentialsEnabled: policyEnabled ?? false,
        globalClientCredentialsEnabled: undefined,
        policyClientCredentialsEnabled: policyEnabled,
        // The metadata value is documented as the username; the Tooling field may hold an Id (UNCONFIRMED).
        runAsUsername:
          text(meta?.clientCredentialsFlowUser) ?? text(policy?.ClientCredentialsFlowUser),
        adminApproved:
          (text(meta?.permittedUsersPolicyType) ?? text(policy?.PermittedUsersPolicyType)) ===
          'AdminApprovedPreAuthorized',
        preAuthorizedProfiles: csv(meta?.commaSeparatedProfile),
        preAuthorizedPermissionSets: csv(meta?.commaSeparatedPermissionSet).map(setName),
        scopes:
          setting === undefined
            ? []
            : SCOPE_FLAGS.filter(([flag]) => bool(setting[flag])).map(([, s]) => s),
        ipRelaxation: text(policy?.IpRelaxationPolicyType) ?? text(meta?.ipRelaxationPolicyType),
        refreshTokenPolicy:
          text(policy?.RefreshTokenPolicyType) ?? text(meta?.refreshTokenPolicyType),
        requiredSessionLevel: text(meta?.requiredSessionLevel),
        sessionTimeoutMinutes: int(meta?.sessionTimeoutInMinutes, 0, 1_000_000),
        handlerRunAsUsername: handler ?? text(meta?.executeHandlerAs),
        // App policies (ExtlClntAppConfigurablePolicies.isEnabled) are not collected live.
        enabled: true,
        location: appLocation('ExternalClientApplication', name),
      }),
    );
  }
  return apps;
}
