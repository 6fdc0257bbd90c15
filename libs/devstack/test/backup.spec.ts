import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { MIGRATIONS_DIR, migrateDatabase } from '@ams/db';
import { backupDatabase, RestoreRefused, restoreDatabase } from '../src/backup';
import { startEmbeddedDatabase } from '../src/embedded-database';
import type { LocalDependency } from '../src/brokers';
import { freePort } from '../src/processes';

jest.setTimeout(240_000);

const DIMS = 384;
const MODEL = 'local-lexical-v1';

/** Deterministic unit-ish vectors with more digits than float4 keeps (the stored value is rounded). */
function vector(seed: number, dims = DIMS): string {
  let state = seed * 2654435761;
  const values: string[] = [];
  for (let i = 0; i < dims; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    values.push((state / 2147483648 - 0.5).toFixed(9));
  }
  return `[${values.join(',')}]`;
}

async function connect(url: string): Promise<Client> {
  const client = new Client({ connectionString: url });
  await client.connect();
  return client;
}

const uuid = (n: number, prefix = '0000') => `${prefix}0000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** Two tenants with files, embeddings (real vectors), jobs, searches (two partitions), costs, audit rows. */
async function populate(db: Client): Promise<void> {
  for (const [n, email] of [
    [1, 'alice@example.com'],
    [2, 'bob@example.com'],
  ] as const) {
    await db.query(
      `INSERT INTO users (id, firebase_uid, email, display_name, subscription_tier, storage_used_bytes)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        uuid(n, '1111'),
        `uid-${n}`,
        email,
        `User ${n} "quoted" \\ back\nslash`,
        n === 1 ? 'premium' : 'free',
        1234567890123,
      ],
    );
  }
  for (let i = 0; i < 30; i++) {
    const owner = uuid(1 + (i % 2), '1111');
    const file = uuid(i, '2222');
    await db.query(
      `INSERT INTO media_files (id, user_id, filename, original_filename, file_type, mime_type, file_size_bytes,
         s3_key, s3_bucket, status, width, height, duration_seconds, detected_labels, detected_text, tags,
         custom_metadata, ai_summary)
       VALUES ($1, $2, $3, $3, $4, 'image/jpeg', $5, $6, 'local', 'completed', 640, 480, $7, $8, $9, $10, $11, $12)`,
      [
        file,
        owner,
        `photo-${i}.jpg`,
        i % 5 === 0 ? 'video' : 'image',
        1000 + i,
        `media/${file}`,
        i % 5 === 0 ? (i * 1.234).toFixed(3) : null,
        JSON.stringify([{ name: 'beach', confidence: 0.9 + i / 1000 }]),
        [`text ${i}`, 'ünïcödé ✓'],
        ['holiday', `t${i}`],
        JSON.stringify({ camera: 'x', n: i, nested: { a: [1, 2.5, null] } }),
        `A summary of photo ${i}`,
      ],
    );
    await db.query(
      `INSERT INTO media_embeddings (media_file_id, user_id, embedding, embedding_dimensions, source_text, embedding_model,
         segment_type, confidence_score, search_document)
       VALUES ($1, $2, $3::vector, $4, $5, $6, 'full', 0.75, to_tsvector('english', $5))`,
      [file, owner, vector(i + 1), DIMS, `beach holiday photo ${i}`, MODEL],
    );
    await db.query(
      `INSERT INTO processing_jobs (media_file_id, user_id, job_type, status, subscription_tier, job_config, actual_cost)
       VALUES ($1, $2, 'image_analysis', 'completed', 'free', '{"a":1}', 0.0123)`,
      [file, owner],
    );
    await db.query(
      `INSERT INTO cost_tracking (user_id, service_name, operation_type, amount, billing_period_month, billing_period_year, media_file_id)
       VALUES ($1, 'openai_embeddings', 'embed', 0.0001, 1, 2025, $2)`,
      [owner, file],
    );
  }
  // Searches in this month's partition and in an old one made at run time (not by a migration).
  await db.query(`CREATE TABLE search_history_y2020m01 (LIKE search_history INCLUDING DEFAULTS INCLUDING CONSTRAINTS);
                  ALTER TABLE search_history ATTACH PARTITION search_history_y2020m01 FOR VALUES FROM ('2020-01-01') TO ('2020-02-01')`);
  for (let i = 0; i < 12; i++) {
    await db.query(
      `INSERT INTO search_history (user_id, query_text, query_embedding, embedding_model, results_count, ip_address,
         clicked_results, searched_at)
       VALUES ($1, $2, $3::vector, $4, $5, '10.0.0.1', $6, $7)`,
      [
        uuid(1 + (i % 2), '1111'),
        `beach ${i}`,
        vector(100 + i),
        MODEL,
        i,
        [uuid(i, '2222')],
        i < 4 ? '2020-01-15T10:00:00.123456Z' : new Date(),
      ],
    );
  }
  for (let i = 0; i < 20; i++) {
    await db.query(
      `INSERT INTO audit_logs (event_type, event_category, user_id, action, ip_address, new_values, risk_level)
       VALUES ('media.uploaded', 'upload', $1, 'create', '192.168.1.1', $2, 'low')`,
      [uuid(1 + (i % 2), '1111'), JSON.stringify({ i })],
    );
  }
  await db.query(
    `INSERT INTO outbox_events (event_name, payload) SELECT 'media.uploaded.v1', jsonb_build_object('n', g) FROM generate_series(1, 7) g`,
  );
  // A model and its per-model HNSW index created at run time.
  await db.query(`INSERT INTO embedding_models (name, dimensions, provider) VALUES ('test-model-8', 8, 'local')`);
  await db.query(`SELECT create_embedding_model_index('test-model-8')`);
  await db.query(
    `INSERT INTO media_embeddings (media_file_id, user_id, embedding, embedding_dimensions, source_text, embedding_model)
     VALUES ($1, $2, $3::vector, 8, 'small model', 'test-model-8')`,
    [uuid(0, '2222'), uuid(1, '1111'), vector(999, 8)],
  );
}

async function tableNames(db: Client): Promise<string[]> {
  const { rows } = await db.query<{ relname: string }>(
    `SELECT relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND relkind = 'r' ORDER BY relname`,
  );
  return rows.map((r) => r.relname);
}

/** Per table: row count and a digest of every row's full text. */
async function contents(db: Client): Promise<Record<string, { count: number; digest: string }>> {
  const result: Record<string, { count: number; digest: string }> = {};
  for (const name of await tableNames(db)) {
    const { rows } = await db.query<{ n: string; d: string }>(
      `SELECT count(*) AS n, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS d FROM ONLY "${name}" t`,
    );
    result[name] = { count: Number(rows[0]!.n), digest: rows[0]!.d };
  }
  return result;
}

const nearest = `SELECT id, (embedding::vector(${DIMS}) <=> $1::vector(${DIMS}))::text AS distance FROM media_embeddings
                 WHERE embedding_model = '${MODEL}' ORDER BY embedding::vector(${DIMS}) <=> $1::vector(${DIMS}), id LIMIT 10`;

/** Files a tenant sees the way the app runs its queries: SET LOCAL ROLE app_user + app.current_user_id. */
async function tenantView(db: Client, userId: string | null): Promise<string[]> {
  await db.query('BEGIN');
  try {
    await db.query(`SELECT set_config('role', 'app_user', true), set_config('app.current_user_id', $1, true)`, [
      userId ?? '',
    ]);
    const { rows } = await db.query<{ user_id: string }>('SELECT DISTINCT user_id FROM media_files');
    const { rows: count } = await db.query<{ n: string }>('SELECT count(*) AS n FROM media_embeddings');
    return [...rows.map((r) => r.user_id), `embeddings:${count[0]!.n}`];
  } finally {
    await db.query('ROLLBACK');
  }
}

describe('db backup and restore (embedded database)', () => {
  const workDir = mkdtempSync(join(tmpdir(), 'ams-backup-'));
  const file = join(workDir, 'backup.ndjson.gz');
  const started: LocalDependency[] = [];
  let source: Client;
  let target: Client;
  let targetUrl: string;
  let sourceUrl: string;
  const timings = { backupMs: 0, restoreMs: 0 };

  beforeAll(async () => {
    const [a, b] = await Promise.all([
      startEmbeddedDatabase({ host: '127.0.0.1', port: await freePort(), maxConnections: 10 }),
      startEmbeddedDatabase({ host: '127.0.0.1', port: await freePort(), maxConnections: 10 }),
    ]);
    started.push(a, b);
    sourceUrl = a.url;
    targetUrl = b.url;
    await migrateDatabase(sourceUrl);
    source = await connect(sourceUrl);
    await populate(source);
  });

  afterAll(async () => {
    await source?.end().catch(() => undefined);
    await target?.end().catch(() => undefined);
    await Promise.all(started.map((d) => d.stop()));
    rmSync(workDir, { recursive: true, force: true });
    process.stderr.write(`backup ${timings.backupMs} ms, restore ${timings.restoreMs} ms\n`);
  });

  it('backs up one snapshot while writes go on, and restores everything into an empty database', async () => {
    // A writer adds a file and its embedding in one transaction, over and over, during the backup:
    // a backup reading table by table outside one snapshot would catch one without the other.
    const writer = await connect(sourceUrl);
    let writing = true;
    let written = 0;
    const writes = (async () => {
      for (let i = 1000; writing; i++) {
        const file = uuid(i, '3333');
        await writer.query('BEGIN');
        await writer.query(
          `INSERT INTO media_files (id, user_id, filename, original_filename, file_type, mime_type, file_size_bytes, s3_key, s3_bucket, tags)
           VALUES ($1, $2, 'c.jpg', 'c.jpg', 'image', 'image/jpeg', 1, $3, 'local', '{concurrent}')`,
          [file, uuid(1, '1111'), `media/${file}`],
        );
        await writer.query(
          `INSERT INTO media_embeddings (media_file_id, user_id, embedding, embedding_dimensions, source_text, embedding_model)
           VALUES ($1, $2, $3::vector, ${DIMS}, 'concurrent', '${MODEL}')`,
          [file, uuid(1, '1111'), vector(i)],
        );
        await writer.query('COMMIT');
        written++;
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const backup = await backupDatabase({ databaseUrl: sourceUrl, file, migrationsDir: MIGRATIONS_DIR });
    writing = false;
    await writes;
    await writer.end();
    timings.backupMs = backup.ms;
    expect(written).toBeGreaterThan(0);
    expect(statSync(file).size).toBeGreaterThan(0);
    expect(backup.migrations).toContain('0012_audit_indexes');

    const restore = await restoreDatabase({ databaseUrl: targetUrl, file });
    timings.restoreMs = restore.ms;
    target = await connect(targetUrl);

    // The snapshot: every concurrent file came with its embedding.
    const { rows: pairs } = await target.query<{ files: string; embeddings: string }>(
      `SELECT (SELECT count(*) FROM media_files WHERE tags = '{concurrent}') AS files,
              (SELECT count(*) FROM media_embeddings WHERE source_text = 'concurrent') AS embeddings`,
    );
    expect(Number(pairs[0]!.files)).toBeGreaterThan(0);
    expect(pairs[0]!.embeddings).toBe(pairs[0]!.files);
    // ...and the restored rows are the source's rows as of that snapshot.
    expect(restore.tables).toEqual(backup.tables);
    expect(backup.tables['media_files']).toBe(30 + Number(pairs[0]!.files));
  });

  it('reproduces every table row for row: counts and full contents', async () => {
    // Remove what the writer added after the snapshot, so both sides should be identical.
    await source.query(
      `DELETE FROM media_files WHERE tags = '{concurrent}' AND id NOT IN (SELECT unnest($1::uuid[]))`,
      [
        (await target.query<{ id: string }>(`SELECT id FROM media_files WHERE tags = '{concurrent}'`)).rows.map(
          (r) => r.id,
        ),
      ],
    );
    const [expected, actual] = [await contents(source), await contents(target)];
    expect(Object.keys(actual)).toEqual(Object.keys(expected));
    expect(Object.keys(actual)).toEqual(
      expect.arrayContaining(['schema_migrations', 'search_history_y2020m01', 'search_history_default']),
    );
    expect(actual).toEqual(expected);
    expect(actual['users']!.count).toBe(2);
    expect(actual['audit_logs']!.count).toBe(20);
    expect(actual['search_history_y2020m01']!.count).toBe(4);
    expect(actual['usage_limits']!.count).toBe(3); // seeded rows once, not twice

    const sample = `SELECT row_to_json(u)::text AS r FROM users u WHERE email = 'alice@example.com'`;
    expect((await target.query(sample)).rows).toEqual((await source.query(sample)).rows);
    const file = `SELECT row_to_json(f)::text AS r FROM media_files f WHERE id = '${uuid(5, '2222')}'`;
    expect((await target.query(file)).rows[0].r).toBe((await source.query(file)).rows[0].r);
    expect((await target.query(file)).rows[0].r).toContain('ünïcödé ✓');
  });

  it('keeps vectors bit for bit and vector search order', async () => {
    const one = `SELECT embedding::text AS v, embedding_dimensions FROM media_embeddings WHERE media_file_id = '${uuid(7, '2222')}'`;
    const [before, after] = [(await source.query(one)).rows[0], (await target.query(one)).rows[0]];
    expect(after).toEqual(before);
    expect(after.embedding_dimensions).toBe(DIMS);
    const binary = `SELECT md5(vector_send(embedding)) AS h FROM media_embeddings ORDER BY id`;
    expect((await target.query(binary)).rows).toEqual((await source.query(binary)).rows);

    const query = vector(3);
    const [sourceOrder, targetOrder] = [
      (await source.query(nearest, [query])).rows,
      (await target.query(nearest, [query])).rows,
    ];
    expect(targetOrder).toHaveLength(10);
    expect(targetOrder).toEqual(sourceOrder);
    expect(Number(targetOrder[0].distance)).toBeLessThan(1e-6); // the query is file 2's own vector
  });

  it('restores RLS, policies, grants, roles and the run-time indexes, and tenants stay isolated', async () => {
    const policies = `SELECT tablename, policyname, permissive, roles::text, cmd, qual, with_check FROM pg_policies ORDER BY 1, 2`;
    const restored = (await target.query(policies)).rows;
    expect(restored.length).toBeGreaterThan(15);
    expect(restored).toEqual((await source.query(policies)).rows);
    const flags = `SELECT relname, relrowsecurity, relforcerowsecurity, relacl::text FROM pg_class WHERE relname IN ('media_files', 'users', 'audit_logs') ORDER BY 1`;
    expect((await target.query(flags)).rows).toEqual((await source.query(flags)).rows);
    expect((await target.query(flags)).rows.every((r: { relforcerowsecurity: boolean }) => r.relforcerowsecurity)).toBe(
      true,
    );
    const runtimeIndex = `SELECT indexdef FROM pg_indexes WHERE indexname = 'idx_media_embeddings_hnsw_test_model_8'`;
    expect((await target.query(runtimeIndex)).rows).toHaveLength(1);
    expect((await target.query(runtimeIndex)).rows).toEqual((await source.query(runtimeIndex)).rows);

    const alice = uuid(1, '1111');
    const bob = uuid(2, '1111');
    const aliceView = await tenantView(target, alice);
    expect(aliceView).toEqual(await tenantView(source, alice));
    expect(aliceView).toContain(alice);
    expect(aliceView).not.toContain(bob);
    expect(await tenantView(target, bob)).toEqual([bob, 'embeddings:15']);
    expect(await tenantView(target, null)).toEqual(['embeddings:0']);
  });

  it('leaves a database later migrations continue from', async () => {
    const { applied } = await migrateDatabase(targetUrl);
    expect(applied).toEqual([]);
    const history = `SELECT id, name, run_on FROM schema_migrations ORDER BY id`;
    expect((await target.query(history)).rows).toEqual((await source.query(history)).rows);
    // Sequences continue after the restored rows, not from 1.
    const next = `INSERT INTO outbox_events (event_name, payload) VALUES ('x', '{}') RETURNING position`;
    expect((await target.query(next)).rows).toEqual((await source.query(next)).rows);
  });

  it('refuses a non-empty target unless forced, and a forced restore replaces it', async () => {
    await expect(restoreDatabase({ databaseUrl: targetUrl, file })).rejects.toThrow(RestoreRefused);
    await expect(restoreDatabase({ databaseUrl: targetUrl, file })).rejects.toThrow(/not empty.*--force/s);
    await target.query(`INSERT INTO audit_logs (event_type, event_category, action) VALUES ('extra', 'admin', 'x')`);
    const backedUp = await contents(target);

    await restoreDatabase({ databaseUrl: targetUrl, file, force: true });
    const after = await contents(target);
    expect(after['audit_logs']!.count).toBe(backedUp['audit_logs']!.count - 1);
    expect(after['users']).toEqual(backedUp['users']);
    expect(await tenantView(target, uuid(2, '1111'))).toEqual([uuid(2, '1111'), 'embeddings:15']);
  });

  it('rejects a file that is not a backup or is cut short, changing nothing', async () => {
    const { writeFileSync, readFileSync } = await import('node:fs');
    const { gunzipSync, gzipSync } = await import('node:zlib');
    const empty = await startEmbeddedDatabase({ host: '127.0.0.1', port: await freePort(), maxConnections: 4 });
    started.push(empty);
    const junk = join(workDir, 'junk.gz');
    writeFileSync(junk, gzipSync('hello\n'));
    await expect(restoreDatabase({ databaseUrl: empty.url, file: junk })).rejects.toThrow(/not a database backup/);

    const lines = gunzipSync(readFileSync(file)).toString('utf8').split('\n');
    const cut = join(workDir, 'cut.gz');
    writeFileSync(cut, gzipSync(lines.slice(0, Math.floor(lines.length / 2)).join('\n')));
    await expect(restoreDatabase({ databaseUrl: empty.url, file: cut })).rejects.toThrow(/truncated/);
    const db = await connect(empty.url);
    const { rows } = await db.query(
      `SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE nspname = 'public' AND relkind = 'r'`,
    );
    await db.end();
    expect(rows[0].n).toBe(0); // rolled back: still empty
  });
});
