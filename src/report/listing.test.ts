import { describe, expect, it } from 'vitest';

import type { AuditReport, EvidenceListing } from '../model/finding.js';
import { sampleReport } from '../../test/helpers/sample-report.js';
import { renderAuditHtml } from './html/audit.js';
import { renderJunit } from './junit.js';
import { listingText } from './listing.js';
import { renderSarif } from './sarif.js';
import { renderText } from './text.js';

const CUT: EvidenceListing = {
  of: 'excess',
  total: 5012,
  listed: 20,
  truncated: true,
  byKind: { system: 2, object: 10, field: 5000 },
  byContainer: [
    { type: 'PermissionSet', name: 'Data_Steward', group: 'Catalog', count: 5000 },
    { type: 'Profile', name: 'Custom Integration', count: 12 },
    { type: 'PermissionSet', name: 'A', count: 2 },
    { type: 'PermissionSet', name: 'B', count: 1 },
  ],
};

/** The sample with RG-0011's evidence cut, as the engine writes it for a large excess. */
function withListing(listing: EvidenceListing): AuditReport {
  const report = sampleReport();
  return {
    ...report,
    findings: report.findings.map((f) =>
      f.ruleId === 'RG-0011' ? { ...f, evidence: { ...f.evidence, listing } } : f,
    ),
  };
}

describe('listingText', () => {
  it('says how many of how many, per kind and container, and how to list every one', () => {
    expect(listingText(CUT)).toBe(
      'lists 20 of 5012 excess items (field 5000, object 10, system 2); through PermissionSet ' +
        'Data_Steward in group Catalog (5000), Profile Custom Integration (12), PermissionSet A (2) ' +
        'and 1 more; audit --full-evidence lists every one',
    );
  });

  it('says all are listed when none was left out, leaving out empty kinds', () => {
    const all = {
      of: 'excess',
      total: 3,
      listed: 3,
      truncated: false,
      byKind: { system: 0, field: 3 },
    };
    expect(listingText(all)).toBe('lists all 3 excess items (field 3)');
  });
});

describe('renderers show a cut evidence list', () => {
  const report = withListing(CUT);
  const sentence = listingText(CUT);
  const flat = (text: string) => text.replace(/\s+/g, ' ');

  it('text (verbose), JUnit and HTML say what the evidence left out', () => {
    expect(flat(renderText(report, { verbose: true }))).toContain(`evidence: ${sentence}`);
    expect(
      flat(renderText(withListing({ ...CUT, listed: 5012, truncated: false }), { verbose: true })),
    ).not.toContain('evidence: lists');
    expect(renderJunit(report)).toContain(`evidence: ${sentence}`);
    expect(renderAuditHtml(report)).toContain(`The evidence ${sentence}.`);
  });

  it('SARIF carries the listing in the evidence of the result', () => {
    const sarif = JSON.parse(renderSarif(report)) as {
      runs: { results: { ruleId: string; properties: { evidence?: { listing?: unknown } } }[] }[];
    };
    const result = sarif.runs[0]?.results.find((r) => r.ruleId === 'RG-0011');
    expect(result?.properties.evidence?.listing).toEqual(CUT);
  });
});
