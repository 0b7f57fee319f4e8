// OWASP Non-Human Identities Top 10, 2025 edition. Keys are `NHI1`..`NHI10`; OWASP writes them
// `NHI1:2025`.

import type { Framework } from './types.js';

const LIST = 'https://owasp.org/www-project-non-human-identities-top-10/2025/top-10-2025/';

export const OWASP_NHI_2025: Framework = {
  id: 'owasp-nhi-2025',
  name: 'OWASP Non-Human Identities Top 10',
  version: '2025',
  url: 'https://owasp.org/www-project-non-human-identities-top-10/2025/',
  source: 'owasp.org, Top 10 Non-Human Identities Risks - 2025 (the list page)',
  display: (id) => `${id}:2025`,
  controls: [
    { id: 'NHI1', title: 'Improper Offboarding', url: LIST },
    { id: 'NHI2', title: 'Secret Leakage', url: LIST },
    { id: 'NHI3', title: 'Vulnerable Third-Party NHI', url: LIST },
    { id: 'NHI4', title: 'Insecure Authentication', url: LIST },
    { id: 'NHI5', title: 'Overprivileged NHI', url: LIST },
    { id: 'NHI6', title: 'Insecure Cloud Deployment Configurations', url: LIST },
    { id: 'NHI7', title: 'Long-Lived Secrets', url: LIST },
    { id: 'NHI8', title: 'Environment Isolation', url: LIST },
    { id: 'NHI9', title: 'NHI Reuse', url: LIST },
    { id: 'NHI10', title: 'Human Use of NHI', url: LIST },
  ],
};
