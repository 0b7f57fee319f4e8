// `runas-guard preflight`: the check a change passes before it is merged (docs/preflight.md).

export { PreflightError, runPreflight } from './run-preflight.js';
export type { PreflightOutcome, PreflightRequest } from './run-preflight.js';
export { renderPreflightJson, renderPreflightText } from './render.js';
export { PREFLIGHT_RULE_INFO, PREFLIGHT_RULES } from './rules.js';
export type { PreflightFinding, PreflightIntegration, PreflightReport } from './types.js';
