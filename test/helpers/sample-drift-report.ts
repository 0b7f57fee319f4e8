// A hand-made drift report for the HTML renderer's tests: a day of the Northwind org in which the
// run-as user of Ledger_Export was frozen, a permission set was unassigned from Supplier_Catalog's
// user, a new app appeared, and compare's findings (RG-0032) when asked for the compare kind.

import type { DriftChange, DriftReport } from '../../src/drift/report.js';
import type { Finding } from '../../src/model/finding.js';

const LEDGER_USER = 'ledger.integration@northwindtraders.com';
const SUPPLIER_USER = 'supplier.integration@northwindtraders.com';

const frozen: DriftChange = {
  kind: 'user',
  key: 'Ledger_Export|user|frozen|false|true',
  text: `run-as user ${LEDGER_USER}: frozen false → true`,
  breaks: ['ledger-export'],
  username: LEDGER_USER,
  field: 'frozen',
  from: false,
  to: true,
};

const lostEdit: DriftChange = {
  kind: 'access',
  key: 'Supplier_Catalog|access|lost|object:Product2:edit|Supplier_Catalog_Access / Product_Data_Steward',
  text: 'Product2 edit lost (was through Supplier_Catalog_Access / Product_Data_Steward)',
  breaks: ['Supplier_Catalog'],
  change: 'lost',
  grant: 'object:Product2:edit',
  permission: 'Product2 edit',
  container: 'Supplier_Catalog_Access / Product_Data_Steward',
};

const gainedRead: DriftChange = {
  kind: 'access',
  key: 'Supplier_Catalog|access|gained|object:Account:read|profile Integration',
  text: 'Account read gained (through profile Integration)',
  breaks: [],
  change: 'gained',
  grant: 'object:Account:read',
  permission: 'Account read',
  container: 'profile Integration',
};

const newFinding: DriftChange = {
  kind: 'finding',
  key: 'Ledger_Export|finding|new|RG-0004',
  text: `new RG-0004 (critical): ${LEDGER_USER} is frozen`,
  breaks: ['ledger-export'],
  change: 'new',
  ruleId: 'RG-0004',
  severity: 'critical',
  fingerprint: 'a'.repeat(64),
  message: `${LEDGER_USER} is frozen`,
  from: null,
  to: 'fail',
};

const policy: DriftChange = {
  kind: 'policy',
  key: 'Supplier_Catalog|policy|ipRelaxation|ENFORCE|BYPASS',
  text: 'app policy ipRelaxation: ENFORCE → BYPASS',
  breaks: [],
  policyKey: 'ipRelaxation',
  from: 'ENFORCE',
  to: 'BYPASS',
};

const rg0032: Finding = {
  ruleId: 'RG-0032',
  slug: 'sandbox-production-parity',
  severity: 'high',
  status: 'fail',
  app: 'Ledger_Export',
  resource: { type: 'User', name: LEDGER_USER },
  messageId: 'missing',
  message: `${LEDGER_USER} exists in production but not in the sandbox`,
  evidence: { expected: 'an existing user', actual: null },
  frameworks: {},
  remediation: 'Create the user in the sandbox after each refresh.',
  fingerprint: 'b'.repeat(64),
};

/** `monitor-diff` between two runs, or `compare` between two sources (with findings). */
export function sampleDriftReport(kind: DriftReport['kind'] = 'monitor-diff'): DriftReport {
  const changes = [frozen, lostEdit, gainedRead, newFinding, policy];
  const findings = [rg0032];
  return {
    schemaVersion: 1,
    kind,
    tool: { name: 'runas-guard', version: '0.1.0' },
    generatedAt: '2026-11-26T12:00:03.000Z',
    from:
      kind === 'compare'
        ? { label: 'snapshot prod.json', source: 'prod.json', orgId: '00D000000000001AAA' }
        : { label: 'run 1 (2026-11-25T12:00:00Z)', runId: 1, collectedAt: '2026-11-25T12:00:00Z' },
    to:
      kind === 'compare'
        ? { label: '--target-org uat', source: '--target-org uat', orgId: '00D000000000002AAA' }
        : { label: 'run 2 (2026-11-26T12:00:00Z)', runId: 2, collectedAt: '2026-11-26T12:00:00Z' },
    ...(kind === 'compare' ? { sandboxSuffix: 'uat' } : {}),
    integrations: [
      {
        app: 'Ledger_Export',
        integration: 'ledger-export',
        presence: 'both',
        runAs: { from: LEDGER_USER, to: LEDGER_USER },
        notCompared: [],
        changes: [frozen, newFinding],
      },
      {
        app: 'Payroll_Sync',
        integration: 'Payroll_Sync',
        presence: 'added',
        runAs: { from: null, to: 'payroll.integration@northwindtraders.com' },
        notCompared: ['user state not collected on the from side'],
        changes: [],
      },
      {
        app: 'Supplier_Catalog',
        integration: 'Supplier_Catalog',
        presence: 'both',
        runAs: { from: SUPPLIER_USER, to: SUPPLIER_USER },
        notCompared: [],
        changes: [policy, lostEdit, gainedRead],
      },
    ],
    summary: {
      integrations: 3,
      changed: 3,
      changes: changes.length,
      breaking: changes.filter((c) => c.breaks.length > 0).length,
      broken: ['Supplier_Catalog', 'ledger-export'],
      byKind: { runAs: 0, user: 1, preAuthorization: 0, policy: 1, access: 2, finding: 1 },
    },
    ...(kind === 'compare' ? { findings, exitCode: 1 as const } : {}),
    warnings: kind === 'compare' ? ['the sandbox has no Login History for 30 days'] : [],
  };
}
