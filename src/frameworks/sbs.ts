// Security Benchmark for Salesforce (SBS): a practitioner-maintained benchmark, not a Salesforce
// product. Ids as published; titles from the benchmark's docs site (docs.securitybenchmark.org,
// repository Salesforce-Security-Benchmark/docs-site, VERSION 0.1.1).
//
// The OAuth numbering changed between releases: a later revision renames SBS-OAUTH-001 "Require
// Formal Installation of Connected Apps" and moves access governance to SBS-OAUTH-002 "Require
// Profile or Permission Set Access Control for Connected Apps". The rule catalog maps self-authorized apps
// (RG-0025) to SBS-OAUTH-001, which matches the numbering below.

import type { Framework } from './types.js';

const ACCESS = 'https://docs.securitybenchmark.org/benchmark/access-controls.html';
const OAUTH = 'https://docs.securitybenchmark.org/benchmark/oauth-security.html';
const RENUMBERED =
  'SBS releases disagree on this id: a later revision numbers the OAuth controls differently';

export const SBS: Framework = {
  id: 'sbs',
  name: 'Security Benchmark for Salesforce',
  version: '0.1.1',
  url: 'https://docs.securitybenchmark.org/',
  source: 'docs.securitybenchmark.org (Salesforce-Security-Benchmark/docs-site, VERSION 0.1.1)',
  controls: [
    { id: 'SBS-ACS-007', title: 'Maintain Inventory of Non-Human Identities', url: ACCESS },
    { id: 'SBS-ACS-008', title: 'Restrict Broad Privileges for Non-Human Identities', url: ACCESS },
    {
      id: 'SBS-OAUTH-001',
      title: 'Require Formal Installation and Access Governance for Connected Apps',
      url: OAUTH,
      unverified: RENUMBERED,
    },
    {
      id: 'SBS-OAUTH-002',
      title: 'Inventory and Criticality Classification of OAuth-Enabled Connected Apps',
      url: OAUTH,
      unverified: RENUMBERED,
    },
  ],
};
