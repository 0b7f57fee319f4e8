// RG-0032 compares two sources, so it is a finding compare makes itself, not a rule of the audit
// catalog, which sees one snapshot (as RG-0033/34 for preflight, docs/adr/0018-drift-and-compare.md).
// Its metadata lives here, in the shape the report formats read (RuleInfo).

import type { RuleInfo } from '../report/index.js';

export const COMPARE_RULES = {
  parity: {
    id: 'RG-0032',
    slug: 'environment-parity-drift',
    title:
      "The same integration's run-as user state, effective access or app policy differs between the two orgs",
    severity: 'medium',
    rationale:
      'A sandbox is where an integration is tested before production: when its run-as user is missing, inactive, on another licence or profile, or holds other access than in production, a test passes that production fails (or the reverse), and a refresh silently drops the integration user.',
    remediation:
      'Make the two orgs agree for this integration: create or reactivate the run-as user after a sandbox refresh (with the sandbox suffix), give it the same profile, licence and permission sets, and the app the same policy; or, when the difference is intended, accept it in review: the finding names each difference.',
    tags: ['compare', 'environments', 'drift'],
    frameworks: { 'owasp-nhi-2025': ['NHI8'], 'nist-csf-2.0': ['PR.PS-01'] },
  },
} as const satisfies Record<string, RuleInfo>;

export const COMPARE_RULE_INFO: readonly RuleInfo[] = Object.values(COMPARE_RULES);
