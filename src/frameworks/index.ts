// The frameworks rules map to, as data (docs/architecture.md 4.6): rules list the controls they serve,
// these files list the controls, and tests prove every reference exists.

import { NIST_AI_RMF_1_0 } from './nist-ai-rmf-1.0.js';
import { NIST_CSF_2_0 } from './nist-csf-2.0.js';
import { OWASP_NHI_2025 } from './owasp-nhi-2025.js';
import { SBS } from './sbs.js';
import type { Framework, FrameworkControl } from './types.js';

export type { Framework, FrameworkControl } from './types.js';
export { NIST_AI_RMF_1_0, NIST_CSF_2_0, OWASP_NHI_2025, SBS };

export const FRAMEWORK_IDS = ['owasp-nhi-2025', 'nist-csf-2.0', 'sbs', 'nist-ai-rmf-1.0'] as const;
export type FrameworkId = (typeof FRAMEWORK_IDS)[number];

export const FRAMEWORKS: Readonly<Record<FrameworkId, Framework>> = {
  'owasp-nhi-2025': OWASP_NHI_2025,
  'nist-csf-2.0': NIST_CSF_2_0,
  sbs: SBS,
  'nist-ai-rmf-1.0': NIST_AI_RMF_1_0,
};

export function isFrameworkId(value: string): value is FrameworkId {
  return (FRAMEWORK_IDS as readonly string[]).includes(value);
}

/** The control, or undefined when the framework does not list it. */
export function findControl(framework: string, controlId: string): FrameworkControl | undefined {
  if (!isFrameworkId(framework)) return undefined;
  return FRAMEWORKS[framework].controls.find((c) => c.id === controlId);
}
