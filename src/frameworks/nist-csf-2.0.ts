// NIST Cybersecurity Framework 2.0: the subcategories the rules map to, with NIST's wording.

import type { Framework } from './types.js';

export const NIST_CSF_2_0: Framework = {
  id: 'nist-csf-2.0',
  name: 'NIST Cybersecurity Framework',
  version: '2.0',
  url: 'https://www.nist.gov/cyberframework',
  source: 'NIST CSWP 29, The NIST Cybersecurity Framework (CSF) 2.0 (2024), subcategory text',
  controls: [
    {
      id: 'ID.AM-08',
      title:
        'Systems, hardware, software, services, and data are managed throughout their life cycles',
    },
    {
      id: 'PR.AA-01',
      title:
        'Identities and credentials for authorized users, services, and hardware are managed by the organization',
    },
    {
      id: 'PR.AA-02',
      title: 'Identities are proofed and bound to credentials based on the context of interactions',
    },
    { id: 'PR.AA-03', title: 'Users, services, and hardware are authenticated' },
    { id: 'PR.AA-04', title: 'Identity assertions are protected, conveyed, and verified' },
    {
      id: 'PR.AA-05',
      title:
        'Access permissions, entitlements, and authorizations are defined in a policy, managed, enforced, and reviewed, and incorporate the principles of least privilege and separation of duties',
    },
    { id: 'PR.PS-01', title: 'Configuration management practices are established and applied' },
    {
      id: 'DE.CM-01',
      title: 'Networks and network services are monitored to find potentially adverse events',
    },
    {
      id: 'DE.CM-03',
      title:
        'Personnel activity and technology usage are monitored to find potentially adverse events',
    },
    {
      id: 'DE.CM-09',
      title:
        'Computing hardware and software, runtime environments, and their data are monitored to find potentially adverse events',
    },
  ],
};
