import { randomUUID } from 'node:crypto';
import {
  dashboardSummary,
  ensureSearchHistoryPartitions,
  indexUsage,
  resetMonthlyUsage,
  searchAnalytics,
  tableSizes,
} from '../src';
import { createMedia, createUser, openTestDatabase, type TestDatabase } from './fixtures';

describe('fixes to the spec', () => {
  let db: TestDatabase;
  beforeAll(() => {
    db = openTestDatabase();
  });
  afterAll(() => db.close());

  describe('unlimited tier limits', () => {
    it('stores the ultimate tier with unlimited uploads and searches (the spec’s -1 broke positive_limits)', async () => {
      const { rows } = await db.pool.query(
        `SELECT tier_name, max_uploads_per_month, max_searches_per_month FROM usage_limits ORDER BY priority_level DESC`,
      );
      expect(rows).toEqual([
        { tier_name: 'free', max_uploads_per_month: 10, max_searches_per_month: 50 },
        { tier_name: 'premium', max_uploads_per_month: 100, max_searches_per_month: 500 },
        { tier_name: 'ultimate', max_uploads_per_month: null, max_searches_per_month: null },
      ]);
    });

    it('still refuses -1, so "unlimited" has exactly one spelling', async () => {
      await expect(
        db.pool.query(`UPDATE usage_limits SET max_uploads_per_month = -1 WHERE tier_name = 'premium'`),
      ).rejects.toThrow(/positive_limits/);
    });

    it('honours unlimited in the limit check every quota uses', async () => {
      const { rows } = await db.pool.query(`
        SELECT tier_name, within_limit(1000000, 1, max_uploads_per_month) AS big, within_limit(9, 1, max_uploads_per_month) AS tenth,
               within_limit(10, 1, max_uploads_per_month) AS eleventh
        FROM usage_limits ORDER BY priority_level DESC`);
      expect(rows).toEqual([
        { tier_name: 'free', big: false, tenth: true, eleventh: false },
        { tier_name: 'premium', big: false, tenth: true, eleventh: true },
        { tier_name: 'ultimate', big: true, tenth: true, eleventh: true },
      ]);
    });
  });

  it('creates admin_role (the spec grants it policies but never creates it)', async () => {
    const { rows } = await db.pool.query(
      `SELECT polname FROM pg_policy p JOIN pg_roles r ON r.oid = ANY(p.polroles) WHERE r.rolname = 'admin_role' ORDER BY 1`,
    );
    expect(rows.map((r) => r.polname)).toEqual(['admin_access_policy', 'admin_audit_policy', 'admin_media_policy']);
  });

  it('reads an unset tenant as "nobody" instead of throwing like current_setting(name)', async () => {
    const { rows } = await db.pool.query(`SELECT app_current_user_id() AS id`);
    expect(rows[0].id).toBeNull();
    // The spec's form throws on a session that never set the variable (a fresh name stands in
    // for it: on a session where any transaction once set it, it reads '' instead).
    const neverSet = `app.never_set_${randomUUID().replace(/-/g, '')}`;
    await expect(db.pool.query(`SELECT current_setting('${neverSet}')`)).rejects.toThrow(
      /unrecognized configuration parameter/,
    );
    await expect(db.pool.query(`SELECT current_setting('${neverSet}', true) AS v`)).resolves.toMatchObject({
      rows: [{ v: null }],
    });
  });

  it('indexes embeddings with HNSW per model and has no IVFFlat index', async () => {
    const { rows } = await db.pool.query<{ indexdef: string }>(
      `SELECT indexdef FROM pg_indexes WHERE tablename = 'media_embeddings'`,
    );
    const definitions = rows.map((r) => r.indexdef).join('\n');
    expect(definitions).not.toMatch(/ivfflat/);
    expect(definitions).toMatch(
      /USING hnsw \(\(\(embedding\)::vector\(384\)\) vector_cosine_ops\) WHERE .*local-lexical-v1/,
    );
    expect(definitions).toMatch(
      /USING hnsw \(\(\(embedding\)::vector\(1536\)\) vector_cosine_ops\) WHERE .*text-embedding-3-small/,
    );
  });

  describe('search_history partitions', () => {
    it('is declared partitioned by searched_at with the primary key including it', async () => {
      const { rows } = await db.pool.query(`
        SELECT c.relkind, pg_get_partkeydef(c.oid) AS key, pg_get_constraintdef(k.oid) AS pk
        FROM pg_class c JOIN pg_constraint k ON k.conrelid = c.oid AND k.contype = 'p'
        WHERE c.relname = 'search_history'`);
      expect(rows).toEqual([{ relkind: 'p', key: 'RANGE (searched_at)', pk: 'PRIMARY KEY (id, searched_at)' }]);
    });

    it('puts this month’s searches in this month’s partition and far-off dates in the default one', async () => {
      const user = await createUser(db.pool);
      const { rows } = await db.pool.query<{ partition: string; searched_at: Date }>(
        `INSERT INTO search_history (user_id, query_text, searched_at) VALUES ($1, 'now', now()), ($1, 'future', now() + interval '5 years')
         RETURNING tableoid::regclass::text AS partition, searched_at`,
        [user],
      );
      const now = new Date();
      const month = `search_history_y${now.getUTCFullYear()}m${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
      expect(rows.map((r) => r.partition)).toEqual([month, 'search_history_default']);
    });

    it('creates partitions ahead and moves rows the default partition caught for a new month', async () => {
      const user = await createUser(db.pool);
      const client = await db.pool.connect();
      try {
        await client.query('BEGIN');
        // Drop next month's partition inside the transaction: its rows then land in the default.
        const next = await client.query<{ name: string }>(
          `SELECT format('search_history_y%sm%s', to_char(d, 'YYYY'), to_char(d, 'MM')) AS name
           FROM (SELECT date_trunc('month', now()) + interval '1 month' AS d) x`,
        );
        const partition = next.rows[0]!.name;
        await client.query(`ALTER TABLE search_history DETACH PARTITION ${partition}`);
        await client.query(`DROP TABLE ${partition}`);
        await client.query(
          `INSERT INTO search_history (user_id, query_text, searched_at) VALUES ($1, 'caught', date_trunc('month', now()) + interval '1 month 2 days')`,
          [user],
        );
        const created = await client.query(`SELECT ensure_search_history_partitions(3) AS n`);
        const where = await client.query(
          `SELECT tableoid::regclass::text AS p FROM search_history WHERE user_id = $1`,
          [user],
        );
        expect(created.rows[0].n).toBe(1);
        expect(where.rows).toEqual([{ p: partition }]);
      } finally {
        await client.query('ROLLBACK');
        client.release();
      }
    });

    it('is a no-op when every partition exists, callable on the service path', async () => {
      await db.database.service((tx) => ensureSearchHistoryPartitions(tx, 3));
      await expect(db.database.service((tx) => ensureSearchHistoryPartitions(tx, 3))).resolves.toBe(0);
    });
  });

  describe('updated_at triggers', () => {
    it.each([
      ['users', async (userId: string) => userId],
      ['media_files', async (userId: string) => createMedia(db.pool, userId)],
      [
        'processing_jobs',
        async (userId: string) => {
          const media = await createMedia(db.pool, userId);
          const { rows } = await db.pool.query(
            `INSERT INTO processing_jobs (media_file_id, user_id, job_type, subscription_tier) VALUES ($1, $2, 'image_analysis', 'free') RETURNING id`,
            [media, userId],
          );
          return rows[0].id as string;
        },
      ],
    ])('%s.updated_at is stamped by the trigger on every update', async (table, create) => {
      const id = await create(await createUser(db.pool));
      // Even an update that tries to set updated_at itself gets the trigger's now().
      await db.pool.query(`UPDATE ${table} SET updated_at = '2000-01-01' WHERE id = $1`, [id]);
      const { rows } = await db.pool.query(`SELECT updated_at FROM ${table} WHERE id = $1`, [id]);
      expect(Date.now() - (rows[0].updated_at as Date).getTime()).toBeLessThan(60_000);
    });
  });

  describe('monthly usage reset', () => {
    it('resets each due user once, rolling the period forward from its own end, even when run twice at once', async () => {
      const due = await createUser(db.pool, {
        uploads_this_month: 7,
        searches_this_month: 30,
        billing_period_start: '2026-01-15T00:00:00Z',
        billing_period_end: new Date(Date.now() - 3_600_000).toISOString(),
      });
      const notDue = await createUser(db.pool, {
        uploads_this_month: 4,
        billing_period_end: new Date(Date.now() + 86_400_000).toISOString(),
      });
      const endBefore = (await db.pool.query(`SELECT billing_period_end FROM users WHERE id = $1`, [due])).rows[0]
        .billing_period_end as Date;

      const counts = await Promise.all([
        db.database.service(resetMonthlyUsage),
        db.database.service(resetMonthlyUsage),
      ]);
      expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1);

      const { rows } = await db.pool.query(
        `SELECT id, uploads_this_month, searches_this_month, billing_period_start, billing_period_end FROM users WHERE id = ANY($1) ORDER BY uploads_this_month`,
        [[due, notDue]],
      );
      expect(rows[0]).toMatchObject({ id: due, uploads_this_month: 0, searches_this_month: 0 });
      expect((rows[0].billing_period_start as Date).getTime()).toBe(endBefore.getTime());
      expect((rows[0].billing_period_end as Date).getTime()).toBeGreaterThan(Date.now());
      expect(rows[1]).toMatchObject({ id: notDue, uploads_this_month: 4 });
      // A later run finds nothing of this user due.
      await db.database.service(resetMonthlyUsage);
      const again = await db.pool.query(`SELECT billing_period_end FROM users WHERE id = $1`, [due]);
      expect((again.rows[0].billing_period_end as Date).getTime()).toBe((rows[0].billing_period_end as Date).getTime());
    });
  });

  describe('sample queries', () => {
    it('dashboard summary counts files and this month’s cost without multiplying one by the other', async () => {
      const user = await createUser(db.pool, { uploads_this_month: 3 });
      await createMedia(db.pool, user, { status: 'completed' });
      await createMedia(db.pool, user, { status: 'completed' });
      await createMedia(db.pool, user);
      const now = new Date();
      for (const amount of [0.5, 0.25]) {
        await db.pool.query(
          `INSERT INTO cost_tracking (user_id, service_name, operation_type, amount, billing_period_month, billing_period_year)
           VALUES ($1, 'openai_gpt', 'chat', $2, $3, $4)`,
          [user, amount, now.getUTCMonth() + 1, now.getUTCFullYear()],
        );
      }
      const summary = await db.database.tenant(user, (tx) => dashboardSummary(tx, user));
      expect(summary).toMatchObject({
        subscriptionTier: 'free',
        uploadsThisMonth: 3,
        maxUploadsPerMonth: 10,
        totalFiles: 3,
        processedFiles: 2,
        currentMonthCost: 0.75,
      });
    });

    it('reports table sizes, largest first, and index usage, most scanned first', async () => {
      const [sizes, usage] = await db.database.service(
        async (tx) => [await tableSizes(tx), await indexUsage(tx)] as const,
      );
      expect(sizes.map((t) => t.table)).toEqual(
        expect.arrayContaining(['users', 'media_files', 'media_embeddings', 'audit_logs']),
      );
      expect(sizes.map((t) => t.totalBytes)).toEqual([...sizes.map((t) => t.totalBytes)].sort((a, b) => b - a));
      expect(usage.map((i) => i.index)).toEqual(
        expect.arrayContaining(['users_pkey', 'idx_media_embeddings_owner_model']),
      );
      expect(usage.map((i) => i.scans)).toEqual([...usage.map((i) => i.scans)].sort((a, b) => b - a));
    });

    it('search analytics by day counts, averages response time and click-through rate', async () => {
      const user = await createUser(db.pool);
      const session = randomUUID();
      await db.pool.query(
        `INSERT INTO search_history (user_id, query_text, response_time_ms, click_through_rate, search_session_id, searched_at) VALUES
         ($1, 'a', 10, 0.5, $2, now()), ($1, 'b', 30, 0, $2, now()), ($1, 'c', 50, 1, $2, now() - interval '1 day'),
         ($1, 'old', 99, 1, $2, now() - interval '40 days')`,
        [user, session],
      );
      const { daily } = await db.database.tenant(user, (tx) => searchAnalytics(tx, user, 30));
      expect(daily.map((d) => [d.searches, d.avgResponseTimeMs, d.clickThroughRate])).toEqual([
        [2, 20, 0.25],
        [1, 50, 1],
      ]);
    });
  });
});
