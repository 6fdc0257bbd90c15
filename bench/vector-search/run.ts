/**
 * bench/vector-search: per-tenant top-20 vector search on a skewed, clustered multi-tenant table.
 *
 *   npm run bench:vector-search                    # embedded database (PGlite), in memory
 *   DATABASE_URL=postgresql://… npm run bench:vector-search   # a native PostgreSQL + pgvector
 *
 * Loads 100,000 embeddings at the local model's 384 dimensions over 100 users (one user holds
 * 10%, the rest about 1% each) and 20,000 at OpenAI's 1536, drawn around cluster centres (random
 * uniform vectors make every index look bad), builds the HNSW indexes, then times the product's
 * path (nearestEmbeddings) for a big and a small user beside the exact scan of the same rows,
 * with recall@20 against that exact scan. Its rows are deleted at the end.
 */
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { Database, migrateDatabase, nearestEmbeddings, type EmbeddingModelRef, type VectorSearchPath } from '@ams/db';
import { freePort, startEmbeddedDatabase } from '@ams/devstack';

const LOCAL: EmbeddingModelRef = { name: 'local-lexical-v1', dimensions: 384 };
const OPENAI: EmbeddingModelRef = { name: 'text-embedding-3-small', dimensions: 1536 };
const USERS = 100;
const K = 20;
const QUERIES = Number(process.env['BENCH_QUERIES'] ?? 100);
const SCALE = Number(process.env['BENCH_SCALE'] ?? 1); // 0.1 for a quick run

// Deterministic pseudo-random numbers, so every run loads the same data.
let seed = 42;
function random(): number {
  seed = (seed * 1664525 + 1013904223) % 4294967296;
  return seed / 4294967296;
}
function gaussian(): number {
  return Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
}
function unit(values: number[]): number[] {
  const norm = Math.hypot(...values);
  return values.map((v) => v / norm);
}
function centres(count: number, dims: number): number[][] {
  return Array.from({ length: count }, () => unit(Array.from({ length: dims }, gaussian)));
}
/** A point near `centre`: noise of norm about `spread` (relative to the unit centre). */
function around(centre: number[], spread: number): number[] {
  const perDimension = spread / Math.sqrt(centre.length);
  return unit(centre.map((c) => c + gaussian() * perDimension));
}

/** Each user writes about a few topics: their vectors come from 8 of the clusters. */
function userTopics(user: number, clusterCount: number): number[] {
  return Array.from({ length: 8 }, (_, i) => (user * 37 + i * 11) % clusterCount);
}

function rowsPerUser(total: number): number[] {
  const big = Math.round(total * 0.1);
  const rest = total - big;
  return Array.from({ length: USERS }, (_, u) =>
    u === 0 ? big : Math.floor(rest / (USERS - 1)) + (u <= rest % (USERS - 1) ? 1 : 0),
  );
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main(): Promise<void> {
  let databaseUrl = process.env['DATABASE_URL'];
  const embedded = databaseUrl
    ? undefined
    : await startEmbeddedDatabase({ host: '127.0.0.1', port: await freePort(), maxConnections: 20 });
  databaseUrl ??= embedded!.url;
  await migrateDatabase(databaseUrl);
  const pool = new Pool({ connectionString: databaseUrl, max: 4 });
  const database = new Database(pool);
  const server = embedded ? 'embedded PGlite (in memory)' : 'DATABASE_URL';
  const users: string[] = [];
  try {
    const { rows: version } = await pool.query(
      `SELECT version() AS v, (SELECT extversion FROM pg_extension WHERE extname = 'vector') AS pgvector`,
    );
    console.log(`server: ${server} — ${String(version[0].v).split(',')[0]}, pgvector ${version[0].pgvector}`);

    for (let u = 0; u < USERS; u++) {
      const tag = randomUUID().slice(0, 8);
      const { rows } = await pool.query(`INSERT INTO users (firebase_uid, email) VALUES ($1, $2) RETURNING id`, [
        `bench-${tag}`,
        `bench-${tag}@example.com`,
      ]);
      users.push(rows[0].id);
    }
    const media = new Map<string, string>();
    for (const user of users) {
      const { rows } = await pool.query(
        `INSERT INTO media_files (user_id, filename, original_filename, file_type, mime_type, file_size_bytes, s3_key, s3_bucket)
         VALUES ($1, 'bench.jpg', 'bench.jpg', 'image', 'image/jpeg', 1, $2, 'bench') RETURNING id`,
        [user, `bench/${randomUUID()}`],
      );
      media.set(user, rows[0].id);
    }

    const results: string[] = [];
    for (const [model, total] of [
      [LOCAL, Math.round(100_000 * SCALE)],
      [OPENAI, Math.round(20_000 * SCALE)],
    ] as const) {
      const clusters = centres(200, model.dimensions);
      const indexName = `idx_media_embeddings_hnsw_${model.name.replace(/[^a-z0-9]+/g, '_')}`;
      await pool.query(`DROP INDEX IF EXISTS ${indexName}`);

      const loadStarted = performance.now();
      const counts = rowsPerUser(total);
      for (let u = 0; u < USERS; u++) {
        const topics = userTopics(u, clusters.length);
        for (let done = 0; done < counts[u]!; done += 500) {
          const batch = Math.min(500, counts[u]! - done);
          const vectors = Array.from(
            { length: batch },
            (_, i) =>
              `[${around(clusters[topics[(done + i) % topics.length]!]!, 0.35)
                .map((v) => v.toFixed(5))
                .join(',')}]`,
          );
          await pool.query(
            `INSERT INTO media_embeddings (media_file_id, user_id, embedding, embedding_dimensions, source_text, embedding_model)
             SELECT $1, $2, v::vector, $3, 'bench', $4 FROM unnest($5::text[]) v`,
            [media.get(users[u]!), users[u], model.dimensions, model.name, vectors],
          );
        }
      }
      const loadSeconds = (performance.now() - loadStarted) / 1000;

      const buildStarted = performance.now();
      const client = await pool.connect();
      try {
        await client.query(`SET maintenance_work_mem = '512MB'`);
        await client.query(`SELECT create_embedding_model_index($1)`, [model.name]);
        await client.query(`RESET maintenance_work_mem`);
      } finally {
        client.release();
      }
      await pool.query('ANALYZE media_embeddings');
      const buildSeconds = (performance.now() - buildStarted) / 1000;
      results.push(
        `\n${model.name} (${model.dimensions}-d): ${total.toLocaleString()} rows loaded in ${loadSeconds.toFixed(1)} s, HNSW built in ${buildSeconds.toFixed(1)} s`,
      );

      const measured = [
        { label: `big user (${counts[0]} rows)`, user: 0 },
        { label: `small user (${counts[50]} rows)`, user: 50 },
      ];
      results.push(
        `  ${'who'.padEnd(26)}${'path'.padEnd(16)}${'query p50'.padStart(10)}${'p95'.padStart(7)}${'  txn p50'.padStart(10)}${'p95'.padStart(7)}${'recall@20'.padStart(11)}`,
      );
      for (const { label, user } of measured) {
        const userId = users[user]!;
        const topics = userTopics(user, clusters.length);
        const queries = Array.from({ length: QUERIES }, (_, i) => around(clusters[topics[i % topics.length]!]!, 0.35));
        const run = async (path?: VectorSearchPath, efSearch?: number) => {
          const timings: number[] = [];
          const queryTimings: number[] = [];
          const answers: string[][] = [];
          const used = new Set<string>();
          for (const vector of queries) {
            const started = performance.now();
            const result = await database.tenant(userId, async (tx) => {
              const queryStarted = performance.now();
              const found = await nearestEmbeddings(tx, { userId, model, vector, k: K, path, efSearch });
              queryTimings.push(performance.now() - queryStarted);
              return found;
            });
            timings.push(performance.now() - started);
            answers.push(result.rows.map((r) => r.embeddingId));
            used.add(result.path);
          }
          timings.sort((a, b) => a - b);
          queryTimings.sort((a, b) => a - b);
          return { timings, queryTimings, answers, used: [...used].join('+') };
        };
        const exact = await run('exact');
        const variants = [
          { name: 'product', outcome: await run() },
          { name: 'exact scan', outcome: exact },
          { name: 'hnsw forced', outcome: await run('hnsw') },
        ];
        // For the big user, how recall and latency trade against the HNSW candidate list size.
        if (user === 0) {
          for (const ef of [40, 200, 400]) variants.push({ name: `hnsw ef=${ef}`, outcome: await run('hnsw', ef) });
        }
        for (const { name, outcome } of variants) {
          const recall =
            outcome.answers.reduce(
              (sum, answer, i) =>
                sum +
                answer.filter((id) => exact.answers[i]!.includes(id)).length / Math.max(1, exact.answers[i]!.length),
              0,
            ) / QUERIES;
          const pathName = name.startsWith('product') ? `product→${outcome.used}` : name;
          results.push(
            `  ${label.padEnd(26)}${pathName.padEnd(16)}` +
              `${percentile(outcome.queryTimings, 50).toFixed(1).padStart(10)}${percentile(outcome.queryTimings, 95).toFixed(1).padStart(7)}` +
              `${percentile(outcome.timings, 50).toFixed(1).padStart(10)}${percentile(outcome.timings, 95).toFixed(1).padStart(7)}${recall.toFixed(3).padStart(11)}`,
          );
        }
      }
      console.log(results.join('\n'));
      results.length = 0;
    }
    console.log(
      `\n${QUERIES} queries per row, k=${K}. "query": nearestEmbeddings inside the transaction (path choice + search);` +
        ` "txn": the whole tenant transaction from the client (BEGIN, role and tenant, query, COMMIT).`,
    );
  } finally {
    if (users.length) await pool.query(`DELETE FROM users WHERE id = ANY($1)`, [users]);
    await database.disconnect();
    await pool.end();
    await embedded?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
