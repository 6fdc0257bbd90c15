import type { Pool } from 'pg';
import { createMedia, createUser, openTestDatabase, vectorLiteral, type TestDatabase } from './fixtures';

/** One row of every tenant table for a user; returns the ids by table. */
async function seedEverything(pool: Pool, userId: string): Promise<Record<string, string>> {
  const media = await createMedia(pool, userId);
  const one = async (sql: string, params: unknown[]) => (await pool.query<{ id: string }>(sql, params)).rows[0]!.id;
  return {
    users: userId,
    media_files: media,
    media_embeddings: await one(
      `INSERT INTO media_embeddings (media_file_id, user_id, embedding, embedding_dimensions, source_text, embedding_model)
       VALUES ($1, $2, $3::vector, 384, 'sunset', 'local-lexical-v1') RETURNING id`,
      [media, userId, vectorLiteral(384, 7)],
    ),
    processing_jobs: await one(
      `INSERT INTO processing_jobs (media_file_id, user_id, job_type, subscription_tier) VALUES ($1, $2, 'image_analysis', 'free') RETURNING id`,
      [media, userId],
    ),
    search_history: await one(`INSERT INTO search_history (user_id, query_text) VALUES ($1, 'beach') RETURNING id`, [
      userId,
    ]),
    cost_tracking: await one(
      `INSERT INTO cost_tracking (user_id, service_name, operation_type, amount, billing_period_month, billing_period_year)
       VALUES ($1, 'openai_gpt', 'chat', 0.02, 1, 2026) RETURNING id`,
      [userId],
    ),
    audit_logs: await one(
      `INSERT INTO audit_logs (event_type, event_category, user_id, action) VALUES ('login', 'auth', $1, 'login') RETURNING id`,
      [userId],
    ),
  };
}

const TENANT_TABLES = [
  'users',
  'media_files',
  'media_embeddings',
  'processing_jobs',
  'search_history',
  'cost_tracking',
  'audit_logs',
];
const WRITABLE = TENANT_TABLES.filter((t) => t !== 'audit_logs');
const SET_COLUMN: Record<string, string> = {
  users: "display_name = 'x'",
  media_files: 'view_count = view_count + 1',
  media_embeddings: "source_text = 'x'",
  processing_jobs: 'progress_percentage = 50',
  search_history: 'results_count = 9',
  cost_tracking: 'units_consumed = 1',
};

describe('row level security', () => {
  let db: TestDatabase;
  let alice: Record<string, string>;
  let bob: Record<string, string>;

  beforeAll(async () => {
    db = openTestDatabase();
    alice = await seedEverything(db.pool, await createUser(db.pool));
    bob = await seedEverything(db.pool, await createUser(db.pool));
  });
  afterAll(() => db.close());

  it('is enabled and forced on every table the spec lists', async () => {
    const { rows } = await db.pool.query<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean }>(
      `SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class WHERE relname = ANY($1)`,
      [TENANT_TABLES],
    );
    expect(rows).toHaveLength(TENANT_TABLES.length);
    for (const row of rows) expect(row).toMatchObject({ relrowsecurity: true, relforcerowsecurity: true });
  });

  it('gives the roles exactly the designed powers', async () => {
    const { rows } = await db.pool.query(
      `SELECT rolname, rolsuper, rolbypassrls, rolcanlogin FROM pg_roles WHERE rolname IN ('app_user', 'app_service', 'admin_role') ORDER BY rolname`,
    );
    expect(rows).toEqual([
      { rolname: 'admin_role', rolsuper: false, rolbypassrls: false, rolcanlogin: false },
      { rolname: 'app_service', rolsuper: false, rolbypassrls: false, rolcanlogin: false },
      { rolname: 'app_user', rolsuper: false, rolbypassrls: false, rolcanlogin: false },
    ]);
    const owned = await db.pool.query(
      `SELECT tablename FROM pg_tables WHERE tableowner IN ('app_user', 'app_service')`,
    );
    expect(owned.rows).toEqual([]);
  });

  it.each(TENANT_TABLES)('%s: a user reads only their own rows', async (table) => {
    const ids = await db.database.tenant(alice['users']!, (tx) =>
      tx.$queryRawUnsafe<{ id: string }[]>(`SELECT id FROM ${table} WHERE id = ANY($1::uuid[])`, [
        alice[table],
        bob[table],
      ]),
    );
    expect(ids.map((r) => r.id)).toEqual([alice[table]]);
  });

  it.each(WRITABLE)('%s: a user can neither update nor delete another user’s row', async (table) => {
    const changed = await db.database.tenant(alice['users']!, async (tx) => ({
      updated: await tx.$executeRawUnsafe(`UPDATE ${table} SET ${SET_COLUMN[table]} WHERE id = $1::uuid`, bob[table]),
      deleted: await tx.$executeRawUnsafe(`DELETE FROM ${table} WHERE id = $1::uuid`, bob[table]),
    }));
    expect(changed).toEqual({ updated: 0, deleted: 0 });
    const still = await db.pool.query(`SELECT 1 FROM ${table} WHERE id = $1`, [bob[table]]);
    expect(still.rowCount).toBe(1);
  });

  it('a user cannot write rows owned by someone else', async () => {
    await expect(
      db.database.tenant(alice['users']!, (tx) =>
        tx.$executeRawUnsafe(
          `INSERT INTO search_history (user_id, query_text) VALUES ($1::uuid, 'planted')`,
          bob['users'],
        ),
      ),
    ).rejects.toThrow(/row-level security/);
  });

  it('a user cannot write audit rows at all (the service path writes them)', async () => {
    await expect(
      db.database.tenant(alice['users']!, (tx) =>
        tx.$executeRawUnsafe(
          `INSERT INTO audit_logs (event_type, event_category, user_id, action) VALUES ('x', 'auth', $1::uuid, 'y')`,
          alice['users'],
        ),
      ),
    ).rejects.toThrow(/permission denied/);
  });

  it.each(TENANT_TABLES)('%s: app_user with no tenant set sees nothing and gets no error', async (table) => {
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SET LOCAL ROLE app_user');
      const { rows } = await client.query(`SELECT count(*)::int AS n FROM ${table}`);
      expect(rows[0].n).toBe(0);
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });

  it('the admin role sees every user’s rows in users, media_files and audit_logs', async () => {
    const seen = await db.database.admin(async (tx) => {
      const count = async (table: string) =>
        (
          await tx.$queryRawUnsafe<{ n: number }[]>(
            `SELECT count(*)::int AS n FROM ${table} WHERE id = ANY($1::uuid[])`,
            [alice[table], bob[table]],
          )
        )[0]!.n;
      return {
        users: await count('users'),
        media_files: await count('media_files'),
        audit_logs: await count('audit_logs'),
      };
    });
    expect(seen).toEqual({ users: 2, media_files: 2, audit_logs: 2 });
  });

  it('the dashboard view applies the caller’s RLS instead of its owner’s', async () => {
    const rows = await db.database.tenant(alice['users']!, (tx) =>
      tx.$queryRawUnsafe<{ id: string }[]>(`SELECT id FROM user_dashboard_summary WHERE id = ANY($1::uuid[])`, [
        alice['users'],
        bob['users'],
      ]),
    );
    expect(rows.map((r) => r.id)).toEqual([alice['users']]);
  });
});
