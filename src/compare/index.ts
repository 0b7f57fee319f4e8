export { runCompare } from './run-compare.js';
export type { CompareOutcome, CompareRequest, CompareSource } from './run-compare.js';
export { COMPARE_RULE_INFO, COMPARE_RULES } from './rules.js';
