import { describe, expect, it } from 'vitest';

import { connectedAppFromMetadata, externalClientApps } from './apps.js';

// A Connected App as jsforce 3 returns it from readMetadata: the fields its 2022 schema knows are
// typed (isAdminApproved, scopes as an array), the rest are raw strings (docs/salesforce-behaviour.md 2.6).
const BILLING = {
  fullName: 'Billing_Sync',
  label: 'Billing Sync',
  contactEmail: 'ops@example.com',
  oauthConfig: {
    callbackUrl: 'https://localhost/cb',
    consumerKey: '3MVG9EXAMPLE',
    consumerSecret: 'NEVER-KEEP-THIS',
    isAdminApproved: true,
    isClientCredentialEnabled: 'true',
    oauthClientCredentialUser: 'billing.integration@example.com',
    scopes: ['Api', 'RefreshToken'],
  },
  oauthPolicy: { ipRelaxation: 'ENFORCE', refreshTokenPolicy: 'zero' },
  sessionPolicy: { sessionLevel: 'HIGH_ASSURANCE', sessionTimeout: 'TwoHours' },
  permissionSetName: ['Billing_Sync_Integration'],
  profileName: [],
  pluginExecutionUser: 'handler@example.com',
};

describe('connectedAppFromMetadata', () => {
  it('normalizes string booleans, lists and policies, and never keeps the consumer secret', () => {
    const app = connectedAppFromMetadata(BILLING, 'connectedApps/Billing_Sync.connectedApp');
    expect(app).toEqual({
      type: 'ConnectedApp',
      name: 'Billing_Sync',
      label: 'Billing Sync',
      consumerKey: '3MVG9EXAMPLE',
      clientCredentialsEnabled: true,
      runAsUsername: 'billing.integration@example.com',
      adminApproved: true,
      preAuthorizedProfiles: [],
      preAuthorizedPermissionSets: ['Billing_Sync_Integration'],
      scopes: ['Api', 'RefreshToken'],
      ipRelaxation: 'ENFORCE',
      refreshTokenPolicy: 'zero',
      requiredSessionLevel: 'HIGH_ASSURANCE',
      sessionTimeoutMinutes: 120,
      handlerRunAsUsername: 'handler@example.com',
      enabled: true,
      location: { file: 'connectedApps/Billing_Sync.connectedApp' },
    });
    expect(JSON.stringify(app)).not.toContain('NEVER-KEEP-THIS');
  });

  it('reads single values as lists and "false" as false', () => {
    const app = connectedAppFromMetadata({
      fullName: 'Solo',
      oauthConfig: { isClientCredentialEnabled: 'false', scopes: 'Api', isAdminApproved: 'false' },
      permissionSetName: 'Only_One',
    });
    expect(app).toMatchObject({
      clientCredentialsEnabled: false,
      adminApproved: false,
      scopes: ['Api'],
      preAuthorizedPermissionSets: ['Only_One'],
    });
    expect(app?.runAsUsername).toBeUndefined();
  });

  it('treats a record without fullName as not found, and survives hostile shapes', () => {
    expect(
      connectedAppFromMetadata({ contactEmail: '', label: '', permissionSetName: [] }),
    ).toBeUndefined();
    expect(connectedAppFromMetadata({})).toBeUndefined();
    expect(connectedAppFromMetadata(null)).toBeUndefined();
    expect(
      connectedAppFromMetadata({ fullName: 'X', oauthConfig: 'junk', scopes: { a: 1 } }),
    ).toMatchObject({
      name: 'X',
      clientCredentialsEnabled: false,
      scopes: [],
    });
  });
});

describe('externalClientApps', () => {
  const apps = [
    { Id: '0xI000000000001AAA', DeveloperName: 'Storefront', MasterLabel: 'Storefront' },
  ];
  const policies = [
    {
      ExternalClientApplicationId: '0xI000000000001AAA',
      IsClientCredentialsFlowEnabled: true,
      ClientCredentialsFlowUser: 'store@example.com',
      PermittedUsersPolicyType: 'AdminApprovedPreAuthorized',
      IpRelaxationPolicyType: 'Enforce',
      RefreshTokenPolicyType: 'Zero',
      ExecuteHandlerAs: null,
    },
  ];
  const settings = [
    {
      ExternalClientApplicationId: '0xI000000000001',
      OauthScopesAPI: true,
      OauthScopesWEB: false,
      OauthScopesREFRESH_TOKEN: true,
    },
  ];

  it('builds the app from the Tooling objects alone (no Metadata API)', () => {
    expect(externalClientApps({ apps, policies, settings, policyMetadata: [] })).toEqual([
      {
        type: 'ExternalClientApplication',
        name: 'Storefront',
        label: 'Storefront',
        clientCredentialsEnabled: true,
        policyClientCredentialsEnabled: true,
        runAsUsername: 'store@example.com',
        adminApproved: true,
        preAuthorizedProfiles: [],
        preAuthorizedPermissionSets: [],
        scopes: ['Api', 'RefreshToken'],
        ipRelaxation: 'Enforce',
        refreshTokenPolicy: 'Zero',
        enabled: true,
        location: { file: 'externalClientApps/Storefront.eca' },
      },
    ]);
  });

  it('takes pre-authorization, session policy and the documented username from the policy metadata', () => {
    const [app] = externalClientApps({
      apps,
      policies: [{ ...policies[0], ClientCredentialsFlowUser: '005000000000001AAA' }],
      settings,
      policyMetadata: [
        {},
        {
          fullName: 'Storefront_oauthPlcy',
          externalClientApplication: 'Storefront',
          clientCredentialsFlowUser: 'store@example.com',
          commaSeparatedPermissionSet: 'Storefront_Integration, 0PS000000000009AAA',
          commaSeparatedProfile: 'Integration Profile',
          requiredSessionLevel: 'HIGH_ASSURANCE',
          sessionTimeoutInMinutes: '720',
          executeHandlerAs: 'handler@example.com',
        },
      ],
      permissionSetNames: new Map([['0PS000000000009', 'Named_By_Id']]),
    });
    expect(app).toMatchObject({
      runAsUsername: 'store@example.com',
      preAuthorizedPermissionSets: ['Storefront_Integration', 'Named_By_Id'],
      preAuthorizedProfiles: ['Integration Profile'],
      requiredSessionLevel: 'HIGH_ASSURANCE',
      sessionTimeoutMinutes: 720,
      handlerRunAsUsername: 'handler@example.com',
    });
  });

  it('reports an app without its policy row as not enabled for client credentials', () => {
    const [app] = externalClientApps({ apps, policies: [], settings: [], policyMetadata: [] });
    expect(app).toMatchObject({ clientCredentialsEnabled: false, scopes: [] });
    expect(app?.policyClientCredentialsEnabled).toBeUndefined();
  });
});
