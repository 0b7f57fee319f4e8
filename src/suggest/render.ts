// The report of `suggest` (docs/suggest.md): text for people, JSON for machines. Pure. Names come
// from the org: the text is laid out and neutralised as the audit's text report is.

import { clean, hanging } from '../report/layout.js';
import type { SuggestedFile } from './files.js';
import type { Suggestion } from './plan.js';

export interface SuggestReport {
  suggestion: Suggestion;
  /** Where each file went, under the output directory. */
  files: { path: string; origin: SuggestedFile['origin']; from?: string }[];
  outDir: string;
}

export function renderSuggestJson(report: SuggestReport): string {
  const { suggestion: s } = report;
  return `${JSON.stringify(
    {
      app: s.app,
      integration: s.integration,
      runAs: s.runAs,
      permissionSet: {
        name: s.permissionSet.name,
        label: s.permissionSet.label,
        ...(s.permissionSet.license === undefined ? {} : { license: s.permissionSet.license }),
        systemPermissions: s.permissionSet.userPermissions,
        objects: s.permissionSet.objectPermissions,
        fields: s.permissionSet.fieldPermissions,
      },
      needs: s.needs,
      current: s.current,
      steps: s.steps,
      notes: s.notes,
      outDir: report.outDir,
      files: report.files,
    },
    null,
    2,
  )}\n`;
}

export function renderSuggestText(report: SuggestReport): string {
  const { suggestion: s } = report;
  const lines: string[] = [];
  const para = (text: string, first = '', rest = first) =>
    lines.push(...hanging(first, rest, text));
  const user = s.runAs.username ?? '(no run-as user)';
  para(
    `${s.permissionSet.name}: least privilege for ${s.integration} (${s.app.name}), run as ${user}`,
  );
  lines.push('');
  lines.push(`Grants exactly (${s.needs.length} declared needs, plus ApiEnabled and ApiUserOnly):`);
  for (const need of s.needs) para(need, '  ', '    ');
  if (s.permissionSet.license !== undefined)
    para(`on the permission set licence ${s.permissionSet.license}`, '  ');
  lines.push('');
  lines.push(`Files written under ${clean(report.outDir)}:`);
  for (const file of report.files) {
    const how =
      file.origin === 'updated'
        ? ` (${file.from ?? 'the project file'} with ${s.permissionSet.name} pre-authorized)`
        : file.origin === 'rebuilt'
          ? ' (rebuilt from the collected facts: merge into the retrieved file before deploying)'
          : '';
    para(`${file.path}${how}`, '  ', '    ');
  }
  lines.push('');
  if (s.current.evaluated) {
    const held = s.current.containers.join(', ');
    if (s.current.beyond.length === 0)
      para(`${user} holds nothing beyond the needs today (${held}).`);
    else {
      para(`${user} holds ${s.current.beyond.length} grant(s) beyond the needs today (${held}):`);
      const shown = s.current.beyond.slice(0, 40);
      for (const b of shown) para(`${b.grant} via ${b.via.join(' and ')}`, '  ', '    ');
      if (s.current.beyond.length > shown.length)
        lines.push(
          `  ... and ${s.current.beyond.length - shown.length} more (--format json lists all)`,
        );
    }
    if (s.current.missing.length > 0)
      para(`It lacks ${s.current.missing.join(', ')} today: the new set grants them.`);
  } else para(`What the run-as user holds today: not evaluated (${s.current.reason}).`);
  lines.push('');
  lines.push('Steps:');
  s.steps.forEach((step, i) => {
    const number = `  ${i + 1}. `;
    para(step.text, number, ' '.repeat(number.length));
  });
  if (s.notes.length > 0) {
    lines.push('');
    lines.push('Notes:');
    for (const note of s.notes) para(note, '  - ', '    ');
  }
  return `${lines.join('\n')}\n`;
}
