// A hand-made audit report for renderer and schema tests: two integrations of the Northwind org, with
// failures of several severities, passes, a waived finding, not-evaluated findings caused by one
// failed request, and a finding about a declared app that is not in the org.

import { createHash } from 'node:crypto';

import { type AuditReport, countByStatus, type Finding } from '../../src/model/finding.js';

const ORG_ID = '00D000000000001AAA';
const LEDGER_USER = 'ledger.integration@northwindtraders.com';
const SUPPLIER_USER = 'supplier.integration@northwindtraders.com';

function fingerprint(ruleId: string, app: string, type: string, name: string): string {
  return createHash('sha256').update([ruleId, ORG_ID, app, type, name].join('\n')).digest('hex');
}

type FindingInput = Omit<Finding, 'fingerprint' | 'frameworks' | 'remediation' | 'messageId'> &
  Partial<Pick<Finding, 'frameworks' | 'remediation' | 'messageId'>>;

function finding(input: FindingInput): Finding {
  return {
    messageId: 'default',
    frameworks: {},
    remediation: '',
    ...input,
    fingerprint: fingerprint(input.ruleId, input.app, input.resource.type, input.resource.name),
  };
}

const ledgerUser = { type: 'User', id: '005000000000003AAA', name: LEDGER_USER } as const;
const supplierUser = { type: 'User', id: '005000000000004AAA', name: SUPPLIER_USER } as const;
const loginHistoryFailed = {
  request: 'rest.query.LoginHistory',
  errorCode: 'INSUFFICIENT_ACCESS',
  permission: 'Manage Users',
};

const findings: Finding[] = [
  finding({
    ruleId: 'RG-0005',
    slug: 'run-as-user-password-locked',
    severity: 'high',
    status: 'fail',
    app: 'Ledger_Export',
    resource: ledgerUser,
    messageId: 'locked',
    message: `${LEDGER_USER} is password-locked (UserLogin.IsPasswordLocked).`,
    evidence: { expected: false, actual: true },
    frameworks: { 'nist-csf-2.0': ['PR.AA-03'] },
    remediation: 'Setup > Users > Ledger Integration > Unlock.',
  }),
  finding({
    ruleId: 'RG-0003',
    slug: 'run-as-user-inactive',
    severity: 'critical',
    status: 'pass',
    app: 'Ledger_Export',
    resource: ledgerUser,
    message: `${LEDGER_USER} is active.`,
    remediation: 'Activate the user.',
  }),
  finding({
    ruleId: 'RG-0021',
    slug: 'run-as-user-interactive-logins',
    severity: 'high',
    status: 'not-evaluated',
    app: 'Ledger_Export',
    resource: ledgerUser,
    message: 'Login History could not be read.',
    evidence: loginHistoryFailed,
  }),
  finding({
    ruleId: 'RG-0031',
    slug: 'callback-login-failures',
    severity: 'high',
    status: 'not-evaluated',
    app: 'Ledger_Export',
    resource: ledgerUser,
    message: 'Login History could not be read.',
    evidence: loginHistoryFailed,
  }),
  finding({
    ruleId: 'RG-0011',
    slug: 'integration-excess-access',
    severity: 'medium',
    status: 'fail',
    app: 'Supplier_Catalog',
    resource: supplierUser,
    message: `${SUPPLIER_USER} can delete Product2, which Supplier_Catalog does not declare.`,
    evidence: {
      expected: ['read', 'create', 'edit'],
      actual: ['read', 'create', 'edit', 'delete'],
      via: [
        { type: 'PermissionSet', name: 'Product_Data_Steward', group: 'Supplier_Catalog_Access' },
      ],
    },
    frameworks: { 'owasp-nhi-2025': ['NHI5'], 'nist-csf-2.0': ['PR.AA-05'] },
    remediation: 'Remove Delete on Product2 from Product_Data_Steward or mute it in the group.',
  }),
  finding({
    ruleId: 'RG-0009',
    slug: 'run-as-user-high-risk-permission',
    severity: 'critical',
    status: 'fail',
    app: 'Supplier_Catalog',
    resource: supplierUser,
    message: `${SUPPLIER_USER} holds Modify All Data.`,
    evidence: {
      expected: false,
      actual: true,
      via: [
        { type: 'PermissionSet', name: 'Supplier_Catalog_API', group: 'Supplier_Catalog_Access' },
      ],
    },
    frameworks: { 'owasp-nhi-2025': ['NHI5'] },
    remediation: 'Remove Modify All Data from Supplier_Catalog_API.',
  }),
  finding({
    ruleId: 'RG-0023',
    slug: 'app-overbroad-scopes',
    severity: 'medium',
    status: 'waived',
    waivedStatus: 'fail',
    waiver: { reason: 'Portal vendor needs RefreshToken until SEC-88', expires: '2027-03-31' },
    app: 'Supplier_Catalog',
    resource: { type: 'ConnectedApp', name: 'Supplier_Catalog' },
    message: 'Supplier_Catalog grants RefreshToken.',
  }),
  finding({
    ruleId: 'RG-0007',
    slug: 'run-as-user-api-disabled',
    severity: 'critical',
    status: 'pass',
    app: 'Supplier_Catalog',
    resource: supplierUser,
    message: `${SUPPLIER_USER} has API Enabled.`,
    evidence: { via: [{ type: 'Profile', name: 'Minimum Access - API Only Integrations' }] },
  }),
  finding({
    ruleId: 'RG-0037',
    slug: 'declared-integration-missing',
    severity: 'high',
    status: 'fail',
    app: 'Payroll_Sync',
    resource: { type: 'ManifestIntegration', name: 'payroll-sync' },
    message: 'The manifest integration payroll-sync names Payroll_Sync, which is not in the org.',
  }),
];

/** A fresh copy each call: tests may mutate it. */
export function sampleReport(): AuditReport {
  const copy = structuredClone(findings);
  return {
    schemaVersion: 1,
    tool: { name: 'runas-guard', version: '0.1.0' },
    org: {
      id: ORG_ID,
      instanceUrl: 'https://northwindtraders.my.salesforce.com',
      isSandbox: false,
    },
    project: null,
    collectedAt: '2026-11-25T12:00:00.000Z',
    generatedAt: '2026-11-25T12:00:03.000Z',
    integrations: [
      {
        app: 'Ledger_Export',
        appType: 'ConnectedApp',
        runAsUsername: LEDGER_USER,
        runAsUserId: ledgerUser.id,
        effectiveAccess: {
          systemPermissions: ['ApiEnabled', 'ApiUserOnly'],
          objects: { Opportunity: ['read'], Contract: ['read'] },
          fields: { 'Opportunity.Amount': ['read'] },
        },
      },
      {
        app: 'Supplier_Catalog',
        appType: 'ConnectedApp',
        runAsUsername: SUPPLIER_USER,
        runAsUserId: supplierUser.id,
        effectiveAccess: null,
      },
    ],
    findings: copy,
    warnings: ['waiver for RG-0013 on Ledger_Export expired on 2026-10-31'],
    summary: countByStatus(copy),
    collection: {
      mode: 'live',
      apiRequests: 42,
      failedRequests: [
        {
          request: 'rest.query.LoginHistory',
          errorCode: 'INSUFFICIENT_ACCESS',
          message: 'Insufficient privileges to query LoginHistory.',
          permission: 'Manage Users',
        },
      ],
    },
  };
}
