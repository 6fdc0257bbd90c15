import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Where the browser tests leave their screenshots (a CI artifact folder, not committed). */
export const SCREENSHOTS_DIR = join(__dirname, '..', '..', 'reports', 'screenshots');

export interface TestBrowser {
  context: BrowserContext;
  page: Page;
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Debian's Chromium driven by playwright-core (nothing is downloaded), headless, in a fresh
 * profile, quiet on the network: no updates, sync or background fetches.
 */
export async function openBrowser(options: { width?: number; height?: number } = {}): Promise<TestBrowser> {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  const profile = mkdtempSync(join(tmpdir(), 'ams-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--autoplay-policy=no-user-gesture-required',
    ],
    viewport: { width: options.width ?? 1280, height: options.height ?? 860 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async screenshot(name) {
      await page.screenshot({ path: join(SCREENSHOTS_DIR, `${name}.png`), fullPage: true });
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
