/**
 * bench/relevance: how well search finds what a person is looking for.
 *
 *   npm run bench:relevance                       the whole benchmark (about 5 minutes)
 *   npm run bench:relevance -- --dataset-only     make the media and list them, nothing else
 *
 * 1. Generates the labelled media of dataset.ts (text images, real scene photos, spoken videos).
 * 2. Starts the stack and the services (gateway, media, analysis, billing, embedding-search) like
 *    `npm start`, signs a new user in with the dev token and uploads every file through the
 *    gateway, then waits until every file is searchable (`indexedAt` set).
 * 3. Runs every query of queries.ts in each mode, `minScore=0` so nothing is cut:
 *    semantic (vectors only), keyword (full text only), then hybrid under each fusion (lift, the
 *    default; convex; rrf), restarting embedding-search with SEARCH_FUSION set for each.
 * 4. Prints recall@5, MRR, nDCG@10 and latency per mode (and per kind of query), the moments
 *    found in videos, and hybrid's failures (expected against the top 3 it gave), and writes
 *    everything to reports/relevance.json.
 *
 * Result and query-vector caches are off in the embedding-search service under test: every
 * search does the whole work, and nothing one fusion computed is served to the other.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import type { ServiceName } from '@ams/contracts';
import { freePort, launchService, startStack, stopServices, waitForReady, type RunningService } from '@ams/devstack';
import { generateDataset, type Dataset, type DatasetMedia } from './dataset';
import { mean, overlaps, percentile, scoreQuery, type Judgements } from './metrics';
import { QUERIES, type BenchQuery, type QueryKind } from './queries';

const REPORT = join(__dirname, '..', '..', 'reports', 'relevance.json');
/** Results asked for per search: nDCG@10 needs 10, the failure listing shows where the target is. */
const LIMIT = 20;
/** How far a returned moment may miss the sentence it should point at, in seconds. */
const MOMENT_TOLERANCE = 0.5;
const ANALYSIS_TIMEOUT_MS = 30 * 60_000;
/** Once every file is completed, how long to wait for the stragglers' indexedAt before going on. */
const INDEX_GRACE_MS = 3 * 60_000;
const KINDS: QueryKind[] = ['exact', 'paraphrase', 'object'];

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

type Mode = 'semantic' | 'keyword' | 'hybrid';
const FUSIONS = ['lift', 'convex', 'rrf'] as const;
type Fusion = (typeof FUSIONS)[number];

interface Pass {
  name: string;
  mode: Mode;
  fusion: Fusion | null;
}

interface Moment {
  start: number;
  end: number;
  score: number;
  kind: string;
  snippet: string | null;
}

interface Hit {
  mediaId: string;
  fileType: string;
  filename: string;
  score: number;
  matchedFields: string[];
  snippet: string | null;
  moments: Moment[];
}

interface SearchReply {
  searchId: string;
  items: Hit[];
  nextCursor: string | null;
  model: string;
  cacheHit: boolean;
  tookMs: number;
}

interface QueryResult {
  q: string;
  kind: QueryKind;
  expected: Judgements;
  got: { key: string; score: number; matchedFields: string[]; snippet: string | null }[];
  recall5: number;
  rr: number;
  ndcg10: number;
  /** Rank (1-based) of the first exact match within the LIMIT results; null when absent. */
  firstExactRank: number | null;
  latencyMs: number;
  tookMs: number;
  cacheHit: boolean;
  moment?: {
    media: string;
    sentence: number;
    expected: { start: number; end: number };
    best: Moment | null;
    hit: boolean;
  };
  note?: string;
}

interface PassSummary {
  queries: number;
  recall5: number;
  mrr: number;
  ndcg10: number;
  latencyP50Ms: number;
  latencyP95Ms: number;
  tookP50Ms: number;
  byKind: Record<QueryKind, { queries: number; recall5: number; mrr: number; ndcg10: number }>;
  moments: { judged: number; hit: number };
  model: string | null;
}

export interface PassReport extends Pass {
  summary: PassSummary;
  results: QueryResult[];
}

class BenchError extends Error {}
/** The search route is not there yet: said plainly, without the services' logs. */
class SearchMissing extends BenchError {}

async function main(): Promise<void> {
  const datasetOnly = process.argv.includes('--dataset-only');
  const dataDir = mkdtempSync(join(tmpdir(), 'ams-bench-relevance-'));
  const dataset = await generateDataset({ dir: join(dataDir, 'generated'), log });
  if (datasetOnly) {
    for (const m of dataset.media)
      process.stdout.write(`${m.key.padEnd(26)} ${m.filename.padEnd(13)} ${m.description}\n`);
    process.stdout.write(`${dataset.media.length} files in ${dataset.dir} (kept)\n`);
    return;
  }
  const queries = judgeableQueries(dataset);

  const stack = await startStack({ persistent: false, log });
  const env: Record<string, string> = {
    ...stack.env,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    RPC_TIMEOUT_MS: '30000',
    ANALYSIS_CONCURRENCY: '2',
    SEARCH_CACHE_TTL_SECONDS: '0',
    QUERY_EMBEDDING_CACHE_TTL_SECONDS: '0',
  };
  const logs = new ServiceLogs();
  const services: RunningService[] = [];
  const start = async (service: ServiceName, extra: Record<string, string> = {}) => {
    const running = launchService(service, await freePort(), { ...env, ...extra }, 'pipe');
    logs.attach(running);
    services.push(running);
    return running;
  };
  const pool = new Pool({ connectionString: stack.env.DATABASE_URL, max: 2 });
  try {
    const gatewayService = await start('gateway');
    for (const service of ['media', 'analysis', 'billing'] as const) await start(service);
    let search = await start('embedding-search', { SEARCH_FUSION: FUSIONS[0] });
    await ready(services, logs);
    const gateway = `http://127.0.0.1:${gatewayService.port}`;

    const token = await devToken(gateway, `bench-relevance-${randomUUID().slice(0, 8)}@example.com`);
    await api(gateway, token, '/v1/me');
    // 62 uploads and ~300 searches are past the free plan: the bench user is on the top tier.
    await pool.query(`UPDATE users SET subscription_tier = 'ultimate'`);
    await checkSearchRoute(gateway, token);

    const uploadStarted = Date.now();
    const keyById = new Map<string, string>();
    await inBatches(dataset.media, 4, async (media) => {
      keyById.set(await upload(gateway, token, media), media.key);
    });
    log(`uploaded ${dataset.media.length} files in ${((Date.now() - uploadStarted) / 1000).toFixed(1)} s`);
    const indexing = await waitUntilSearchable(gateway, token, keyById);

    const passes: PassReport[] = [];
    for (const mode of ['semantic', 'keyword'] as const)
      passes.push(await runPass(gateway, token, { name: mode, mode, fusion: null }, queries, keyById, dataset));
    const hybrids = {} as Record<Fusion, PassReport>;
    for (const fusion of FUSIONS) {
      if (fusion !== FUSIONS[0]) {
        log(`restarting embedding-search with SEARCH_FUSION=${fusion}`);
        await stopServices([search]);
        services.splice(services.indexOf(search), 1);
        search = await start('embedding-search', { SEARCH_FUSION: fusion });
        await ready([search], logs);
      }
      const name = `hybrid (${fusion})`;
      hybrids[fusion] = await runPass(gateway, token, { name, mode: 'hybrid', fusion }, queries, keyById, dataset);
      passes.push(hybrids[fusion]);
    }

    const winner = fusionWinner(hybrids);
    process.stdout.write(render(dataset, queries, passes, hybrids, indexing, winner));
    const report = {
      date: new Date().toISOString(),
      dataset: {
        files: dataset.media.length,
        byGroup: countBy(dataset.media, (m) => m.group),
        missing: dataset.missing,
        packages: dataset.packages,
        warnings: dataset.warnings,
        media: dataset.media.map((m) => ({ ...m, path: undefined })),
      },
      queries: {
        judged: queries.length,
        skipped: QUERIES.length - queries.length,
        byKind: countBy(queries, (q) => q.kind),
      },
      indexing,
      limit: LIMIT,
      momentToleranceSeconds: MOMENT_TOLERANCE,
      fusionWinner: winner,
      passes,
    };
    mkdirSync(join(REPORT, '..'), { recursive: true });
    writeFileSync(REPORT, `${JSON.stringify(report, null, 2)}\n`);
    log(`report written to ${REPORT}`);
  } catch (error) {
    if (!(error instanceof SearchMissing)) logs.dump();
    throw error;
  } finally {
    await stopServices(services);
    await pool.end();
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The queries whose every exact match could be made here (a missing Debian package drops photos). */
function judgeableQueries(dataset: Dataset): BenchQuery[] {
  const present = new Set(dataset.media.map((m) => m.key));
  const judged: BenchQuery[] = [];
  for (const query of QUERIES) {
    const relevant = Object.fromEntries(
      Object.entries(query.relevant).filter(([key]) => present.has(key)),
    ) as Judgements;
    if (!Object.values(relevant).includes(2)) {
      log(`skipping "${query.q}": its files could not be made here`);
      continue;
    }
    judged.push({ ...query, relevant });
  }
  return judged;
}

export async function runPass(
  gateway: string,
  token: string,
  pass: Pass,
  queries: BenchQuery[],
  keyById: Map<string, string>,
  dataset: Dataset,
): Promise<PassReport> {
  log(`running ${queries.length} queries: ${pass.name}`);
  // Warm-up (connections, JIT, the query model) outside the timings.
  for (const q of ['hello', 'photo', 'receipt']) await search(gateway, token, q, pass.mode);
  const results: QueryResult[] = [];
  let model: string | null = null;
  for (const query of queries) {
    const started = performance.now();
    const reply = await search(gateway, token, query.q, pass.mode);
    const latencyMs = performance.now() - started;
    model = reply.model;
    const got = reply.items.map((hit) => ({
      key: keyById.get(hit.mediaId) ?? `?${hit.mediaId}`,
      score: hit.score,
      matchedFields: hit.matchedFields,
      snippet: hit.snippet,
    }));
    const ranked = got.map((g) => g.key);
    const scores = scoreQuery(ranked, query.relevant);
    const firstExact = ranked.findIndex((key) => query.relevant[key] === 2);
    const result: QueryResult = {
      q: query.q,
      kind: query.kind,
      expected: query.relevant,
      got,
      ...scores,
      firstExactRank: firstExact < 0 ? null : firstExact + 1,
      latencyMs: Math.round(latencyMs * 10) / 10,
      tookMs: reply.tookMs,
      cacheHit: reply.cacheHit,
      note: query.note,
    };
    const video = query.moment && dataset.media.find((m) => m.key === query.moment?.media);
    if (query.moment && video) {
      const sentence = video.speech[query.moment.sentence];
      const hit = reply.items.find((item) => keyById.get(item.mediaId) === video.key);
      const best = hit?.moments[0] ?? null;
      result.moment = {
        media: video.key,
        sentence: query.moment.sentence,
        expected: { start: sentence.start, end: sentence.end },
        best,
        hit: best !== null && overlaps(best, sentence, MOMENT_TOLERANCE),
      };
    }
    results.push(result);
  }
  if (results.some((r) => r.cacheHit)) log(`WARNING: ${pass.name} got cached pages although the cache is off`);
  return { ...pass, summary: summarise(results, model), results };
}

function summarise(results: QueryResult[], model: string | null): PassSummary {
  const of = (rs: QueryResult[]) => ({
    queries: rs.length,
    recall5: mean(rs.map((r) => r.recall5)),
    mrr: mean(rs.map((r) => r.rr)),
    ndcg10: mean(rs.map((r) => r.ndcg10)),
  });
  const withMoment = results.filter((r) => r.moment);
  return {
    ...of(results),
    latencyP50Ms: percentile(
      results.map((r) => r.latencyMs),
      50,
    ),
    latencyP95Ms: percentile(
      results.map((r) => r.latencyMs),
      95,
    ),
    tookP50Ms: percentile(
      results.map((r) => r.tookMs),
      50,
    ),
    byKind: Object.fromEntries(
      KINDS.map((kind) => [kind, of(results.filter((r) => r.kind === kind))]),
    ) as PassSummary['byKind'],
    moments: { judged: withMoment.length, hit: withMoment.filter((r) => r.moment?.hit).length },
    model,
  };
}

/** nDCG@10 decides, then MRR, then recall@5 (differences under 0.005 do not count). */
export function fusionWinner(hybrids: Record<Fusion, PassReport>): Fusion {
  return [...FUSIONS].sort((a, b) => {
    for (const metric of ['ndcg10', 'mrr', 'recall5'] as const) {
      const delta = hybrids[b].summary[metric] - hybrids[a].summary[metric];
      if (Math.abs(delta) >= 0.005) return delta;
    }
    return 0;
  })[0]!;
}

export function render(
  dataset: Dataset,
  queries: BenchQuery[],
  passes: PassReport[],
  hybrids: Record<Fusion, PassReport>,
  indexing: IndexingOutcome,
  winner: Fusion,
): string {
  const f = (n: number) => n.toFixed(3);
  const groups = countBy(dataset.media, (m) => m.group);
  const kinds = countBy(queries, (q) => q.kind);
  const lines = [
    '',
    `bench/relevance: ${dataset.media.length} files (${Object.entries(groups)
      .map(([g, n]) => `${n} ${g}`)
      .join(', ')}), ${queries.length} queries (${Object.entries(kinds)
      .map(([k, n]) => `${n} ${k}`)
      .join(', ')}), top ${LIMIT}, minScore=0`,
    `  indexing: ${indexing.files} files searchable ${indexing.seconds.toFixed(1)} s after the last upload` +
      `${indexing.failed.length ? `; failed: ${indexing.failed.join(', ')}` : ''}` +
      `${indexing.notIndexed.length ? `; never indexed: ${indexing.notIndexed.join(', ')}` : ''}` +
      `${indexing.fallback ? ' (no indexedAt in the API yet: waited for completed + 2 s)' : ''}`,
    '',
    '  mode               recall@5    MRR  nDCG@10   p50 ms   p95 ms │ nDCG@10: exact  paraphrase  object │ moments',
  ];
  for (const pass of passes) {
    const s = pass.summary;
    lines.push(
      `  ${pass.name.padEnd(17)} ${f(s.recall5).padStart(8)} ${f(s.mrr).padStart(6)} ${f(s.ndcg10).padStart(8)} ${s.latencyP50Ms
        .toFixed(0)
        .padStart(
          8,
        )} ${s.latencyP95Ms.toFixed(0).padStart(8)} │ ${f(s.byKind.exact.ndcg10).padStart(14)} ${f(s.byKind.paraphrase.ndcg10).padStart(11)} ${f(
        s.byKind.object.ndcg10,
      ).padStart(7)} │ ${s.moments.hit}/${s.moments.judged}`,
    );
  }
  lines.push(
    '',
    `  fusion: ${winner} wins (nDCG@10 ${FUSIONS.map((f2) => `${f2} ${f(hybrids[f2].summary.ndcg10)}`).join(', ')}; MRR ${FUSIONS.map((f2) => `${f2} ${f(hybrids[f2].summary.mrr)}`).join(', ')})`,
    `  model: ${hybrids[winner].summary.model ?? '?'}`,
  );
  const hybrid = hybrids[winner];
  const failures = hybrid.results.filter((r) => r.rr < 1 || r.recall5 < 1 || (r.moment && !r.moment.hit));
  lines.push(
    '',
    `  ${hybrid.name}: ${failures.length} of ${hybrid.results.length} queries not perfect (first result not an exact match, an exact match missing from the top 5, or the wrong moment)`,
  );
  const unsearchable = new Set([...indexing.failed, ...indexing.notIndexed]);
  for (const r of failures) {
    const expected = Object.entries(r.expected)
      .sort((a, b) => b[1] - a[1])
      .map(([key, grade]) => `${key}(${grade})${unsearchable.has(key) ? ' [never searchable]' : ''}`)
      .join(', ');
    const top3 = r.got
      .slice(0, 3)
      .map(
        (g, i) =>
          `${i + 1}. ${g.key}${r.expected[g.key] ? `(${r.expected[g.key]})` : ''} ${g.score.toFixed(2)} [${g.matchedFields.join(',')}]`,
      )
      .join('  ');
    lines.push(`  ✗ "${r.q}" [${r.kind}]  nDCG ${f(r.ndcg10)}, first exact at ${r.firstExactRank ?? `>${LIMIT}`}`);
    lines.push(`      expected: ${expected}`);
    lines.push(`      got:      ${top3 || '(nothing)'}`);
    if (r.moment && !r.moment.hit) {
      const best = r.moment.best;
      lines.push(
        `      moment:   expected ${r.moment.expected.start.toFixed(1)}–${r.moment.expected.end.toFixed(1)} s, got ${
          best ? `${best.start.toFixed(1)}–${best.end.toFixed(1)} s (${best.kind})` : 'none'
        }`,
      );
    }
    if (r.note) lines.push(`      note:     ${r.note}`);
  }
  lines.push('');
  return lines.join('\n');
}

// ─── The API ───────────────────────────────────────────────────────────────────────────────────

async function api(
  gateway: string,
  token: string,
  path: string,
): Promise<{ status: number; body: unknown; text: string }> {
  const response = await fetch(`${gateway}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const text = await response.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: keep the text for the error message.
  }
  return { status: response.status, body, text };
}

/** Fails at once, and plainly, when the search API is not there yet or refuses the bench's query. */
export async function checkSearchRoute(gateway: string, token: string): Promise<void> {
  const { status, text } = await api(gateway, token, `/v1/search?${searchParams('benchmark', 'hybrid', 1)}`);
  if (status === 404)
    throw new SearchMissing(
      `GET /v1/search answered 404 (${text.slice(0, 200)}).\n` +
        'The search API is not in the gateway yet: bench/relevance needs GET /v1/search (apps/gateway) answered by the\n' +
        'embedding-search service. Nothing was measured.',
    );
  if (status !== 200)
    throw new BenchError(`GET /v1/search answered ${status} before any upload: ${text.slice(0, 500)}`);
}

function searchParams(q: string, mode: Mode, limit = LIMIT): string {
  return new URLSearchParams({ q, mode, limit: String(limit), minScore: '0' }).toString();
}

async function search(gateway: string, token: string, q: string, mode: Mode): Promise<SearchReply> {
  const { status, body, text } = await api(gateway, token, `/v1/search?${searchParams(q, mode)}`);
  if (status !== 200)
    throw new BenchError(`GET /v1/search for "${q}" (${mode}) answered ${status}: ${text.slice(0, 500)}`);
  const reply = body as SearchReply;
  if (!Array.isArray(reply?.items))
    throw new BenchError(`GET /v1/search for "${q}" answered no items: ${text.slice(0, 500)}`);
  return reply;
}

async function upload(gateway: string, token: string, media: DatasetMedia): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([readFileSync(media.path)], { type: media.mimeType }), media.filename);
  const response = await fetch(`${gateway}/v1/media`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  const text = await response.text();
  if (response.status !== 201)
    throw new BenchError(`upload of ${media.key} answered ${response.status}: ${text.slice(0, 500)}`);
  return (JSON.parse(text) as { id: string }).id;
}

async function devToken(gateway: string, email: string): Promise<string> {
  const response = await fetch(`${gateway}/v1/auth/dev-token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email }),
  });
  if (!response.ok) throw new BenchError(`dev sign-in answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { token: string }).token;
}

export interface IndexingOutcome {
  files: number;
  seconds: number;
  failed: string[];
  notIndexed: string[];
  /** The API has no indexedAt yet: "completed" (and 2 s more) stood in for it. */
  fallback: boolean;
}

/**
 * Until every file is searchable: `indexedAt` set on GET /v1/media/:id. Before that field exists,
 * `status === 'completed'` and two more seconds stand in for it. Failed files are reported, and
 * files completed but still not indexed INDEX_GRACE_MS after the last completion are named.
 */
async function waitUntilSearchable(
  gateway: string,
  token: string,
  keyById: Map<string, string>,
): Promise<IndexingOutcome> {
  const started = Date.now();
  const pending = new Set(keyById.keys());
  const failed: string[] = [];
  const completed = new Set<string>();
  let fallback = false;
  let allCompletedAt: number | null = null;
  let lastReport = 0;
  while (pending.size > 0) {
    await inBatches([...pending], 4, async (id) => {
      const { status, body } = await api(gateway, token, `/v1/media/${id}`);
      if (status !== 200) throw new BenchError(`GET /v1/media/${id} answered ${status}`);
      const media = body as { status: string; indexedAt?: string | null };
      if (media.status === 'failed') {
        failed.push(keyById.get(id) ?? id);
        pending.delete(id);
        return;
      }
      if (media.status === 'completed') completed.add(id);
      if (!('indexedAt' in media)) {
        fallback = true;
        if (media.status === 'completed') pending.delete(id);
      } else if (media.indexedAt) pending.delete(id);
    });
    if (pending.size === 0) break;
    const now = Date.now();
    if ([...pending].every((id) => completed.has(id))) allCompletedAt ??= now;
    if (allCompletedAt !== null && now - allCompletedAt > INDEX_GRACE_MS) {
      const notIndexed = [...pending].map((id) => keyById.get(id) ?? id);
      log(
        `WARNING: ${notIndexed.length} files completed but not indexed after ${INDEX_GRACE_MS / 1000} s: ${notIndexed.join(', ')}`,
      );
      return {
        files: keyById.size - failed.length - notIndexed.length,
        seconds: (now - started) / 1000,
        failed,
        notIndexed,
        fallback,
      };
    }
    if (now - started > ANALYSIS_TIMEOUT_MS)
      throw new BenchError(`${pending.size} files still not searchable after ${ANALYSIS_TIMEOUT_MS / 60_000} minutes`);
    if (now - lastReport > 15_000) {
      log(
        `waiting: ${keyById.size - pending.size - failed.length} of ${keyById.size} searchable, ${completed.size} analysed`,
      );
      lastReport = now;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  if (fallback) await new Promise((resolve) => setTimeout(resolve, 2000));
  if (failed.length) log(`WARNING: analysis failed for ${failed.join(', ')}`);
  return {
    files: keyById.size - failed.length,
    seconds: (Date.now() - started) / 1000,
    failed,
    notIndexed: [],
    fallback,
  };
}

// ─── Processes ─────────────────────────────────────────────────────────────────────────────────

/** The last lines each service printed, to show when one dies or the bench fails. */
class ServiceLogs {
  private readonly tails = new Map<RunningService, string>();

  attach(running: RunningService): void {
    this.tails.set(running, '');
    const collect = (chunk: Buffer) =>
      this.tails.set(running, (this.tails.get(running) + chunk.toString()).slice(-6000));
    running.process.stdout?.on('data', collect);
    running.process.stderr?.on('data', collect);
  }

  tail(running: RunningService): string {
    return (this.tails.get(running) ?? '').trim().split('\n').slice(-25).join('\n');
  }

  dump(): void {
    for (const [running, text] of this.tails)
      if (text.trim()) log(`── ${running.service} (last lines)\n${this.tail(running)}`);
  }
}

async function ready(services: RunningService[], logs: ServiceLogs): Promise<void> {
  try {
    // Analysis loads its models before it reports ready.
    await waitForReady(services, 180_000);
  } catch (error) {
    logs.dump();
    throw new BenchError(`${(error as Error).message} (its last lines are above)`);
  }
}

// ─── Helpers ───────────────────────────────────────────────────────────────────────────────────

function countBy<T>(items: T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

async function inBatches<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

if (require.main === module) {
  main().catch((error: unknown) => {
    if (error instanceof BenchError) process.stderr.write(`\n[bench] FAILED: ${error.message}\n`);
    else process.stderr.write(`${(error as Error).stack}\n`);
    process.exit(1);
  });
}
