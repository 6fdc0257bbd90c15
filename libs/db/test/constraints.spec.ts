import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { createMedia, createUser, openTestDatabase, vectorLiteral, type TestDatabase } from './fixtures';

type Violation = { constraint: string; table: string; sql: (ids: Ids) => [string, unknown[]] };
type Ids = { user: string; media: string; job: string };

const insertUser =
  (column: string, value: unknown): Violation['sql'] =>
  () => [
    `INSERT INTO users (firebase_uid, email, ${column}) VALUES ($1, $2, $3)`,
    [`fb-${randomUUID()}`, `c-${randomUUID().slice(0, 8)}@example.com`, value],
  ];
const insertReindexRun =
  (column: string, value: unknown): Violation['sql'] =>
  () => [
    `INSERT INTO reindex_runs (model, previous_model, ${column}) VALUES ('local-lexical-v1', 'local-lexical-v1', $1)`,
    [value],
  ];
const insertMedia =
  (column: string, value: unknown): Violation['sql'] =>
  ({ user }) => [
    `INSERT INTO media_files (user_id, filename, original_filename, file_type, mime_type, file_size_bytes, s3_key, s3_bucket, ${column})
   VALUES ($1, 'f.jpg', 'f.jpg', 'image', 'image/jpeg', 10, $2, 'b', $3)`,
    [user, `k/${randomUUID()}`, value],
  ];
const insertEmbedding =
  (column: string, value: unknown): Violation['sql'] =>
  ({ user, media }) => [
    `INSERT INTO media_embeddings (media_file_id, user_id, embedding, embedding_dimensions, source_text, embedding_model, ${column})
   VALUES ($1, $2, $3::vector, 384, 't', 'local-lexical-v1', $4)`,
    [media, user, vectorLiteral(384, 1), value],
  ];
const insertJob =
  (column: string, value: unknown): Violation['sql'] =>
  ({ user, media }) => [
    `INSERT INTO processing_jobs (media_file_id, user_id, job_type, subscription_tier, ${column}) VALUES ($1, $2, 'image_analysis', 'free', $3)`,
    [media, user, value],
  ];
const insertSearch =
  (column: string, value: unknown): Violation['sql'] =>
  ({ user }) => [`INSERT INTO search_history (user_id, query_text, ${column}) VALUES ($1, 'q', $2)`, [user, value]];
const insertCost =
  (month: number, year: number, units: number | null = null): Violation['sql'] =>
  ({ user }) => [
    `INSERT INTO cost_tracking (user_id, service_name, operation_type, amount, billing_period_month, billing_period_year, units_consumed)
   VALUES ($1, 'openai_gpt', 'chat', 0.01, $2, $3, $4)`,
    [user, month, year, units],
  ];
const insertLimit =
  (column: string, value: unknown): Violation['sql'] =>
  () => [
    // tier_name is unique and every tier exists, so the row is tried inside a rolled-back copy
    `INSERT INTO usage_limits (tier_name, max_file_size_bytes, ${column}) VALUES ('free', 1, $1)`,
    [value],
  ];
const insertAudit =
  (column: string, value: unknown): Violation['sql'] =>
  () => [
    `INSERT INTO audit_logs (event_type, event_category, action, ${column}) VALUES ('x', 'auth', 'login', $1)`,
    [value],
  ];

/** One row per CHECK constraint of the schema, each breaking exactly that constraint. */
const VIOLATIONS: Violation[] = [
  { table: 'users', constraint: 'users_subscription_tier_check', sql: insertUser('subscription_tier', 'gold') },
  { table: 'users', constraint: 'users_subscription_status_check', sql: insertUser('subscription_status', 'frozen') },
  {
    table: 'users',
    constraint: 'valid_email',
    sql: () => [`INSERT INTO users (firebase_uid, email) VALUES ($1, 'not-an-email')`, [`fb-${randomUUID()}`]],
  },
  { table: 'users', constraint: 'positive_storage', sql: insertUser('storage_used_bytes', -1) },
  { table: 'users', constraint: 'positive_usage', sql: insertUser('uploads_this_month', -1) },
  {
    table: 'media_files',
    constraint: 'media_files_file_type_check',
    sql: ({ user }) => [
      `INSERT INTO media_files (user_id, filename, original_filename, file_type, mime_type, file_size_bytes, s3_key, s3_bucket)
     VALUES ($1, 'f', 'f', 'audio', 'audio/mpeg', 10, $2, 'b')`,
      [user, `k/${randomUUID()}`],
    ],
  },
  { table: 'media_files', constraint: 'media_files_status_check', sql: insertMedia('status', 'lost') },
  { table: 'media_files', constraint: 'media_files_sentiment_check', sql: insertMedia('sentiment', 'HAPPY') },
  {
    table: 'media_files',
    constraint: 'positive_file_size',
    sql: ({ user }) => [
      `INSERT INTO media_files (user_id, filename, original_filename, file_type, mime_type, file_size_bytes, s3_key, s3_bucket)
     VALUES ($1, 'f', 'f', 'image', 'image/png', 0, $2, 'b')`,
      [user, `k/${randomUUID()}`],
    ],
  },
  { table: 'media_files', constraint: 'valid_dimensions', sql: insertMedia('width', 0) },
  { table: 'media_files', constraint: 'valid_duration', sql: insertMedia('duration_seconds', -1) },
  { table: 'media_files', constraint: 'valid_frame_rate', sql: insertMedia('frame_rate', 0) },
  { table: 'media_files', constraint: 'positive_face_count', sql: insertMedia('detected_faces_count', -1) },
  { table: 'media_files', constraint: 'positive_view_count', sql: insertMedia('view_count', -1) },
  {
    table: 'embedding_models',
    constraint: 'embedding_models_dimensions_check',
    sql: () => [
      `INSERT INTO embedding_models (name, dimensions, provider) VALUES ($1, 4000, 'x')`,
      [`m-${randomUUID().slice(0, 8)}`],
    ],
  },
  {
    table: 'media_embeddings',
    constraint: 'media_embeddings_segment_type_check',
    sql: insertEmbedding('segment_type', 'scene'),
  },
  {
    table: 'media_embeddings',
    constraint: 'media_embeddings_source_quality_check',
    sql: insertEmbedding('source_quality', 'great'),
  },
  {
    table: 'media_embeddings',
    constraint: 'valid_time_range',
    sql: ({ user, media }) => [
      `INSERT INTO media_embeddings (media_file_id, user_id, embedding, embedding_dimensions, source_text, embedding_model, start_time_seconds, end_time_seconds)
     VALUES ($1, $2, $3::vector, 384, 't', 'local-lexical-v1', 10, 5)`,
      [media, user, vectorLiteral(384, 1)],
    ],
  },
  { table: 'media_embeddings', constraint: 'valid_confidence', sql: insertEmbedding('confidence_score', 1.5) },
  {
    table: 'media_embeddings',
    constraint: 'embedding_has_its_dimensions',
    sql: ({ user, media }) => [
      `INSERT INTO media_embeddings (media_file_id, user_id, embedding, embedding_dimensions, source_text, embedding_model)
     VALUES ($1, $2, $3::vector, 384, 't', 'local-lexical-v1')`,
      [media, user, vectorLiteral(3, 1)],
    ],
  },
  {
    table: 'processing_jobs',
    constraint: 'processing_jobs_job_type_check',
    sql: ({ user, media }) => [
      `INSERT INTO processing_jobs (media_file_id, user_id, job_type, subscription_tier) VALUES ($1, $2, 'mining', 'free')`,
      [media, user],
    ],
  },
  { table: 'processing_jobs', constraint: 'processing_jobs_status_check', sql: insertJob('status', 'stuck') },
  {
    table: 'processing_jobs',
    constraint: 'processing_jobs_progress_percentage_check',
    sql: insertJob('progress_percentage', 101),
  },
  { table: 'processing_jobs', constraint: 'valid_priority', sql: insertJob('priority', 0) },
  { table: 'processing_jobs', constraint: 'valid_attempts', sql: insertJob('attempts', 4) },
  { table: 'processing_jobs', constraint: 'positive_cost', sql: insertJob('estimated_cost', -0.5) },
  { table: 'reindex_runs', constraint: 'reindex_runs_status_check', sql: insertReindexRun('status', 'paused') },
  { table: 'reindex_runs', constraint: 'reindex_runs_total_check', sql: insertReindexRun('total', -1) },
  { table: 'reindex_runs', constraint: 'reindex_runs_done_check', sql: insertReindexRun('done', -1) },
  { table: 'reindex_runs', constraint: 'reindex_runs_failed_check', sql: insertReindexRun('failed', -1) },
  { table: 'search_history', constraint: 'search_history_sort_order_check', sql: insertSearch('sort_order', 'up') },
  { table: 'search_history', constraint: 'positive_results', sql: insertSearch('results_count', -1) },
  { table: 'search_history', constraint: 'positive_response_time', sql: insertSearch('response_time_ms', -1) },
  { table: 'search_history', constraint: 'valid_click_rate', sql: insertSearch('click_through_rate', 1.5) },
  {
    table: 'cost_tracking',
    constraint: 'cost_tracking_service_name_check',
    sql: ({ user }) => [
      `INSERT INTO cost_tracking (user_id, service_name, operation_type, amount, billing_period_month, billing_period_year)
     VALUES ($1, 'gcp_vision', 'x', 1, 1, 2026)`,
      [user],
    ],
  },
  {
    table: 'cost_tracking',
    constraint: 'positive_amount',
    sql: ({ user }) => [
      `INSERT INTO cost_tracking (user_id, service_name, operation_type, amount, billing_period_month, billing_period_year)
     VALUES ($1, 'openai_gpt', 'x', -1, 1, 2026)`,
      [user],
    ],
  },
  { table: 'cost_tracking', constraint: 'valid_month', sql: insertCost(13, 2026) },
  { table: 'cost_tracking', constraint: 'valid_year', sql: insertCost(1, 2023) },
  { table: 'cost_tracking', constraint: 'positive_units', sql: insertCost(1, 2026, -1) },
  {
    table: 'usage_limits',
    constraint: 'usage_limits_tier_name_check',
    sql: () => [`INSERT INTO usage_limits (tier_name, max_file_size_bytes) VALUES ('platinum', 1)`, []],
  },
  { table: 'usage_limits', constraint: 'usage_limits_support_level_check', sql: insertLimit('support_level', 'phone') },
  { table: 'usage_limits', constraint: 'positive_limits', sql: insertLimit('max_uploads_per_month', -1) },
  { table: 'usage_limits', constraint: 'valid_priority', sql: insertLimit('priority_level', 11) },
  { table: 'usage_limits', constraint: 'valid_cost_threshold', sql: insertLimit('cost_alert_threshold', 0) },
  {
    table: 'audit_logs',
    constraint: 'audit_logs_event_category_check',
    sql: () => [`INSERT INTO audit_logs (event_type, event_category, action) VALUES ('x', 'fun', 'y')`, []],
  },
  { table: 'audit_logs', constraint: 'audit_logs_actor_type_check', sql: insertAudit('actor_type', 'robot') },
  { table: 'audit_logs', constraint: 'audit_logs_risk_level_check', sql: insertAudit('risk_level', 'extreme') },
  { table: 'audit_logs', constraint: 'audit_logs_check_target', sql: insertAudit('target_type', 'media_file') },
  {
    table: 'stripe_webhook_events',
    constraint: 'stripe_webhook_events_outcome_check',
    sql: () => [
      `INSERT INTO stripe_webhook_events (event_id, event_type, stripe_created_at, outcome)
       VALUES ('evt_' || gen_random_uuid(), 'invoice.paid', now(), 'maybe')`,
      [],
    ],
  },
];

/** The constraint a statement breaks (or the error's message when no constraint is named). */
async function violatedConstraint(pool: Pool, [sql, params]: [string, unknown[]]): Promise<string | undefined> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    // usage_limits rows are unique per tier: make room inside the transaction, then roll back.
    if (sql.includes('INTO usage_limits')) await client.query(`DELETE FROM usage_limits WHERE tier_name = 'free'`);
    await client.query(sql, params);
    return undefined;
  } catch (error) {
    const { constraint, message } = error as { constraint?: string; message: string };
    return constraint ?? message;
  } finally {
    await client.query('ROLLBACK');
    client.release();
  }
}

describe('check constraints', () => {
  let db: TestDatabase;
  let ids: Ids;

  beforeAll(async () => {
    db = openTestDatabase();
    const user = await createUser(db.pool);
    const media = await createMedia(db.pool, user);
    const { rows } = await db.pool.query<{ id: string }>(
      `INSERT INTO processing_jobs (media_file_id, user_id, job_type, subscription_tier) VALUES ($1, $2, 'image_analysis', 'free') RETURNING id`,
      [media, user],
    );
    ids = { user, media, job: rows[0]!.id };
  });
  afterAll(() => db.close());

  it.each(VIOLATIONS.map((v) => [v.table, v.constraint, v] as const))(
    '%s rejects a row breaking %s',
    async (_table, constraint, violation) => {
      expect(await violatedConstraint(db.pool, violation.sql(ids))).toBe(constraint);
    },
  );

  it('covers every CHECK constraint of the schema (a new one needs a case above)', async () => {
    const { rows } = await db.pool.query<{ table: string; constraint: string }>(`
      SELECT c.conrelid::regclass::text AS table, c.conname AS constraint
      FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
      WHERE c.contype = 'c' AND t.relnamespace = 'public'::regnamespace AND NOT t.relispartition`);
    const covered = new Set(VIOLATIONS.map((v) => `${v.table}.${v.constraint}`));
    const uncovered = rows.map((r) => `${r.table}.${r.constraint}`).filter((name) => !covered.has(name));
    expect(uncovered).toEqual([]);
  });

  it('rejects an embedding whose owner differs from its media file’s owner', async () => {
    const stranger = await createUser(db.pool);
    const violated = await violatedConstraint(db.pool, [
      `INSERT INTO media_embeddings (media_file_id, user_id, embedding, embedding_dimensions, source_text, embedding_model)
       VALUES ($1, $2, $3::vector, 384, 't', 'local-lexical-v1')`,
      [ids.media, stranger, vectorLiteral(384, 2)],
    ]);
    expect(violated).toBe('media_embeddings_owner_fkey');
  });

  // The model's partial HNSW index casts to its dimension, so it refuses first; the key stays as
  // the declared rule for models without an index yet.
  it('rejects an embedding whose dimension is not its model’s', async () => {
    const violated = await violatedConstraint(db.pool, [
      `INSERT INTO media_embeddings (media_file_id, user_id, embedding, embedding_dimensions, source_text, embedding_model)
       VALUES ($1, $2, $3::vector, 1536, 't', 'local-lexical-v1')`,
      [ids.media, ids.user, vectorLiteral(1536, 2)],
    ]);
    expect(violated).toMatch(/media_embeddings_model_fkey|expected 384 dimensions, not 1536/);
  });
});
