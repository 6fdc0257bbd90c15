/**
 * bench/web: the web client's first-load size, and how long a search takes to show its results.
 *
 *   npm run bench:web            # about 2 minutes
 *
 * 1. Builds apps/web with its own Vite config into a temporary directory (apps/web/dist is left
 *    alone) and reads the built index.html for what a first visit downloads: index.html, the entry
 *    script, its modulepreloads and stylesheets. Each is gzipped (node:zlib, level 9) and summed
 *    against the 250 KB target; every other chunk (other screens, Firebase) is listed as on demand.
 * 2. Starts the stack (embedded database in memory, RabbitMQ, Redis) and the gateway,
 *    embedding-search, billing and media services as real processes, the gateway serving that
 *    build (WEB_DIST_DIR). Signs a user in with the dev token, puts them on the unlimited plan and
 *    seeds 1,000 media straight into the database as bench/search does (corpus.ts, the service's
 *    own row builders, the real local embedder). Then drives Chromium (playwright-core, headless)
 *    on /search: for each query, types it, and times inside the page from the click on "Search" to
 *    the frame with the new results painted (two requestAnimationFrame callbacks after they are in
 *    the DOM), and splits that with the resource timing of the GET /v1/search request. 3 warm-up
 *    searches, 30 queries nobody asked before (every result page misses the cache), then 10 of
 *    them again (served from Redis).
 * Prints one report. Nothing is written to disk but temporary directories, removed at the end.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { Pool } from 'pg';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { createLocalLexicalEmbedder } from '@ams/embeddings';
import { freePort, launchService, startStack, stopServices, waitForReady, type RunningService } from '@ams/devstack';
import { toIndexedRow } from '../../apps/embedding-search/src/indexing/indexer.service';
import { embeddingDocument, fullRow } from '../../apps/embedding-search/src/indexing/search-document';
import { generateMedia, Random, uniqueQueries, userThemes, type SeedMedia } from '../search/corpus';
import { insertBatch } from '../search/seed-media';

const MEDIA = 1_000;
const TARGET_KB = 250;
const GZIP_LEVEL = 9;
const WARM_UP = 3;
const COLD = 30;
const WARM = 10;
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const SEARCH_TIMEOUT_MS = 30_000;

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
const seconds = (since: number) => (performance.now() - since) / 1000;
const kb = (bytes: number) => (bytes / 1024).toFixed(1);

function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
const ms = (value: number, width = 8) => (Number.isNaN(value) ? '-' : value.toFixed(1)).padStart(width);

// ── 1. first-load size ───────────────────────────────────────────────────────────────────────

interface BuiltFile {
  path: string;
  kind: string;
  raw: number;
  gzip: number;
}

interface BundleReport {
  buildSeconds: number;
  firstLoad: BuiltFile[];
  onDemand: BuiltFile[];
}

async function buildWeb(outDir: string): Promise<BundleReport> {
  log(`building apps/web into ${outDir}`);
  const started = performance.now();
  await promisify(execFile)(
    'npx',
    ['vite', 'build', '--config', 'apps/web/vite.config.mts', '--outDir', outDir, '--logLevel', 'warn'],
    { cwd: join(__dirname, '../..'), maxBuffer: 16 * 1024 * 1024 },
  );
  const buildSeconds = seconds(started);

  const html = readFileSync(join(outDir, 'index.html'), 'utf8');
  const sized = (path: string, kind: string): BuiltFile => {
    const bytes = readFileSync(join(outDir, path.replace(/^\//, '')));
    return { path, kind, raw: bytes.length, gzip: gzipSync(bytes, { level: GZIP_LEVEL }).length };
  };
  const attribute = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`, 'i').exec(tag)?.[1];
  const firstLoad: BuiltFile[] = [sized('/index.html', 'document')];
  for (const [tag] of html.matchAll(/<(script|link)\b[^>]*>/gi)) {
    if (/^<script/i.test(tag)) {
      const src = attribute(tag, 'src');
      if (src && attribute(tag, 'type') === 'module') firstLoad.push(sized(src, 'entry script'));
    } else {
      const rel = attribute(tag, 'rel');
      const href = attribute(tag, 'href');
      if (!href || href.startsWith('data:')) continue;
      if (rel === 'stylesheet') firstLoad.push(sized(href, 'stylesheet'));
      else if (rel === 'modulepreload') firstLoad.push(sized(href, 'modulepreload'));
    }
  }
  const loaded = new Set(firstLoad.map((file) => file.path));
  const onDemand = readdirSync(join(outDir, 'assets'))
    .filter((name) => /\.(js|css)$/.test(name) && !loaded.has(`/assets/${name}`))
    .map((name) => sized(`/assets/${name}`, name.endsWith('.css') ? 'stylesheet' : 'script'))
    .sort((a, b) => b.gzip - a.gzip);
  return { buildSeconds, firstLoad, onDemand };
}

// ── 2. search → results painted ──────────────────────────────────────────────────────────────

interface Measurement {
  query: string;
  /** click → the frame with the new results painted */
  total: number;
  /** click → the new results in the DOM */
  dom: number;
  /** click → the GET /v1/search request leaves */
  toRequest: number;
  /** the GET /v1/search request, start → response end (resource timing) */
  api: number;
  /** response end → painted */
  render: number;
  results: number;
  outcome: 'results' | 'empty' | 'error';
  cacheHit: boolean | null;
}

async function devToken(gateway: string, email: string): Promise<string> {
  const response = await fetch(`${gateway}/v1/auth/dev-token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email }),
  });
  if (!response.ok) throw new Error(`dev token: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { token: string }).token;
}

/** 1,000 files of one user, written as bench/search's seed() writes them, then the model index and ANALYZE. */
async function seed(pool: Pool, userId: string): Promise<{ seconds: number; videos: number }> {
  const started = performance.now();
  const embedder = createLocalLexicalEmbedder();
  const model = embedder.model;
  await embedder.warmUp?.();
  const random = new Random(2026);
  const themes = userThemes(0, random);
  const all: SeedMedia[] = [];
  for (let i = 0; i < MEDIA; i++) all.push(generateMedia(userId, randomUUID(), i, themes, random));
  const rows = all.map((media) => fullRow(media.facts));
  const vectors = await embedder.embed(rows.map(embeddingDocument));
  const indexed = rows.map((row, i) => toIndexedRow(row, vectors[i]!));
  await insertBatch(pool, all, indexed, model);
  await pool.query(`SELECT create_embedding_model_index($1)`, [model.name]);
  await pool.query('ANALYZE media_files');
  await pool.query('ANALYZE media_embeddings');
  return { seconds: seconds(started), videos: all.filter((m) => m.facts.fileType === 'video').length };
}

/**
 * The few browser globals the in-page probe uses. The workspace compiles without the DOM library,
 * so they are typed here rather than by `lib: ["dom"]`.
 */
interface PageElement {
  textContent: string | null;
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): ArrayLike<PageElement> & Iterable<PageElement>;
  setAttribute(name: string, value: string): void;
  hasAttribute(name: string): boolean;
  click(): void;
}
interface PageGlobals {
  document: { body: PageElement; querySelector(selector: string): PageElement | null };
  localStorage: { setItem(key: string, value: string): void };
  requestAnimationFrame(callback: (time: number) => void): number;
  MutationObserver: new (callback: () => void) => {
    observe(target: PageElement, options: Record<string, boolean>): void;
    disconnect(): void;
  };
  performance: {
    now(): number;
    clearResourceTimings(): void;
    getEntriesByType(type: 'resource'): { name: string; startTime: number; responseEnd: number }[];
  };
}

/**
 * Types `query`, then inside the page: clicks Search and waits until the results region is a new
 * one (the old one is marked before the click) or its text changed, with no loading status left on
 * the screen; then two animation frames, so the frame holding the results has been painted.
 */
async function searchOnce(page: Page, query: string): Promise<Measurement> {
  await page.getByLabel('Search your library').fill(query);
  await page.getByRole('button', { name: 'Search', exact: true }).waitFor();
  const measured = await page.evaluate(async (timeoutMs: number) => {
    const { document, performance, requestAnimationFrame, MutationObserver } = globalThis as unknown as PageGlobals;
    const frame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));
    const main = document.querySelector('main') ?? document.body;
    const regionSelector = 'section[aria-label="Search results"]';
    const old = main.querySelector(regionSelector);
    old?.setAttribute('data-bench-old', '');
    const oldText = old?.textContent ?? null;
    const button = [...main.querySelectorAll('form[role="search"] button[type="submit"]')].find(
      (b) => b.textContent?.trim() === 'Search',
    );
    if (!button) throw new Error('no Search button');
    performance.clearResourceTimings();

    const started = performance.now();
    button.click();
    const settled = () => {
      if (main.querySelector('[role="status"]')) return null;
      const alert = main.querySelector('[role="alert"]');
      if (alert) return 'error' as const;
      const region = main.querySelector(regionSelector);
      if (region && (!region.hasAttribute('data-bench-old') || region.textContent !== oldText))
        return 'results' as const;
      if (!region && main.querySelector('.empty')) return 'empty' as const;
      return null;
    };
    // A MutationObserver sees the commit as soon as React makes it (not only at the next frame).
    const outcome = await new Promise<'results' | 'empty' | 'error' | 'timeout'>((resolve) => {
      const timer = setTimeout(() => finish('timeout'), timeoutMs);
      const observer = new MutationObserver(() => {
        const state = settled();
        if (state) finish(state);
      });
      function finish(state: 'results' | 'empty' | 'error' | 'timeout') {
        clearTimeout(timer);
        observer.disconnect();
        resolve(state);
      }
      observer.observe(main, { childList: true, subtree: true, characterData: true, attributes: true });
    });
    const dom = performance.now();
    await frame();
    await frame();
    const painted = performance.now();

    const request = performance
      .getEntriesByType('resource')
      .find((entry) => new URL(entry.name).pathname === '/v1/search' && entry.startTime >= started);
    const region = main.querySelector(regionSelector);
    return {
      outcome,
      total: painted - started,
      dom: dom - started,
      toRequest: request ? request.startTime - started : NaN,
      api: request ? request.responseEnd - request.startTime : NaN,
      render: request ? painted - request.responseEnd : NaN,
      results: region ? region.querySelectorAll(':scope > ul > li').length : 0,
    };
  }, SEARCH_TIMEOUT_MS);
  if (measured.outcome === 'timeout') throw new Error(`"${query}": no results within ${SEARCH_TIMEOUT_MS} ms`);
  return { query, ...measured, outcome: measured.outcome, cacheHit: null };
}

async function measureSearches(
  context: BrowserContext,
  gateway: string,
): Promise<{ warmUp: Measurement[]; cold: Measurement[]; warm: Measurement[]; assets: string[] }> {
  const page = await context.newPage();
  const cacheHits = new Map<string, boolean>();
  page.on('response', (response) => {
    const url = new URL(response.url());
    if (url.pathname !== '/v1/search') return;
    void response
      .json()
      .then((body: { cacheHit?: boolean }) => cacheHits.set(url.searchParams.get('q') ?? '', body.cacheHit === true))
      .catch(() => undefined);
  });
  const assets: string[] = [];
  const thumbnails: number[] = [];
  page.on('response', (response) => {
    const url = new URL(response.url());
    if (/^\/v1\/media\/[^/]+\/thumbnail$/.test(url.pathname)) thumbnails.push(response.status());
    else if (url.pathname.startsWith('/assets/') || url.pathname === '/search')
      assets.push(`${url.pathname} ${response.status()} ${response.headers()['content-encoding'] ?? 'identity'}`);
  });
  page.on('pageerror', (error) => log(`page error: ${error.message}`));

  await page.goto(`${gateway}/search`);
  await page.getByLabel('Search your library').waitFor({ timeout: 30_000 });

  const queries = uniqueQueries(WARM_UP + COLD, new Random(4242)).map((query) => query.q);
  const run = async (list: string[], label: string) => {
    const out: Measurement[] = [];
    for (const query of list) {
      const m = await searchOnce(page, query);
      out.push(m);
    }
    // Replies arrive through page.on('response'); give the last body a moment.
    await page.waitForTimeout(200);
    for (const m of out) m.cacheHit = cacheHits.get(m.query) ?? null;
    log(
      `${label}: ${out.length} searches, total p50 ${percentile(
        out.map((m) => m.total),
        50,
      ).toFixed(1)} ms`,
    );
    return out;
  };
  const warmUp = await run(queries.slice(0, WARM_UP), 'warm-up');
  cacheHits.clear();
  const cold = await run(queries.slice(WARM_UP), 'cold');
  cacheHits.clear();
  const warm = await run(queries.slice(WARM_UP, WARM_UP + WARM), 'warm');
  await page.close();
  const statuses = new Map<number, number>();
  for (const status of thumbnails) statuses.set(status, (statuses.get(status) ?? 0) + 1);
  assets.push(
    `thumbnail requests ${thumbnails.length} (${[...statuses].map(([status, n]) => `${n} × ${status}`).join(', ') || 'none'})`,
  );
  return { warmUp, cold, warm, assets };
}

// ── report ───────────────────────────────────────────────────────────────────────────────────

function report(r: {
  bundle: BundleReport;
  seeding: { seconds: number; videos: number };
  cold: Measurement[];
  warm: Measurement[];
  assets: string[];
  browser: string;
}): string {
  const lines: string[] = [''];
  const b = r.bundle;
  const fileLine = (f: BuiltFile) =>
    `  ${f.path.padEnd(40)}${f.kind.padEnd(15)}${kb(f.raw).padStart(9)}${kb(f.gzip).padStart(9)}`;
  const total = b.firstLoad.reduce((sum, f) => sum + f.gzip, 0);
  const totalRaw = b.firstLoad.reduce((sum, f) => sum + f.raw, 0);
  lines.push(
    `bench/web: apps/web built by Vite in ${b.buildSeconds.toFixed(1)} s; sizes in KB (1,024 B), gzip level ${GZIP_LEVEL} (node:zlib)`,
    '',
    'first load (index.html and what it references):',
    `  ${'file'.padEnd(40)}${'kind'.padEnd(15)}${'raw'.padStart(9)}${'gzip'.padStart(9)}`,
    ...b.firstLoad.map(fileLine),
    `  ${'total'.padEnd(55)}${kb(totalRaw).padStart(9)}${kb(total).padStart(9)}`,
    `  target: first load ≤ ${TARGET_KB} KB gzip — ${kb(total)} KB, ${total / 1024 <= TARGET_KB ? 'met' : 'MISSED'}`,
    '',
    `on demand (loaded by other screens or sign-in providers, not by the first visit):`,
    ...b.onDemand.map(fileLine),
    `  ${'total'.padEnd(55)}${kb(b.onDemand.reduce((s, f) => s + f.raw, 0)).padStart(9)}${kb(
      b.onDemand.reduce((s, f) => s + f.gzip, 0),
    ).padStart(9)}`,
    '',
    `search → results painted: ${MEDIA.toLocaleString()} media in the library (${r.seeding.videos} videos, seeded in ` +
      `${r.seeding.seconds.toFixed(1)} s), ${r.browser} headless, /search through the gateway`,
    `  ${'pass'.padEnd(34)}${'n'.padStart(4)}${'p50'.padStart(8)}${'p95'.padStart(8)}${'max'.padStart(8)}`,
  );
  const row = (label: string, values: number[]) =>
    `  ${label.padEnd(34)}${String(values.length).padStart(4)}${ms(percentile(values, 50))}${ms(percentile(values, 95))}` +
    `${ms(values.length ? Math.max(...values) : NaN)}`;
  for (const [label, pass] of [
    [`cold (${COLD} queries never asked)`, r.cold],
    [`warm (${WARM} of them again)`, r.warm],
  ] as const) {
    const ok = pass.filter((m) => !Number.isNaN(m.api));
    const hits = pass.filter((m) => m.cacheHit === true).length;
    const known = pass.filter((m) => m.cacheHit !== null).length;
    const results = pass.map((m) => m.results);
    lines.push(
      `  ${label}`,
      row(
        '  search → painted',
        pass.map((m) => m.total),
      ),
      row(
        '    click → request sent',
        ok.map((m) => m.toRequest),
      ),
      row(
        '    API request (GET /v1/search)',
        ok.map((m) => m.api),
      ),
      row(
        '    render (response end → painted)',
        ok.map((m) => m.render),
      ),
      row(
        '    (click → results in the DOM)',
        pass.map((m) => m.dom),
      ),
      `    results per page: ${Math.min(...results)}–${Math.max(...results)} (p50 ${percentile(results, 50)}); ` +
        `cache hits ${known ? `${hits}/${known}` : 'unknown'}; outcomes: ${[
          ...new Set(pass.map((m) => m.outcome)),
        ].join(', ')}`,
    );
  }
  lines.push(
    '  (times in ms, measured in the page with performance.now(): click on Search → the new results in the DOM',
    '   (MutationObserver) → two requestAnimationFrame callbacks; API = resource timing of the GET /v1/search',
    '   request, start → response end; render = painted − response end)',
    `  served (content-encoding): ${[...new Set(r.assets)].join('; ')}`,
    '',
  );
  return lines.join('\n');
}

// ── main ─────────────────────────────────────────────────────────────────────────────────────

async function main(): Promise<void> {
  const temps: string[] = [];
  const temp = (prefix: string) => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    temps.push(dir);
    return dir;
  };
  const services: RunningService[] = [];
  let stack: Awaited<ReturnType<typeof startStack>> | null = null;
  let pool: Pool | null = null;
  let context: BrowserContext | null = null;
  const tails = new Map<string, string[]>();
  try {
    const distDir = temp('ams-bench-web-dist-');
    const bundle = await buildWeb(distDir);

    const dataDir = temp('ams-bench-web-data-');
    stack = await startStack({ persistent: false, log });
    const env: Record<string, string> = {
      ...stack.env,
      DATA_DIR: dataDir,
      WEB_DIST_DIR: distDir,
      LOG_LEVEL: 'warn',
      DATABASE_POOL_SIZE: '10',
      RPC_TIMEOUT_MS: '30000',
    };
    const gatewayPort = await freePort();
    const launch = async (name: RunningService['service'], port?: number) => {
      const service = launchService(name, port ?? (await freePort()), env, 'pipe');
      const tail: string[] = [];
      tails.set(name, tail);
      for (const stream of [service.process.stdout, service.process.stderr]) {
        stream?.on('data', (chunk: Buffer) => {
          tail.push(...chunk.toString().split('\n').filter(Boolean));
          tail.splice(0, Math.max(0, tail.length - 40));
        });
      }
      services.push(service);
    };
    pool = new Pool({ connectionString: stack.env.DATABASE_URL, max: 4 });
    await launch('gateway', gatewayPort);
    for (const name of ['embedding-search', 'billing', 'media'] as const) await launch(name);
    await waitForReady(services, 300_000);
    const gateway = `http://127.0.0.1:${gatewayPort}`;
    const token = await devToken(gateway, `bench-web-${randomUUID().slice(0, 8)}@example.com`);
    const me = (await (await fetch(`${gateway}/v1/me`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
      id: string;
    };
    await pool.query(`UPDATE users SET subscription_tier = 'ultimate' WHERE id = $1`, [me.id]);
    const seeding = await seed(pool, me.id);
    log(`seeded ${MEDIA} media in ${seeding.seconds.toFixed(1)} s`);

    context = await chromium.launchPersistentContext(temp('ams-bench-web-profile-'), {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    await context.addInitScript(
      (value: string) => (globalThis as unknown as PageGlobals).localStorage.setItem('ams.token', value),
      token,
    );
    const browser = `Chromium ${context.browser()?.version() ?? ''}`.trim();
    const { cold, warm, assets } = await measureSearches(context, gateway);

    process.stdout.write(report({ bundle, seeding, cold, warm, assets, browser }));
  } catch (error) {
    for (const [name, tail] of tails) if (tail.length) log(`${name} (last lines):\n  ${tail.join('\n  ')}`);
    throw error;
  } finally {
    await context?.close().catch(() => undefined);
    await stopServices(services);
    await pool?.end();
    await stack?.stop();
    for (const dir of temps) rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
