// Framework views of a report (docs/architecture.md 4.6): which controls of each framework the rules
// that ran cover, and findings grouped under the controls they map to (`audit --framework ID`).
// Rules arrive as plain mappings (a rule's `meta` fits), so report/ never imports analyze/.

import { FRAMEWORK_IDS, FRAMEWORKS, isFrameworkId } from '../frameworks/index.js';
import type { Framework, FrameworkControl, FrameworkId } from '../frameworks/index.js';
import type { AuditReport, Finding, FrameworkCoverage } from '../model/finding.js';

export { FRAMEWORK_IDS, isFrameworkId };
export type { FrameworkId };

/** What coverage needs of a rule: its id and the controls it serves per framework. */
export interface RuleMapping {
  readonly id: string;
  readonly frameworks: Readonly<Partial<Record<string, readonly string[]>>>;
}

/** Every framework, in FRAMEWORK_IDS order. */
export const ALL_FRAMEWORKS: readonly Framework[] = FRAMEWORK_IDS.map((id) => FRAMEWORKS[id]);

/** The framework with this id; throws a RangeError naming the known ids otherwise. */
export function frameworkOf(id: string): Framework {
  if (!isFrameworkId(id))
    throw new RangeError(`unknown framework "${id}": use one of ${FRAMEWORK_IDS.join(', ')}`);
  return FRAMEWORKS[id];
}

/** A control as its framework writes it (`NHI5` → `NHI5:2025`). */
export function displayControl(framework: Framework, controlId: string): string {
  return framework.display?.(controlId) ?? controlId;
}

/** For each control of the framework, in its order, the ids of the rules that map to it (sorted). */
export function rulesByControl(
  rules: readonly RuleMapping[],
  framework: Framework,
): Map<string, string[]> {
  const map = new Map<string, string[]>(framework.controls.map((c) => [c.id, []]));
  for (const rule of rules) {
    for (const control of new Set(rule.frameworks[framework.id] ?? [])) {
      // A control the framework does not list cannot be covered: defineRule rejects it anyway.
      map.get(control)?.push(rule.id);
    }
  }
  for (const ids of map.values()) ids.sort();
  return map;
}

/**
 * Per framework id, the controls at least one of `rules` maps to and those none does, both in the
 * framework's order. Pass the rules that ran: a control counts as covered only if it was checked.
 */
export function frameworkCoverage(
  rules: readonly RuleMapping[],
  frameworks: readonly Framework[] = ALL_FRAMEWORKS,
): Record<string, FrameworkCoverage> {
  const coverage: Record<string, FrameworkCoverage> = {};
  for (const framework of frameworks) {
    const covered: string[] = [];
    const notCovered: string[] = [];
    for (const [control, ids] of rulesByControl(rules, framework))
      (ids.length > 0 ? covered : notCovered).push(control);
    coverage[framework.id] = { covered, notCovered };
  }
  return coverage;
}

/** The report with `coverage` computed from the rules that ran. */
export function withCoverage(
  report: AuditReport,
  rules: readonly RuleMapping[],
  frameworks: readonly Framework[] = ALL_FRAMEWORKS,
): AuditReport {
  return { ...report, coverage: frameworkCoverage(rules, frameworks) };
}

export interface ControlGroup {
  control: FrameworkControl;
  /** The control as the framework writes it (`NHI5:2025`). */
  label: string;
  /** The findings mapped to this control, in the report's order. */
  findings: Finding[];
}

export interface ControlGrouping {
  framework: Framework;
  /** One group per control of the framework, in its order, empty ones included. */
  controls: ControlGroup[];
  /** Findings mapped to no control of the framework, in the report's order. */
  unmapped: Finding[];
}

/**
 * Findings under each control of the framework they map to: a finding mapped to two controls
 * appears under both, one mapped to none is `unmapped`, so no finding is lost from the view.
 */
export function groupByControl(
  findings: readonly Finding[],
  framework: string | Framework,
): ControlGrouping {
  const fw = typeof framework === 'string' ? frameworkOf(framework) : framework;
  const controls: ControlGroup[] = fw.controls.map((control) => ({
    control,
    label: displayControl(fw, control.id),
    findings: [],
  }));
  const byId = new Map(controls.map((g) => [g.control.id, g]));
  const unmapped: Finding[] = [];
  for (const finding of findings) {
    // Own keys only: a hostile report must not reach Object.prototype through a framework id.
    const mapped = Object.hasOwn(finding.frameworks, fw.id) ? finding.frameworks[fw.id] : undefined;
    const groups = [...new Set(mapped ?? [])]
      .map((id) => byId.get(id))
      .filter((g) => g !== undefined);
    if (groups.length === 0) unmapped.push(finding);
    for (const group of groups) group.findings.push(finding);
  }
  return { framework: fw, controls, unmapped };
}
