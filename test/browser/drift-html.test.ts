// The HTML pages of `monitor diff` and `monitor history --app` (Northwind a day apart,
// test/fixtures/monitor/, recorded through the CLI into a fresh SQLite store) and of `compare`
// (Northwind and its sandbox uat lacking a run-as user, test/fixtures/compare/), opened in headless
// Chromium: nothing loaded but the document, no console error or warning, the filters show exactly
// the changes and findings the JSON reports count, and the timeline lists the app's changes.
// Screenshots under artifacts/html/.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';

import type { DriftReport } from '../../src/drift/report.js';
import type { HistoryReport } from '../../src/monitor/history.js';
import { renderHistoryHtml } from '../../src/report/html/index.js';
import { fixedClock } from '../../src/util/clock.js';
import {
  attributesOf,
  keepScreenshot,
  LAPTOP,
  openReport,
  useBrowser,
} from '../helpers/browser.js';
import { runCli } from '../helpers/cli.js';
import { deriveSandbox } from '../fixtures/compare/sandbox.js';
import { NORTHWIND, serveFixture } from '../helpers/emulator.js';
import { tempDir } from '../helpers/guard.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/monitor');
const DAY1 = join(FIXTURES, 'northwind-day1');
const DAY2 = join(FIXTURES, 'northwind-day2');
const APP = 'Storefront_Orders';

const chromium = useBrowser();

let diffHtml = '';
let historyHtml = '';
let historyWithChanges = '';
let compareHtml = '';
let compared: DriftReport;

/** The statuses the page shows before the reader asks for passes and skips. */
const SHOWN_AT_FIRST = new Set(['fail', 'error', 'not-evaluated', 'waived']);
let diff: DriftReport;

function clockOf(dir: string): ReturnType<typeof fixedClock> {
  const { now } = JSON.parse(readFileSync(join(dir, 'emulator.json'), 'utf8')) as { now: string };
  return fixedClock(new Date(now));
}

beforeAll(async () => {
  const db = join(tempDir('html-monitor-'), 'history.db');
  for (const dir of [DAY1, DAY2]) {
    const day = await serveFixture(dir, { clock: clockOf(dir) });
    const recorded = await runCli(
      [
        'monitor',
        'record',
        '--db',
        db,
        '--instance-url',
        day.instanceUrl,
        '--manifest',
        join(dir, 'runas-guard.yaml'),
      ],
      { SF_ACCESS_TOKEN: day.accessToken },
    );
    expect(recorded.stderr).toBe('');
    expect(recorded.code).toBe(0);
  }
  const out = join(tempDir('html-monitor-out-'), 'reports');
  historyHtml = join(tempDir('html-history-'), 'history.html');
  const history = ['monitor', 'history', '--db', db, '--app', APP];
  const [diffs, html, json] = await Promise.all([
    runCli(['monitor', 'diff', '--db', db, '--format', 'json,html', '--output-dir', out]),
    runCli([...history, '--format', 'html', '--output', historyHtml]),
    runCli([...history, '--format', 'json']),
  ]);
  for (const result of [diffs, html, json]) expect(result.stderr).toBe('');
  expect(html.code).toBe(0);
  // The same history with each run's changes, as renderHistoryHtml takes them.
  const entries = (JSON.parse(json.stdout) as HistoryReport).runs;
  historyWithChanges = join(tempDir('html-history-'), 'changes.html');
  writeFileSync(
    historyWithChanges,
    renderHistoryHtml(
      entries.map(({ run, ...app }) => ({ ...run, ...app })),
      { app: APP },
    ),
  );
  diffHtml = join(out, 'runas-guard-diff.html');

  // compare: Northwind and its sandbox uat without the carrier's run-as user, as snapshots.
  const tmp = tempDir('html-compare-');
  const sandbox = join(tmp, 'sandbox');
  await deriveSandbox(NORTHWIND, sandbox, { dropUser: 'carrier.integration' });
  const sides = [
    { dir: NORTHWIND, file: join(tmp, 'prod.json') },
    { dir: sandbox, file: join(tmp, 'uat.json') },
  ];
  for (const { dir, file } of sides) {
    const org = await serveFixture(dir);
    const saved = await runCli(
      ['audit', '--instance-url', org.instanceUrl, '--save-snapshot', file, '--format', 'json'],
      { SF_ACCESS_TOKEN: org.accessToken },
    );
    expect(saved.stderr).toBe('');
  }
  const compareOut = join(tmp, 'reports');
  const comparison = await runCli([
    'compare',
    '--manifest',
    join(NORTHWIND, 'runas-guard.yaml'),
    '--source',
    sides[0]?.file ?? '',
    '--target',
    sides[1]?.file ?? '',
    '--sandbox-suffix',
    'uat',
    '--format',
    'json,html',
    '--output-dir',
    compareOut,
  ]);
  expect(comparison.stderr).toBe('');
  compareHtml = join(compareOut, 'runas-guard.html');
  compared = JSON.parse(readFileSync(join(compareOut, 'runas-guard.json'), 'utf8')) as DriftReport;
  diff = JSON.parse(readFileSync(join(out, 'runas-guard-diff.json'), 'utf8')) as DriftReport;
}, 300_000);

/** The change rows the page shows now: [kind, breaking] of each. */
function visibleChanges(page: Page): Promise<string[][]> {
  return attributesOf(page, '#changes [data-row]', ['data-kind', 'data-breaking']);
}

describe('the drift and history HTML reports in Chromium', () => {
  it('monitor diff: every change listed, filtered by kind and by breaking as the JSON counts', async ({
    skip,
  }) => {
    skip(chromium.skipReason !== undefined, chromium.skipReason);
    const changes = diff.integrations.flatMap((i) => i.changes);
    expect(changes.length).toBeGreaterThan(0);
    const opened = await openReport(chromium.browser(), diffHtml);
    try {
      const { page } = opened;
      expect(await visibleChanges(page)).toEqual(
        changes.map((c) => [c.kind, c.breaks.length > 0 ? 'yes' : 'no']),
      );
      expect(await page.textContent('header .breaks')).toBe(
        `Broken: ${diff.summary.broken.join(', ')}`,
      );
      const width = await page.evaluate<number>('document.documentElement.scrollWidth');
      expect(width).toBeLessThanOrEqual(LAPTOP.width);
      await keepScreenshot(page, 'monitor-diff');

      const access = page.locator('input[data-key="kind"][value="access"]');
      await access.uncheck();
      const withoutAccess = await visibleChanges(page);
      expect(withoutAccess).toHaveLength(changes.filter((c) => c.kind !== 'access').length);
      expect(withoutAccess.some(([kind]) => kind === 'access')).toBe(false);
      await access.check();

      await page.selectOption('select[data-key="breaking"]', 'yes');
      const breaking = await visibleChanges(page);
      expect(breaking).toHaveLength(diff.summary.breaking);
      expect(breaking.every(([, b]) => b === 'yes')).toBe(true);
      expect(await page.textContent('form.filters output')).toBe(
        `${diff.summary.breaking} of ${changes.length} shown`,
      );
      await keepScreenshot(page, 'monitor-diff-breaking');
      expect(opened.console).toEqual([]);
      expect(opened.errors).toEqual([]);
      expect(opened.requests).toEqual([`file://${diffHtml}`]);
    } finally {
      await opened.close();
    }
  });

  it("monitor history --app: a timeline of the runs, each with the app's changes", async ({
    skip,
  }) => {
    skip(chromium.skipReason !== undefined, chromium.skipReason);
    const ofApp = diff.integrations.find((i) => i.app === APP)?.changes ?? [];
    expect(ofApp.length).toBeGreaterThan(0);
    for (const file of [historyHtml, historyWithChanges]) {
      const opened = await openReport(chromium.browser(), file);
      try {
        const { page } = opened;
        expect(await page.title()).toBe(`runas-guard monitor history · ${APP}`);
        expect(await attributesOf(page, 'ol.timeline > li', ['data-run'])).toEqual([['1'], ['2']]);
        if (file === historyWithChanges) {
          // The second run lists the app's changes, as the diff of the two runs has them.
          const listed = await attributesOf(page, 'li[data-run="2"] ul.changes > li', [
            'data-kind',
          ]);
          expect(listed.flat()).toEqual(ofApp.map((c) => c.kind));
          await keepScreenshot(page, 'monitor-history');
        }
        expect(opened.console).toEqual([]);
        expect(opened.errors).toEqual([]);
        expect(opened.requests).toEqual([`file://${file}`]);
      } finally {
        await opened.close();
      }
    }
  });

  it("compare: production and a sandbox lacking a run-as user, compare's findings filtered by severity", async ({
    skip,
  }) => {
    skip(chromium.skipReason !== undefined, chromium.skipReason);
    const failing = (compared.findings ?? []).filter((f) => SHOWN_AT_FIRST.has(f.status));
    expect(failing.map((f) => f.ruleId)).toEqual(expect.arrayContaining(['RG-0002', 'RG-0032']));
    const opened = await openReport(chromium.browser(), compareHtml);
    try {
      const { page } = opened;
      const rows = () => attributesOf(page, '#findings [data-row]', ['data-severity', 'data-rule']);
      const sorted = (list: string[][]) => list.map((r) => r.join(' ')).sort();
      expect(sorted(await rows())).toEqual(sorted(failing.map((f) => [f.severity, f.ruleId])));
      expect(await page.textContent('header')).toContain('sandbox suffix uat');
      for (const severity of new Set(failing.map((f) => f.severity))) {
        const box = page.locator(`input[data-key="severity"][value="${severity}"]`);
        await box.uncheck();
        expect(sorted(await rows())).toEqual(
          sorted(failing.filter((f) => f.severity !== severity).map((f) => [f.severity, f.ruleId])),
        );
        await box.check();
      }
      await keepScreenshot(page, 'compare');
      expect(opened.console).toEqual([]);
      expect(opened.errors).toEqual([]);
      expect(opened.requests).toEqual([`file://${compareHtml}`]);
    } finally {
      await opened.close();
    }
  });
});
