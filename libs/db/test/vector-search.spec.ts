import type { Pool } from 'pg';
import {
  activeEmbeddingModel,
  insertEmbedding,
  nearestEmbeddings,
  type EmbeddingModelRef,
  type NearestEmbedding,
} from '../src';
import { createMedia, createUser, openTestDatabase, type TestDatabase } from './fixtures';

const MODEL: EmbeddingModelRef = { name: 'local-lexical-v1', dimensions: 384 };

function randomUnit(dims: number): number[] {
  const v = Array.from({ length: dims }, () => Math.random() - 0.5);
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

function near(center: number[], spread: number): number[] {
  return center.map((x) => x + (Math.random() - 0.5) * spread);
}

/** `count` embeddings for a user, scattered around `center`. */
async function seedUser(pool: Pool, center: number[], count: number): Promise<string> {
  const user = await createUser(pool);
  const media = await createMedia(pool, user);
  const vectors = Array.from({ length: count }, () => `[${near(center, 0.3).join(',')}]`);
  await pool.query(
    `INSERT INTO media_embeddings (media_file_id, user_id, embedding, embedding_dimensions, source_text, embedding_model)
     SELECT $1, $2, v::vector, 384, 'segment', 'local-lexical-v1' FROM unnest($3::text[]) v`,
    [media, user, vectors],
  );
  return user;
}

const ids = (rows: NearestEmbedding[]) => rows.map((r) => r.embeddingId);

describe('filtered nearest-neighbour search for one user among many', () => {
  let db: TestDatabase;
  const crowd = randomUnit(384);
  const elsewhere = randomUnit(384);
  let smallUser: string;
  let bigUser: string;
  const query = near(crowd, 0.05);
  const k = 10;

  beforeAll(async () => {
    db = openTestDatabase();
    // 20 users crowd the query's neighbourhood; the small user's 25 rows lie elsewhere.
    for (let i = 0; i < 20; i++) await seedUser(db.pool, crowd, 60);
    smallUser = await seedUser(db.pool, elsewhere, 25);
    bigUser = await seedUser(db.pool, crowd, 400);
  }, 120_000);
  afterAll(() => db.close());

  it('shows the trap: a plain HNSW scan then a user filter returns fewer than k rows', async () => {
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`SET LOCAL hnsw.iterative_scan = off`);
      await client.query(`SET LOCAL enable_sort = off`);
      const sql = `SELECT id FROM media_embeddings WHERE embedding_model = 'local-lexical-v1' AND user_id = $1
                   ORDER BY embedding::vector(384) <=> $2::vector(384) LIMIT ${k}`;
      const plan = await client.query(`EXPLAIN ${sql}`, [smallUser, `[${query.join(',')}]`]);
      expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toMatch(/idx_media_embeddings_hnsw_local_lexical_v1/);
      const { rows } = await client.query(sql, [smallUser, `[${query.join(',')}]`]);
      expect(rows.length).toBeLessThan(k);
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });

  it('returns k rows for a small user, by the exact scan of their own rows, nearest first', async () => {
    const result = await db.database.tenant(smallUser, (tx) =>
      nearestEmbeddings(tx, { userId: smallUser, model: MODEL, vector: query, k }),
    );
    expect(result.path).toBe('exact');
    expect(result.rows).toHaveLength(k);
    const distances = result.rows.map((r) => r.distance);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
  });

  it('returns k rows for a big user through the HNSW index, agreeing with the exact scan', async () => {
    const [hnsw, exact] = await db.database.tenant(bigUser, async (tx) => [
      await nearestEmbeddings(tx, { userId: bigUser, model: MODEL, vector: query, k, path: 'hnsw' }),
      await nearestEmbeddings(tx, { userId: bigUser, model: MODEL, vector: query, k, path: 'exact' }),
    ]);
    expect(hnsw.path).toBe('hnsw');
    expect(hnsw.rows).toHaveLength(k);
    const recall = ids(hnsw.rows).filter((id) => ids(exact.rows).includes(id)).length / k;
    expect(recall).toBeGreaterThanOrEqual(0.8);
  });

  it('picks the path by the user’s size', async () => {
    const pick = (user: string) =>
      db.database.tenant(user, (tx) =>
        nearestEmbeddings(tx, { userId: user, model: MODEL, vector: query, k, exactScanMaxRows: 100 }),
      );
    expect((await pick(smallUser)).path).toBe('exact');
    expect((await pick(bigUser)).path).toBe('hnsw');
  });

  it('stores an embedding in a tenant transaction and finds it first for its own vector', async () => {
    const media = await createMedia(db.pool, smallUser);
    const vector = randomUnit(384);
    const id = await db.database.tenant(smallUser, async (tx) =>
      insertEmbedding(tx, {
        mediaFileId: media,
        userId: smallUser,
        model: await activeEmbeddingModel(tx),
        vector,
        sourceText: 'a red kite',
        segmentType: 'temporal',
        startTimeSeconds: 3,
        endTimeSeconds: 7.5,
      }),
    );
    const found = await db.database.tenant(smallUser, (tx) =>
      nearestEmbeddings(tx, { userId: smallUser, model: MODEL, vector, k: 1 }),
    );
    expect(found.rows[0]).toMatchObject({
      embeddingId: id,
      mediaFileId: media,
      segmentType: 'temporal',
      startTimeSeconds: 3,
      endTimeSeconds: 7.5,
    });
    expect(found.rows[0]!.distance).toBeCloseTo(0, 5);
  });

  it('refuses a query vector of the wrong dimension before it reaches the database', async () => {
    await expect(
      db.database.tenant(smallUser, (tx) =>
        nearestEmbeddings(tx, { userId: smallUser, model: MODEL, vector: [1, 0, 0], k }),
      ),
    ).rejects.toThrow(/expected 384 dimensions, got 3/);
  });

  it('never returns another user’s rows, whatever the path', async () => {
    const own = await db.database.tenant(smallUser, (tx) =>
      tx.mediaEmbedding.findMany({ where: { userId: smallUser }, select: { id: true } }),
    );
    for (const path of ['exact', 'hnsw'] as const) {
      const result = await db.database.tenant(smallUser, (tx) =>
        nearestEmbeddings(tx, { userId: smallUser, model: MODEL, vector: query, k: 100, path }),
      );
      expect(new Set(ids(result.rows))).toEqual(new Set(own.map((r) => r.id)));
    }
  });
});
