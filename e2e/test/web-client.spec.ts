import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import type { Page } from 'playwright-core';
import { eventually } from '@ams/testing';
import { openBrowser, type TestBrowser } from './browser';
import { slide, spokenVideo } from './media-fixtures';
import { startSystem, type RunningSystem } from './running-system';

const ANALYSIS_TIMEOUT_MS = 240_000;
/** A new account per run: the test owns everything in its library. */
const EMAIL = `browser-${Math.random().toString(36).slice(2)}@example.com`;

/**
 * The web client in a real browser (Debian's Chromium) against all six services: what a person
 * does, screen by screen, with a screenshot of each under reports/screenshots.
 */
describe('the web client, in a browser', () => {
  let system: RunningSystem;
  let browser: TestBrowser;
  let page: Page;
  let dataDir: string;
  let pool: Pool;
  let slidePath: string;
  let videoPath: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ams-e2e-web-'));
    const videoDir = mkdtempSync(join(dataDir, 'video-'));
    slidePath = join(dataDir, 'board-slide.jpg');
    videoPath = join(dataDir, 'commute.mp4');
    writeFileSync(slidePath, await slide('Quarterly revenue grew'));
    writeFileSync(
      videoPath,
      // Speech from the fifth second: its moment has a start worth seeking to.
      spokenVideo(videoDir, await slide('Platform 4'), 'The train leaves the station at nine in the morning.', 12, 5),
    );
    [system, browser] = await Promise.all([
      startSystem({ DATA_DIR: dataDir, USER_CACHE_TTL_MS: '0', RPC_TIMEOUT_MS: '15000' }),
      openBrowser(),
    ]);
    page = browser.page;
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await system?.stop();
    await pool?.end();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('signs in with the local issuer and shows the empty library', async () => {
    await page.goto(system.gatewayUrl);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await browser.screenshot('01-sign-in');
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page.getByText('Your library is empty').waitFor();
    await browser.screenshot('02-library-empty');
  });

  it('uploads an image with text and a video with speech, and shows both reach completed live', async () => {
    await page.locator('input[type=file]').setInputFiles([slidePath, videoPath]);
    const uploads = page.getByRole('list', { name: 'Uploads' });
    await uploads.getByText(/Uploading|Analysing|Completed/).first().waitFor();
    await browser.screenshot('03-uploading');
    for (const name of ['board-slide.jpg', 'commute.mp4'])
      await uploads
        .getByRole('listitem')
        .filter({ hasText: name })
        .getByText('Completed')
        .waitFor({ timeout: ANALYSIS_TIMEOUT_MS });
    await page.getByRole('link', { name: 'commute.mp4' }).waitFor();
    await page.getByRole('link', { name: 'board-slide.jpg' }).waitFor();
    // Searchable once indexed (embedding is the last step after completion).
    await eventually(async () => {
      const { rows } = await pool.query(
        `SELECT count(*)::int AS n FROM media_files f JOIN users u ON u.id = f.user_id
          WHERE u.email = $1 AND f.indexed_at IS NOT NULL`,
        [EMAIL],
      );
      return rows[0].n === 2;
    }, 60_000);
    await browser.screenshot('04-library');
  }, ANALYSIS_TIMEOUT_MS + 60_000);

  it('filters the library by type', async () => {
    await page.getByLabel('Type').selectOption('video');
    await expectEventually(async () => (await page.getByRole('link', { name: 'board-slide.jpg' }).count()) === 0);
    await page.getByRole('link', { name: 'commute.mp4' }).waitFor();
    await browser.screenshot('05-library-filtered');
    await page.getByLabel('Type').selectOption('');
  });

  it('finds the slide by a paraphrase, first', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Search' }).click();
    await page.getByLabel('Search your library').fill('quarterly earnings');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const results = page.getByRole('region', { name: 'Search results' });
    await results.getByRole('link').first().waitFor();
    await expect(results.getByRole('link').first().textContent()).resolves.toContain('board-slide.jpg');
    await browser.screenshot('06-search');
  });

  it("opens the video's matching moment and plays it from its start second", async () => {
    await page.getByLabel('Search your library').fill('train station');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    // The spoken moment (from 0:04 on), not a keyframe at the very start.
    const moment = page.getByRole('button', { name: /^Play from 0:(0[4-9]|1\d)$/ }).first();
    await moment.waitFor();
    await browser.screenshot('06b-search-moments');
    await moment.click();
    await page.waitForURL(/\/media\/[0-9a-f-]+\?t=/);
    const start = Number(new URL(page.url()).searchParams.get('t'));
    expect(start).toBeGreaterThanOrEqual(4);
    const video = page.getByLabel('Video player');
    await video.waitFor();
    await expectEventually(async () => {
      const time = await video.evaluate((element: HTMLVideoElement) => element.currentTime);
      return time >= start - 0.05 && time <= start + 5;
    });
    await browser.screenshot('07-item-video');
    // The click on that result was recorded for search analytics.
    const { rows } = await pool.query(
      `SELECT clicked_results FROM search_history sh JOIN users u ON u.id = sh.user_id
        WHERE u.email = $1 AND cardinality(clicked_results) > 0`,
      [EMAIL],
    );
    expect(rows.length).toBeGreaterThan(0);
  });

  it('edits tags on the item and keeps them', async () => {
    const form = page.getByRole('form', { name: 'Edit details' });
    await form.getByLabel('Tags').fill('commute, rail');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Saved').waitFor();
    const id = new URL(page.url()).pathname.split('/').pop();
    const { rows } = await pool.query(`SELECT tags FROM media_files WHERE id = $1`, [id]);
    expect(rows[0].tags.sort()).toEqual(['commute', 'rail']);
    await browser.screenshot('08-item-edited');
  });

  it('deletes the item after confirmation', async () => {
    const id = new URL(page.url()).pathname.split('/').pop();
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('button', { name: 'Delete permanently' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await page.getByRole('link', { name: 'board-slide.jpg' }).waitFor();
    await expectEventually(async () => (await page.getByRole('link', { name: 'commute.mp4' }).count()) === 0);
    const { rows } = await pool.query(`SELECT deleted_at FROM media_files WHERE id = $1`, [id]);
    expect(rows[0].deleted_at).not.toBeNull();
  });

  it('shows the account: plan, usage and AI cost', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Account' }).click();
    await page.getByRole('heading', { name: 'Usage' }).waitFor();
    await page.getByRole('progressbar', { name: 'Uploads 2 of 10' }).waitFor();
    await browser.screenshot('09-account');
  });

  it('works at phone width', async () => {
    await page.setViewportSize({ width: 375, height: 800 });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Library' }).click();
    await page.getByRole('link', { name: 'board-slide.jpg' }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await browser.screenshot('10-phone-library');
    expect(pageErrors).toEqual([]);
  });
});

/** Poll a browser-side condition (Playwright's own expect is not jest's). */
async function expectEventually(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  await eventually(check, timeoutMs);
}
