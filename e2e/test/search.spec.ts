import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import request from 'supertest';
import { eventually } from '@ams/testing';
import { facesPhoto, slide, spokenVideo } from './media-fixtures';
import { startSystem, type RunningSystem } from './running-system';

type Auth = Record<string, string>;
interface Hit {
  mediaId: string;
  fileType: string;
  filename: string;
  thumbnailUrl: string | null;
  score: number;
  matchedFields: string[];
  snippet: string | null;
  moments: { start: number; end: number; score: number; kind: string }[];
}

const ADMIN_EMAIL = 'search-admin@example.com';

/** Hybrid search against the running system: real analysis, real embeddings, real RLS. */
describe('search, end to end', () => {
  let system: RunningSystem;
  let dataDir: string;
  let pool: Pool;
  let alice: Auth;
  let bob: Auth;
  const files: Record<string, string> = {};
  let bobRevenue: string;

  const http = () => request(system.gatewayUrl);

  async function signIn(email = `search-${Math.random().toString(36).slice(2)}@example.com`): Promise<Auth> {
    const { body } = await http().post('/v1/auth/dev-token').send({ email }).expect(200);
    const auth = { authorization: `Bearer ${body.token}` };
    await http().get('/v1/me').set(auth).expect(200);
    return auth;
  }

  async function upload(auth: Auth, file: Buffer, filename: string): Promise<string> {
    const { body } = await http().post('/v1/media').set(auth).attach('file', file, filename).expect(201);
    return body.id as string;
  }

  async function searchable(auth: Auth, id: string) {
    await eventually(async () => {
      const { body } = await http().get(`/v1/media/${id}`).set(auth).expect(200);
      if (body.status === 'failed') throw new Error(`analysis failed: ${body.processing?.error}`);
      return body.indexedAt !== null;
    }, 180_000);
  }

  async function search(auth: Auth, query: Record<string, string | number | boolean>, status = 200) {
    const { body } = await http().get('/v1/search').query(query).set(auth).expect(status);
    return body as { searchId: string; items: Hit[]; nextCursor: string | null; cacheHit: boolean; model: string };
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ams-e2e-search-'));
    system = await startSystem({
      DATA_DIR: dataDir,
      USER_CACHE_TTL_MS: '0',
      ADMIN_EMAILS: ADMIN_EMAIL,
      RPC_TIMEOUT_MS: '15000',
      SEARCH_HISTORY_FLUSH_MS: '50',
      REINDEX_BATCH_SIZE: '2',
    });
    pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
    alice = await signIn();
    bob = await signIn();
    const videoDir = mkdtempSync(join(dataDir, 'video-'));
    const uploads: [string, Auth, Promise<Buffer> | Buffer, string][] = [
      ['revenue', alice, slide('Quarterly revenue grew'), 'q3-board-slide.jpg'],
      ['birthday', alice, slide('Happy birthday grandmother'), 'card.jpg'],
      ['faces', alice, facesPhoto(), 'family_reunion.jpg'],
      ['invoice', alice, slide('INVOICE INV-2041'), 'scan-0001.jpg'],
      [
        'train',
        alice,
        spokenVideo(videoDir, await slide('Platform 4'), 'The train leaves the station at nine in the morning.', 7),
        'commute.mp4',
      ],
      ['bobRevenue', bob, slide('Quarterly revenue forecast for Bob'), 'bob-revenue.jpg'],
    ];
    for (const [key, auth, file, name] of uploads) files[key] = await upload(auth, await file, name);
    bobRevenue = files['bobRevenue']!;
    for (const [key, auth] of uploads) await searchable(auth, files[key]!);
  }, 420_000);

  afterAll(async () => {
    if (process.env['DEBUG_SEARCH_E2E']) for (const [name, out] of system.output) console.log(name, out.slice(-6000));
    await system?.stop();
    await pool?.end();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('finds an exact word read from an image first, highlighted, with the field it matched', async () => {
    const { items, searchId } = await search(alice, { q: 'revenue' });
    expect(items[0]).toMatchObject({ mediaId: files['revenue'], fileType: 'image', filename: 'q3-board-slide.jpg' });
    expect(items[0]!.matchedFields).toContain('text');
    expect(items[0]!.snippet).toMatch(/<mark>revenue<\/mark>/i);
    expect(items[0]!.thumbnailUrl).toMatch(new RegExp(`/v1/media/${files['revenue']}/thumbnail`));
    expect(items.map((hit) => hit.mediaId)).not.toContain(bobRevenue);
    expect(searchId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('finds related wording: a paraphrase lands on the right file', async () => {
    expect((await search(alice, { q: 'grandma' })).items[0]?.mediaId).toBe(files['birthday']);
    expect((await search(alice, { q: 'quarterly earnings' })).items[0]?.mediaId).toBe(files['revenue']);
    expect((await search(alice, { q: 'commuting by rail', mode: 'semantic' })).items[0]?.mediaId).toBe(files['train']);
  });

  it('finds a video by what is said in it, with the moment to jump to', async () => {
    const { items } = await search(alice, { q: 'train station' });
    const video = items.find((hit) => hit.mediaId === files['train']);
    expect(video).toBeDefined();
    expect(items[0]!.mediaId).toBe(files['train']);
    expect(video!.moments.length).toBeGreaterThan(0);
    expect(video!.moments[0]!.start).toBeGreaterThanOrEqual(0);
    expect(video!.moments[0]!.end).toBeGreaterThan(video!.moments[0]!.start);
    expect(video!.moments[0]!.end).toBeLessThanOrEqual(7.5);
  });

  it('narrows by filters and exclusions, typed or as parameters', async () => {
    const onlyVideos = await search(alice, { q: 'train', type: 'video', minScore: 0 });
    expect(onlyVideos.items.every((hit) => hit.fileType === 'video')).toBe(true);
    // pocketsphinx hears "station" and "morning" well (not always "train").
    const withoutTrain = await search(alice, { q: 'station morning', excludeText: 'station', minScore: 0 });
    expect(withoutTrain.items.map((hit) => hit.mediaId)).not.toContain(files['train']);
    const typed = await search(alice, { q: 'morning -station', minScore: 0 });
    expect(typed.items.map((hit) => hit.mediaId)).not.toContain(files['train']);
    const byName = await search(alice, { q: 'slide', filename: 'BOARD-sl', minScore: 0 });
    expect(byName.items.map((hit) => hit.mediaId)).toEqual([files['revenue']]);
    const faces = await search(alice, { q: 'people', hasFaces: true, minScore: 0 });
    expect(faces.items.map((hit) => hit.mediaId)).toEqual([files['faces']]);
  });

  it('leaves weak matches out above a relevance floor instead of padding the page', async () => {
    const loose = await search(alice, { q: 'invoice', minScore: 0 });
    const strict = await search(alice, { q: 'invoice', minScore: 0.6 });
    expect(strict.items.map((hit) => hit.mediaId)).toEqual([files['invoice']]);
    expect(loose.items.length).toBeGreaterThan(strict.items.length);
    expect(strict.items.every((hit) => hit.score >= 0.6)).toBe(true);
  });

  it('pages with a cursor that new uploads do not disturb, and refuses forged or foreign cursors', async () => {
    const query = { q: 'slide text image', minScore: 0, limit: 2, sort: 'date' };
    const first = await search(alice, query);
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toEqual(expect.any(String));
    const late = await upload(alice, await slide('A slide with text, uploaded later'), 'late.jpg');
    await searchable(alice, late);
    const second = await search(alice, { ...query, cursor: first.nextCursor! });
    const seen = [...first.items, ...second.items].map((hit) => hit.mediaId);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).not.toContain(late);
    const [body, signature] = first.nextCursor!.split('.');
    const tampered = `${Buffer.from(Buffer.from(body!, 'base64url').toString().replace('"key":', '"key":1')).toString('base64url')}.${signature}`;
    for (const cursor of [tampered, 'not-a-cursor', first.nextCursor!]) {
      const asBob = cursor === first.nextCursor;
      const { body: problem } = await http()
        .get('/v1/search')
        .query({ ...query, cursor })
        .set(asBob ? bob : alice)
        .expect(400);
      expect(problem.code).toBe('INVALID_CURSOR');
    }
  });

  it('serves a repeated search from the cache until the library changes, then re-embeds edited tags', async () => {
    const query = { q: 'zanzibar holiday', minScore: 0.3 };
    const before = await search(alice, query);
    expect(before.items.map((hit) => hit.mediaId)).not.toContain(files['faces']);
    expect((await search(alice, query)).cacheHit).toBe(true);
    await http()
      .patch(`/v1/media/${files['faces']}`)
      .set(alice)
      .send({ tags: ['zanzibar'] })
      .expect(200);
    await eventually(async () => (await search(alice, query)).items[0]?.mediaId === files['faces'], 30_000);
    const after = await search(alice, query);
    expect(after.items[0]!.matchedFields).toContain('tags');
  });

  it('keeps every user to their own files: search, similar, clicks and history', async () => {
    const bobs = await search(bob, { q: 'revenue', minScore: 0 });
    expect(bobs.items.map((hit) => hit.mediaId)).toEqual([bobRevenue]);
    await http().get(`/v1/media/${files['revenue']}/similar`).set(bob).expect(404);
    const alices = await search(alice, { q: 'revenue' });
    await eventually(async () => {
      const res = await http().post(`/v1/search/${alices.searchId}/click`).set(bob).send({ mediaId: bobRevenue });
      return res.status === 404;
    }, 10_000);
    const { body: history } = await http().get('/v1/search/history').set(bob).expect(200);
    expect(history.items.every((entry: { query: string }) => entry.query !== 'grandma')).toBe(true);
    const { rows } = await pool.query(
      `SELECT count(*)::int AS n FROM search_history WHERE user_id <> (SELECT user_id FROM media_files WHERE id = $1)
         AND $2 = ANY(clicked_results)`,
      [bobRevenue, files['revenue']],
    );
    expect(rows[0].n).toBe(0);
  });

  it('finds more like this one', async () => {
    const { body } = await http()
      .get(`/v1/media/${files['revenue']}/similar`)
      .query({ limit: 3 })
      .set(alice)
      .expect(200);
    expect(body.items.map((hit: Hit) => hit.mediaId)).not.toContain(files['revenue']);
    expect(body.items.length).toBeGreaterThan(0);
    expect(body.items.map((hit: Hit) => hit.mediaId)).not.toContain(bobRevenue);
  });

  it('records every search with its facts, counts clicks, and reports analytics', async () => {
    const sessionId = '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b';
    const { searchId, items } = await http()
      .get('/v1/search')
      .query({ q: 'birthday', sessionId, source: 'library' })
      .set(alice)
      .set('user-agent', 'search-e2e/1.0')
      .expect(200)
      .then((res) => res.body as { searchId: string; items: Hit[] });
    const { body: click } = await http()
      .post(`/v1/search/${searchId}/click`)
      .set(alice)
      .send({ mediaId: items[0]!.mediaId })
      .expect(200);
    expect(click.clickedResults).toEqual([items[0]!.mediaId]);
    expect(click.clickThroughRate).toBeCloseTo(1 / items.length);
    const { rows } = await pool.query(
      `SELECT query_text, search_session_id, source_page, user_agent, ip_address IS NOT NULL AS has_ip,
              query_embedding IS NOT NULL AS has_vector, results_count, response_time_ms
         FROM search_history WHERE id = $1`,
      [searchId],
    );
    expect(rows[0]).toMatchObject({
      query_text: 'birthday',
      search_session_id: sessionId,
      source_page: 'library',
      user_agent: 'search-e2e/1.0',
      has_ip: true,
      has_vector: true,
      results_count: items.length,
    });
    const { body: history } = await http().get('/v1/search/history').query({ limit: 2 }).set(alice).expect(200);
    expect(history.items[0]).toMatchObject({ searchId, query: 'birthday' });
    expect(history.nextCursor).toEqual(expect.any(String));
    const { body: analytics } = await http().get('/v1/analytics/search').query({ days: 30 }).set(alice).expect(200);
    expect(analytics.totals.searches).toBeGreaterThanOrEqual(10);
    expect(analytics.daily[0]).toMatchObject({ date: new Date().toISOString().slice(0, 10) });
    expect(analytics.totals.clickThroughRate).toBeGreaterThan(0);
  });

  it('answers bad input with a clear 4xx and leaks nothing', async () => {
    const bad = async (query: Record<string, string>, code = 'VALIDATION_FAILED') => {
      const { body } = await http().get('/v1/search').query(query).set(alice).expect(400);
      expect(body.code).toBe(code);
      expect(JSON.stringify(body)).not.toMatch(/select|postgres|prisma|stack/i);
    };
    await bad({ q: '' });
    await bad({ q: 'x'.repeat(2000) });
    await bad({ q: 'dog', colour: 'red' });
    await bad({ q: 'dog', limit: '101' });
    await bad({ q: 'dog', from: '2026-05-01', to: '2026-01-01' });
    const injected = await search(alice, { q: "'; DROP TABLE media_files; --", filename: "%' OR 1=1 --", minScore: 0 });
    expect(injected.items).toEqual([]);
    const { rows } = await pool.query(`SELECT count(*)::int AS n FROM media_files`);
    expect(rows[0].n).toBeGreaterThan(0);
    await http().get('/v1/search').query({ q: 'dog' }).expect(401);
  });

  it('counts searches against the monthly quota and refuses past it', async () => {
    const carol = await signIn();
    const { body: me } = await http().get('/v1/me').set(carol).expect(200);
    await http().get('/v1/search').query({ q: 'dog' }).set(carol).expect(200);
    const { rows } = await pool.query(`SELECT searches_this_month AS n FROM users WHERE id = $1`, [me.id]);
    expect(rows[0].n).toBe(1);
    await pool.query(
      `UPDATE users SET searches_this_month = (SELECT max_searches_per_month FROM usage_limits WHERE tier_name = 'free')
        WHERE id = $1`,
      [me.id],
    );
    const { body } = await http().get('/v1/search').query({ q: 'dog' }).set(carol).expect(403);
    expect(body.code).toBe('SEARCH_QUOTA_EXCEEDED');
  });

  it('re-embeds the whole library in the background for an admin, searching all along', async () => {
    await http().post('/v1/admin/reindex').set(alice).expect(403);
    const admin = await signIn(ADMIN_EMAIL);
    const { body: run } = await http().post('/v1/admin/reindex').set(admin).expect(202);
    expect(run).toMatchObject({ status: 'running', model: 'local-lexical-v1' });
    expect(run.total).toBeGreaterThanOrEqual(6);
    expect((await search(alice, { q: 'revenue' })).items[0]?.mediaId).toBe(files['revenue']);
    await eventually(async () => {
      const { body } = await http().get(`/v1/admin/reindex/${run.id}`).set(admin).expect(200);
      return body.status === 'completed';
    }, 60_000);
    const { body: done } = await http().get('/v1/admin/reindex').set(admin).expect(200);
    expect(done).toMatchObject({ id: run.id, status: 'completed', failed: 0, servingModel: 'local-lexical-v1' });
    expect(done.done).toBe(done.total);
    expect((await search(alice, { q: 'revenue' })).items[0]?.mediaId).toBe(files['revenue']);
  });
});
