// RG-0033 and RG-0034 compare two snapshots, so they are findings preflight makes itself, not rules
// of the audit catalog, which sees one snapshot (docs/adr/0015-preflight.md). Their metadata lives
// here, in the shape the report formats read (RuleInfo).

import type { RuleInfo } from '../report/index.js';

export const PREFLIGHT_RULES = {
  breaks: {
    id: 'RG-0033',
    slug: 'preflight-breaks-integration',
    title: 'The change removes a declared need of an integration',
    severity: 'critical',
    rationale:
      "The run-as user held this need at the base and no longer holds it at the head: after the deployment, the integration's follow-on calls that use it fail with INSUFFICIENT_ACCESS, INVALID_FIELD or API_CURRENTLY_DISABLED.",
    remediation:
      "Restore the grant in the container the change edited (the file and line named), or grant it to the run-as user another way; if the callback no longer needs it, remove it from the manifest's needs in the same change.",
    tags: ['preflight', 'privilege', 'manifest'],
    frameworks: { 'nist-csf-2.0': ['PR.AA-05', 'PR.PS-01'] },
  },
  overgrants: {
    id: 'RG-0034',
    slug: 'preflight-overgrants-integration',
    title:
      'The change adds access beyond declared needs, or a high-risk permission, to a run-as user',
    severity: 'high',
    rationale:
      'A client-credentials token is as powerful as its run-as user: access the integration does not declare widens what one leaked secret exposes, and a high-risk system permission (View All Data, Modify All Data, ...) exposes the whole org.',
    remediation:
      "Grant the access in a container no run-as user holds, or declare it in the integration's manifest needs when the callback uses it; never give a run-as user a high-risk system permission.",
    tags: ['preflight', 'privilege', 'least-privilege'],
    frameworks: { 'owasp-nhi-2025': ['NHI5'], 'nist-csf-2.0': ['PR.PS-01'] },
  },
} as const satisfies Record<string, RuleInfo>;

export const PREFLIGHT_RULE_INFO: readonly RuleInfo[] = Object.values(PREFLIGHT_RULES);
