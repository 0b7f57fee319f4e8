// NIST AI Risk Management Framework 1.0. The rule catalog allows category-level mappings only where a
// source supports them, cited here. No rule maps to it yet, and no source tying client-credentials
// run-as users to an AI RMF category has been checked, so the control list is empty on purpose:
// add a category together with its source when a rule needs it.

import type { Framework } from './types.js';

export const NIST_AI_RMF_1_0: Framework = {
  id: 'nist-ai-rmf-1.0',
  name: 'NIST AI Risk Management Framework',
  version: '1.0',
  url: 'https://www.nist.gov/itl/ai-risk-management-framework',
  source: 'NIST AI 100-1 (2023); no categories mapped yet',
  controls: [],
};
