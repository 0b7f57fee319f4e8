// Headless Chromium for the HTML report tests: Debian's `chromium` package (.ci/run installs it)
// driven by playwright-core, never a browser download. Without /usr/bin/chromium the tests skip
// with the reason, except under CI=true, where they fail. One browser per test file, closed after
// its tests; each page in a fresh context, every request it makes recorded and none but the
// document let through; screenshots kept under artifacts/html/ (gitignored).

import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const ARTIFACTS_DIR = join(import.meta.dirname, '../../artifacts/html');

/** The flags of a quiet, offline browser: nothing it does on its own reaches the network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-gpu',
  '--no-first-run',
  '--disable-sync',
];

/** The laptop screen the report is laid out for. */
export const LAPTOP = { width: 1366, height: 768 } as const;

export interface BrowserFixture {
  /** Why this file's browser tests skip; undefined when Chromium is there. */
  skipReason?: string;
  /** The file's browser (launched before its tests). */
  browser(): Browser;
}

/** Why the browser tests cannot run here; throws under CI=true, where they must. */
export function browserSkipReason(): string | undefined {
  if (existsSync(CHROMIUM_PATH)) return undefined;
  const reason = `${CHROMIUM_PATH} is absent (Debian's chromium package; .ci/run installs it)`;
  if (process.env.CI === 'true') throw new Error(`CI=true and ${reason}`);
  return reason;
}

/**
 * One Chromium for the test file: launched in beforeAll, closed in afterAll. Playwright gives each
 * launch a fresh temporary profile (user data dir) and removes it on close.
 */
export function useBrowser(): BrowserFixture {
  const skipReason = browserSkipReason();
  let launched: Browser | undefined;
  beforeAll(async () => {
    if (skipReason !== undefined) return;
    launched = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
    });
  }, 60_000);
  afterAll(async () => {
    await launched?.close();
  });
  return {
    ...(skipReason === undefined ? {} : { skipReason }),
    browser() {
      if (launched === undefined) throw new Error('the browser was not launched');
      return launched;
    },
  };
}

export interface OpenedReport {
  page: Page;
  /** Console messages of type error or warning, as `type: text`. */
  console: string[];
  /** Uncaught exceptions in the page. */
  errors: string[];
  /** Every request the page made, the document's own included, in order. */
  requests: string[];
  /** Dialogs (alert, confirm) the page opened: an injected script would. */
  dialogs: string[];
  close(): Promise<void>;
}

/**
 * Opens an HTML file through file:// in a fresh context on the laptop screen. Every request is
 * recorded twice over (routed and seen), and all but the document itself are aborted: a page that
 * tries to load anything is caught without reaching the network.
 */
export async function openReport(browser: Browser, file: string): Promise<OpenedReport> {
  const url = pathToFileURL(file).href;
  const context = await browser.newContext({ viewport: LAPTOP, javaScriptEnabled: true });
  const requests: string[] = [];
  await context.route('**/*', async (route) => {
    const target = route.request().url();
    if (target === url) await route.continue();
    else {
      requests.push(target);
      await route.abort('blockedbyclient');
    }
  });
  const page = await context.newPage();
  const opened: OpenedReport = {
    page,
    console: [],
    errors: [],
    requests,
    dialogs: [],
    close: () => context.close(),
  };
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning')
      opened.console.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => opened.errors.push(error.message));
  page.on('request', (request) => {
    if (request.url() === url && !requests.includes(url)) requests.unshift(url);
    else if (request.url() !== url && !requests.includes(request.url()))
      requests.push(request.url());
  });
  page.on('dialog', (dialog) => {
    opened.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(url, { waitUntil: 'load' });
  return opened;
}

/** Saves a screenshot under artifacts/html/ and prints its path; returns the path. */
export async function keepScreenshot(page: Page, name: string, fullPage = false): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage });
  console.log(`screenshot: ${path}`);
  return path;
}

/**
 * The `attributes` of each element matching `selector` that has no `hidden` attribute, in document
 * order, read in the page (a string expression: the project's types have no DOM).
 */
export async function attributesOf(
  page: Page,
  selector: string,
  attributes: readonly string[],
): Promise<string[][]> {
  const expression =
    `Array.from(document.querySelectorAll(${JSON.stringify(selector)}))` +
    `.filter((e) => !e.hasAttribute('hidden'))` +
    `.map((e) => ${JSON.stringify(attributes)}.map((a) => e.getAttribute(a) ?? ''))`;
  return page.evaluate<string[][]>(expression);
}
