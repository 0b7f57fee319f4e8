// `runas-guard audit --format html` over the demo org in the emulator, opened in headless Chromium
// (test/helpers/browser.ts): the page loads nothing but itself, logs no error or warning, fits a
// laptop screen, its severity and rule filters show exactly the findings the JSON report counts,
// and a container's blast radius names the apps whose run-as user holds it. Screenshots are kept
// under artifacts/html/.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';

import { ruleCatalog } from '../../src/cli/commands/audit.js';
import type { AuditReport, Finding, Severity } from '../../src/model/finding.js';
import { renderAuditHtml } from '../../src/report/html/index.js';
import {
  attributesOf,
  keepScreenshot,
  LAPTOP,
  openReport,
  useBrowser,
} from '../helpers/browser.js';
import { runCli } from '../helpers/cli.js';
import { DEMO_ORG, serveFixture } from '../helpers/emulator.js';
import { tempDir } from '../helpers/guard.js';
import { sampleReport } from '../helpers/sample-report.js';

const MANIFEST = join(DEMO_ORG, 'runas-guard.yaml');
/** The statuses the page shows before the reader asks for passes and skips. */
const SHOWN_AT_FIRST = new Set(['fail', 'error', 'not-evaluated', 'waived']);

const chromium = useBrowser();

let htmlFile = '';
let report: AuditReport;

beforeAll(async () => {
  const emulator = await serveFixture(DEMO_ORG);
  const env = { SF_ACCESS_TOKEN: emulator.accessToken };
  const live = ['audit', '--instance-url', emulator.instanceUrl, '--manifest', MANIFEST];
  const dir = tempDir();
  htmlFile = join(dir, 'demo.html');
  const both = join(dir, 'both');
  const [single, several] = await Promise.all([
    runCli([...live, '--format', 'html', '--output', htmlFile], env),
    runCli([...live, '--format', 'html,json', '--output-dir', both], env),
  ]);
  for (const result of [single, several]) {
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('');
    expect(result.code).toBe(1); // the demo org has critical failures
  }
  report = JSON.parse(readFileSync(join(both, 'runas-guard.json'), 'utf8')) as AuditReport;
  // The HTML is the JSON report rendered: the same bytes from the same report.
  expect(readFileSync(join(both, 'runas-guard.html'), 'utf8')).toBe(
    renderAuditHtml(report, { rules: ruleCatalog() }),
  );
}, 120_000);

function shownAtFirst(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => SHOWN_AT_FIRST.has(f.status));
}

/** The findings rows the page shows now: [severity, status, rule] of each. */
function visibleRows(page: Page): Promise<string[][]> {
  return attributesOf(page, '#findings [data-row]', ['data-severity', 'data-status', 'data-rule']);
}

/** Container → apps whose run-as user holds it, from the JSON report (not from the renderer): the integrations' containers and the findings' via. */
function expectedBlastRadius(json: AuditReport): Map<string, string[]> {
  const userOf = new Map(json.integrations.map((i) => [i.app, i.runAsUsername]));
  const holders = new Map<string, Set<string>>();
  for (const integration of json.integrations)
    for (const via of integration.containers ?? []) {
      if (integration.runAsUsername === null) continue;
      const name = `${via.type} ${via.name}`;
      holders.set(name, (holders.get(name) ?? new Set()).add(integration.runAsUsername));
    }
  for (const finding of json.findings)
    for (const via of finding.evidence?.via ?? []) {
      const user = userOf.get(finding.app);
      if (user === undefined || user === null) continue;
      const name = `${via.type} ${via.name}`;
      holders.set(name, (holders.get(name) ?? new Set()).add(user));
    }
  return new Map(
    [...holders].map(([container, users]) => [
      container,
      json.integrations
        .filter((i) => i.runAsUsername !== null && users.has(i.runAsUsername))
        .map((i) => i.app)
        .sort(),
    ]),
  );
}

describe('the audit HTML report in Chromium', () => {
  it('loads nothing but itself, logs no error or warning and fits a laptop screen', async ({
    skip,
  }) => {
    skip(chromium.skipReason !== undefined, chromium.skipReason);
    const opened = await openReport(chromium.browser(), htmlFile);
    try {
      const { page } = opened;
      expect(await page.title()).toMatch(/^runas-guard audit: FAIL · 00D/);
      // A row per integration, and per app only findings name (declared, not in the org).
      const apps = new Set([...report.integrations, ...report.findings].map((x) => x.app));
      expect(apps.size).toBeGreaterThan(report.integrations.length);
      expect(await page.locator('#integrations tbody tr').count()).toBe(apps.size);
      const width = await page.evaluate<number>('document.documentElement.scrollWidth');
      expect(width).toBeLessThanOrEqual(LAPTOP.width);
      await keepScreenshot(page, 'audit-demo');
      await keepScreenshot(page, 'audit-demo-full', true);
      expect(opened.console).toEqual([]);
      expect(opened.errors).toEqual([]);
      expect(opened.requests).toEqual([`file://${htmlFile}`]);
    } finally {
      await opened.close();
    }
  });

  it('shows exactly the findings of the checked severities', async ({ skip }) => {
    skip(chromium.skipReason !== undefined, chromium.skipReason);
    const opened = await openReport(chromium.browser(), htmlFile);
    try {
      const { page } = opened;
      const first = shownAtFirst(report.findings);
      const rows = await visibleRows(page);
      expect(rows).toHaveLength(first.length);
      expect(await page.locator('#findings [data-row]').count()).toBe(report.findings.length);
      expect(await page.textContent('form.filters output')).toBe(
        `${first.length} of ${report.findings.length} shown`,
      );
      const severities = [...new Set(first.map((f) => f.severity))];
      expect(severities.length).toBeGreaterThan(1);
      for (const severity of severities) {
        const box = page.locator(`input[data-key="severity"][value="${severity}"]`);
        await box.uncheck();
        const shown = await visibleRows(page);
        expect(shown).toHaveLength(first.filter((f) => f.severity !== severity).length);
        expect(shown.some(([s]) => s === severity)).toBe(false);
        await box.check();
      }
      // Only one severity left: its rows alone.
      const only: Severity = 'critical';
      for (const severity of severities)
        if (severity !== only)
          await page.locator(`input[data-key="severity"][value="${severity}"]`).uncheck();
      expect(await visibleRows(page)).toEqual(
        expect.arrayContaining([[only, 'fail', expect.any(String)]]),
      );
      expect((await visibleRows(page)).every(([s]) => s === only)).toBe(true);
      expect(await visibleRows(page)).toHaveLength(first.filter((f) => f.severity === only).length);
      // Passes too: every critical finding.
      await page.locator('input[data-key="status"][value="pass"]').check();
      expect(await visibleRows(page)).toHaveLength(
        report.findings.filter(
          (f) => f.severity === only && (SHOWN_AT_FIRST.has(f.status) || f.status === 'pass'),
        ).length,
      );
      await keepScreenshot(page, 'audit-demo-critical');
      expect(opened.console).toEqual([]);
      expect(opened.errors).toEqual([]);
    } finally {
      await opened.close();
    }
  });

  it('shows only the findings of the rule chosen, and an open finding its evidence and remediation', async ({
    skip,
  }) => {
    skip(chromium.skipReason !== undefined, chromium.skipReason);
    const opened = await openReport(chromium.browser(), htmlFile);
    try {
      const { page } = opened;
      const rule = 'RG-0009';
      const expected = shownAtFirst(report.findings).filter((f) => f.ruleId === rule);
      expect(expected.length).toBeGreaterThan(0);
      await page.selectOption('select[data-key="rule"]', rule);
      const rows = await visibleRows(page);
      expect(rows).toHaveLength(expected.length);
      expect(rows.every(([, , r]) => r === rule)).toBe(true);
      const row = page.locator('#findings [data-row]:visible').first();
      await row.locator('summary').click();
      const body = row.locator('.body');
      await expect.poll(() => body.isVisible()).toBe(true);
      const text = (await body.textContent()) ?? '';
      expect(text).toContain(expected[0]?.remediation ?? '—');
      expect(text).toContain('Granted via');
      await page.selectOption('select[data-key="rule"]', '');
      expect(await visibleRows(page)).toHaveLength(shownAtFirst(report.findings).length);
    } finally {
      await opened.close();
    }
  });

  it("highlights a container's blast radius: the apps whose run-as user holds it", async ({
    skip,
  }) => {
    skip(chromium.skipReason !== undefined, chromium.skipReason);
    const expected = expectedBlastRadius(report);
    // A container two apps share (one run-as user with two apps, in the demo org).
    const [container, apps] =
      [...expected].find(([name, list]) => list.length > 1 && name.startsWith('PermissionSet ')) ??
      [];
    if (container === undefined || apps === undefined) throw new Error('no shared container');
    const opened = await openReport(chromium.browser(), htmlFile);
    try {
      const { page } = opened;
      await page.locator(`svg.graph .node.container[data-name="${container}"]`).click();
      expect(await page.textContent('#blast')).toBe(
        `Blast radius of ${container}: ${apps.length} apps: ${apps.join(', ')}`,
      );
      const hot = await attributesOf(page, 'svg.graph .node.app.hot', ['data-name']);
      expect(hot.flat()).toEqual(apps);
      await page.locator('svg.graph').scrollIntoViewIfNeeded();
      await keepScreenshot(page, 'audit-demo-blast-radius');
      // Every container of the report is drawn, with the same radius.
      for (const [name, list] of expected) {
        const related = await page
          .locator(`svg.graph .node.container[data-name="${name}"]`)
          .getAttribute('data-related');
        const ids = new Set((related ?? '').split(' '));
        const named = (await attributesOf(page, 'svg.graph .node.app', ['data-id', 'data-name']))
          .filter(([id]) => ids.has(id ?? ''))
          .map(([, app]) => app);
        expect(named, name).toEqual(list);
      }
      // A second click releases it.
      await page.locator(`svg.graph .node.container[data-name="${container}"]`).click();
      expect(await page.locator('svg.graph .node.hot').count()).toBe(0);
      expect(opened.console).toEqual([]);
      expect(opened.errors).toEqual([]);
    } finally {
      await opened.close();
    }
  });

  it('shows a finding message holding markup as text, and runs none of it', async ({ skip }) => {
    skip(chromium.skipReason !== undefined, chromium.skipReason);
    const hostile = sampleReport();
    const message =
      '<script>alert(1)</script><img src="http://127.0.0.1:9/x.png" onerror="alert(2)">';
    for (const finding of hostile.findings) finding.message = message;
    const file = join(tempDir(), 'hostile.html');
    writeFileSync(file, renderAuditHtml(hostile));
    const opened = await openReport(chromium.browser(), file);
    try {
      const { page } = opened;
      const first = page.locator('#findings [data-row] .msg').first();
      expect(await first.textContent()).toBe(message);
      expect(await page.locator('img').count()).toBe(0);
      expect(opened.dialogs).toEqual([]);
      expect(opened.requests).toEqual([`file://${file}`]);
      expect(opened.console).toEqual([]);
      expect(opened.errors).toEqual([]);
    } finally {
      await opened.close();
    }
  });
});
