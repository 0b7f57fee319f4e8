// Whatever an org names its apps and users, and whatever its messages say, the CI formats stay
// well-formed: SARIF validates against the OASIS schema, JUnit parses as XML with the same number of
// test cases, and every Markdown table row keeps its four cells.

import fc from 'fast-check';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';

import { type AuditReport, countByStatus } from '../model/finding.js';
import { sampleReport } from '../../test/helpers/sample-report.js';
import { validateSarif } from '../../test/helpers/validate-sarif.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { renderSarif } from './sarif.js';

/** Any UTF-16 code unit (lone surrogates included), and the characters each format treats specially. */
const hostile = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({
    unit: fc.oneof(
      fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n)),
      fc.constantFrom('|', '`', '<', '>', '&', ']]>', '"', "'", '\\', '*', '#', '\n', '\r', '\t'),
    ),
    maxLength: 40,
  }),
);

function tainted(app: string, name: string, message: string, path: string): AuditReport {
  const report = sampleReport();
  const findings = report.findings.map((f) => ({
    ...f,
    app: `${f.app}${app}`,
    message: `${f.message}${message}`,
    resource: { ...f.resource, name: `${f.resource.name}${name}` },
  }));
  const integrations = report.integrations.map((i) => ({ ...i, app: `${i.app}${app}` }));
  return {
    ...report,
    integrations,
    findings,
    summary: countByStatus(findings),
    project: { name: 'p', path: `p${path}` },
  };
}

const cellsOf = (row: string): number => {
  let cells = 1;
  for (let i = 1; i < row.length - 1; i++) {
    if (row[i] === '\\') i++;
    else if (row[i] === '|') cells++;
  }
  return cells;
};

describe('the CI formats on arbitrary org strings', () => {
  it('stay valid SARIF, parseable JUnit and four-cell Markdown tables', () => {
    fc.assert(
      fc.property(hostile, hostile, hostile, hostile, (app, name, message, path) => {
        const report = tainted(app, name, message, path);
        expect(validateSarif(JSON.parse(renderSarif(report)))).toEqual([]);
        const xml = renderJunit(report);
        // eslint-disable-next-line @typescript-eslint/no-deprecated -- the only validator installed
        expect(XMLValidator.validate(xml)).toBe(true);
        expect(xml.match(/<testcase /g)).toHaveLength(report.findings.length);
        const rows = renderMarkdown(report)
          .split('\n')
          .filter((line) => line.startsWith('| '));
        for (const row of rows) expect(cellsOf(row), row).toBe(4);
      }),
      { numRuns: 150 },
    );
  });
});
