import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import sharp from 'sharp';
import request from 'supertest';
import { eventually } from '@ams/testing';
import { startSystem, type RunningSystem } from './running-system';

/**
 * Each tier's limits where they apply, through the real gateway, media, analysis, search and
 * billing processes: monthly uploads and searches under concurrency, storage, and what a tier's
 * uploads get from analysis (priority and AI features).
 */
describe('tier limits, end to end', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ams-e2e-tiers-'));
  const pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: 2 });
  let system: RunningSystem;

  beforeAll(async () => {
    system = await startSystem(
      { DATA_DIR: dataDir, USER_CACHE_TTL_MS: '0', RPC_TIMEOUT_MS: '15000', ANALYSIS_CONCURRENCY: '1' },
      ['gateway', 'media', 'analysis', 'embedding-search', 'billing'],
    );
  }, 180_000);

  afterAll(async () => {
    await system?.stop();
    await pool.end();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const http = () => request(system.gatewayUrl);

  async function signIn(tier: 'free' | 'premium' | 'ultimate' = 'free') {
    const email = `tiers-${Math.random().toString(36).slice(2)}@example.com`;
    const { body } = await http().post('/v1/auth/dev-token').send({ email }).expect(200);
    const auth = { authorization: `Bearer ${body.token}` };
    const me = await http().get('/v1/me').set(auth).expect(200);
    const userId = me.body.id as string;
    await pool.query(`UPDATE users SET subscription_tier = $1 WHERE id = $2`, [tier, userId]);
    return { auth, userId };
  }

  /** A different small JPEG for each seed. */
  const photo = (seed: number) =>
    sharp({ create: { width: 64 + seed, height: 48, channels: 3, background: { r: seed * 20, g: 90, b: 140 } } })
      .jpeg()
      .toBuffer();

  const upload = async (auth: Record<string, string>, seed: number) =>
    http()
      .post('/v1/media')
      .set(auth)
      .attach('file', await photo(seed), `photo-${seed}.jpg`);

  const counters = async (userId: string) =>
    (
      await pool.query(
        `SELECT uploads_this_month AS uploads, searches_this_month AS searches, storage_used_bytes::float8 AS storage,
                (SELECT COUNT(*)::int FROM media_files WHERE user_id = $1) AS files
           FROM users WHERE id = $1`,
        [userId],
      )
    ).rows[0];

  it('lets exactly the uploads left through when 8 arrive at once with 3 left (free: 10 a month)', async () => {
    const { auth, userId } = await signIn('free');
    await pool.query(`UPDATE users SET uploads_this_month = 7 WHERE id = $1`, [userId]);
    const responses = await Promise.all([0, 1, 2, 3, 4, 5, 6, 7].map((seed) => upload(auth, seed)));
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([201, 201, 201, 403, 403, 403, 403, 403]);
    for (const refused of responses.filter((response) => response.status === 403)) {
      expect(refused.body).toMatchObject({ code: 'UPLOAD_QUOTA_EXCEEDED', limit: 10 });
    }
    const accepted = responses.filter((response) => response.status === 201);
    const bytes = accepted.reduce((sum, response) => sum + Number(response.body.sizeBytes), 0);
    expect(await counters(userId)).toMatchObject({ uploads: 10, files: 3, storage: bytes });
  });

  it('refuses an upload that would pass the plan’s storage, and counts nothing', async () => {
    const { auth, userId } = await signIn('free');
    const almostFull = 5 * 1024 ** 3 - 100; // free: 5 GiB
    await pool.query(`UPDATE users SET storage_used_bytes = $1 WHERE id = $2`, [almostFull, userId]);
    const refused = await upload(auth, 1);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'STORAGE_QUOTA_EXCEEDED' });
    expect(await counters(userId)).toMatchObject({ uploads: 0, files: 0, storage: almostFull });
    // The unlimited-uploads tier still has a storage limit (500 GiB), and more room.
    await pool.query(`UPDATE users SET subscription_tier = 'ultimate' WHERE id = $1`, [userId]);
    expect((await upload(auth, 2)).status).toBe(201);
  });

  it('allows exactly the searches left when 12 arrive at once with 4 left (free: 50 a month)', async () => {
    const { auth, userId } = await signIn('free');
    await pool.query(`UPDATE users SET searches_this_month = 46 WHERE id = $1`, [userId]);
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, i) => http().get(`/v1/search?q=harbour+${i}`).set(auth)),
    );
    const ok = responses.filter((response) => response.status === 200);
    const refused = responses.filter((response) => response.status === 403);
    expect(ok).toHaveLength(4);
    expect(refused).toHaveLength(8);
    expect(refused[0].body).toMatchObject({ code: 'SEARCH_QUOTA_EXCEEDED', limit: 50 });
    expect(await counters(userId)).toMatchObject({ searches: 50 });
  });

  it('gives each tier its job priority and AI features: moderation only where the plan has it', async () => {
    const plans: Record<string, { priority: number; moderation: boolean; celebrities: boolean }> = {
      free: { priority: 5, moderation: false, celebrities: false },
      premium: { priority: 3, moderation: true, celebrities: true },
      ultimate: { priority: 1, moderation: true, celebrities: true },
    };
    for (const [tier, expected] of Object.entries(plans)) {
      const { auth } = await signIn(tier as 'free' | 'premium' | 'ultimate');
      const { status, body } = await upload(auth, 3);
      expect(status).toBe(201);
      let job: Record<string, any> | undefined;
      await eventually(async () => {
        const { rows } = await pool.query(
          `SELECT priority, subscription_tier, job_config, status, result_data
             FROM processing_jobs WHERE media_file_id = $1 AND job_type = 'image_analysis'`,
          [body.id],
        );
        job = rows[0];
        return job?.['status'] === 'completed';
      }, 60_000);
      expect(job).toMatchObject({
        priority: expected.priority,
        subscription_tier: tier,
        job_config: { features: { moderation: expected.moderation, celebrities: expected.celebrities } },
      });
      // The moderation model ran (and is named in the result) only for the paying tiers.
      expect('moderation' in job!['result_data'].providers).toBe(expected.moderation);
    }
  });
});
