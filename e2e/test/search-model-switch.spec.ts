import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'pg';
import type { ReindexRun, SearchReply } from '@ams/contracts';
import { Database, replaceMediaEmbeddings } from '@ams/db';
import {
  freePort,
  launchService,
  startStack,
  stopServices,
  waitForReady,
  type RunningService,
  type Stack,
} from '@ams/devstack';
import { createLocalLexicalEmbedder } from '@ams/embeddings';
import { eventually } from '@ams/testing';

/**
 * Switching the embedding model (local → OpenAI) re-embeds the library in the background while
 * searches keep the old model, then switches in one step. The serving model is global state, so
 * this runs on its own embedded database and RabbitMQ vhost, beside whatever else is testing.
 */
describe('switching the embedding model', () => {
  let stack: Stack;
  let vhost: string;
  let fakeOpenAi: Server;
  let services: RunningService[] = [];
  let gateway: string;
  let auth: Record<string, string>;
  let pool: Pool;
  const calls: { inputs: number; at: number }[] = [];
  let userId: string;
  const files: Record<string, string> = {};

  /** A deterministic stand-in for text-embedding-3-small: each word lights a few of 1536 dimensions. */
  function fakeVector(text: string): number[] {
    const vector = new Array<number>(1536).fill(0);
    for (const word of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
      let hash = 2166136261;
      for (const char of word) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0;
      for (let k = 0; k < 3; k++) vector[(hash + k * 7919) % 1536]! += 1;
    }
    const norm = Math.hypot(...vector) || 1;
    return vector.map((value) => value / norm);
  }

  beforeAll(async () => {
    fakeOpenAi = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk));
      req.on('end', () => {
        const { input } = JSON.parse(body) as { input: string[] };
        calls.push({ inputs: input.length, at: Date.now() });
        // Slow enough that searches happen while the run is under way.
        setTimeout(() => {
          const tokens = input.join(' ').split(/\s+/).length;
          res.writeHead(200, { 'content-type': 'application/json' }).end(
            JSON.stringify({
              object: 'list',
              data: input.map((text, index) => ({ object: 'embedding', index, embedding: fakeVector(text) })),
              model: 'text-embedding-3-small',
              usage: { prompt_tokens: tokens, total_tokens: tokens },
            }),
          );
        }, 150);
      });
    });
    await new Promise<void>((resolve) => fakeOpenAi.listen(0, '127.0.0.1', resolve));
    const port = (fakeOpenAi.address() as AddressInfo).port;

    const sharedDatabase = process.env['DATABASE_URL'];
    delete process.env['DATABASE_URL']; // a database of its own
    stack = await startStack({ persistent: false, log: () => undefined });
    process.env['DATABASE_URL'] = sharedDatabase;
    vhost = `ams-model-switch-${randomUUID().slice(0, 8)}`;
    execFileSync('rabbitmqctl', ['add_vhost', vhost], { stdio: 'ignore' });
    execFileSync('rabbitmqctl', ['set_permissions', '-p', vhost, 'guest', '.*', '.*', '.*'], { stdio: 'ignore' });

    pool = new Pool({ connectionString: stack.env.DATABASE_URL, max: 2 });

    // The real processes (an in-process Nest app shares the embedded server's one session with this file's pools).
    const env = {
      ...stack.env,
      AMQP_URL: inVhost(stack.env.AMQP_URL, vhost),
      EMBEDDING_PROVIDER: 'openai',
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1`,
      REINDEX_BATCH_SIZE: '1',
      SEARCH_CACHE_TTL_SECONDS: '0',
      // Redis outlives test runs: a cached query vector would hide the query's paid embedding.
      QUERY_EMBEDDING_CACHE_TTL_SECONDS: '0',
      ADMIN_EMAILS: 'switch-admin@example.com',
      RPC_TIMEOUT_MS: '15000',
      LOG_LEVEL: 'warn',
    };
    const gatewayPort = await freePort();
    gateway = `http://127.0.0.1:${gatewayPort}`;
    services = [
      launchService('gateway', gatewayPort, env, 'ignore'),
      launchService('billing', await freePort(), env, 'ignore'),
      launchService('embedding-search', await freePort(), env, 'ignore'),
    ];
    await waitForReady(services, 120_000);
    const { token } = await call('POST', '/v1/auth/dev-token', { email: 'switch-admin@example.com' });
    auth = { authorization: `Bearer ${token}` };
    userId = (await call('GET', '/v1/me')).id;
    await pool.query(`UPDATE users SET subscription_tier = 'ultimate' WHERE id = $1`, [userId]);
    await seedLibrary();
  }, 180_000);

  afterAll(async () => {
    await stopServices(services);
    await pool?.end();
    await stack?.stop();
    fakeOpenAi?.close();
    if (vhost) execFileSync('rabbitmqctl', ['delete_vhost', vhost], { stdio: 'ignore' });
  });

  /** Three analysed files, indexed with the local model (the serving one). */
  async function seedLibrary() {
    const seedPool = new Pool({ connectionString: stack.env.DATABASE_URL, max: 1 });
    const database = new Database(seedPool);
    const local = createLocalLexicalEmbedder();
    for (const [key, text] of [
      ['harbour', 'Fishing boats in the harbour at dawn'],
      ['invoice', 'INVOICE 2041 total due'],
      ['birthday', 'Happy birthday grandmother'],
    ] as const) {
      const { rows } = await pool.query(
        `INSERT INTO media_files (user_id, filename, original_filename, file_type, mime_type, file_size_bytes, s3_key,
           s3_bucket, status, detected_text, ai_summary)
         VALUES ($1, $2, $2, 'image', 'image/jpeg', 100, $3, 'local', 'completed', $4, $5) RETURNING id`,
        [userId, `${key}.jpg`, `media/${userId}/${key}`, [text], `A photo. Text reads "${text}".`],
      );
      files[key] = rows[0].id;
      const sourceText = `Summary: A photo. Text reads "${text}".\nText: ${text}`;
      const [vector] = await local.embed([sourceText]);
      await database.service((tx) =>
        replaceMediaEmbeddings(tx, { mediaFileId: rows[0].id, userId, model: local.model }, [
          {
            vector: vector!,
            sourceText,
            document: { a: '', b: `A photo. Text reads "${text}". ${text}`, c: '', d: '' },
            segmentType: 'full',
            startTimeSeconds: null,
            endTimeSeconds: null,
            confidenceScore: null,
            sourceQuality: 'high',
          },
        ]),
      );
    }
    await database.disconnect();
    await seedPool.end();
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async function call(method: string, path: string, body?: unknown): Promise<any> {
    const response = await fetch(`${gateway}${path}`, {
      method,
      headers: { ...auth, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return response.json();
  }

  const search = (query: string) => call('GET', `/v1/search?q=${encodeURIComponent(query)}`) as Promise<SearchReply>;

  it('keeps searching with the old model during the run, then switches, with every file re-embedded and paid for', async () => {
    const before = await search('harbour');
    expect(before).toMatchObject({ model: 'local-lexical-v1' });
    expect(before.items[0]?.mediaId).toBe(files['harbour']);

    const run = (await call('POST', '/v1/admin/reindex')) as ReindexRun;
    expect(run).toMatchObject({
      model: 'text-embedding-3-small',
      status: 'running',
      total: 3,
      servingModel: 'local-lexical-v1',
    });

    const during: string[] = [];
    let finished: ReindexRun | null = null;
    await eventually(async () => {
      // A search answered before a status read that still says running happened during the run.
      const model = (await search('invoice')).model;
      finished = (await call('GET', `/v1/admin/reindex/${run.id}`)) as ReindexRun;
      if (finished.status === 'running') during.push(model);
      return finished.status !== 'running';
    }, 60_000);
    expect(finished).toMatchObject({ status: 'completed', done: 3, failed: 0, servingModel: 'text-embedding-3-small' });
    expect(during.length).toBeGreaterThan(0);
    expect(new Set(during)).toEqual(new Set(['local-lexical-v1']));

    const after = await eventually(
      async () => (await search('invoice')).model === 'text-embedding-3-small',
      10_000,
    ).then(() => search('invoice'));
    expect(after.items[0]?.mediaId).toBe(files['invoice']);

    const { rows } = await pool.query(
      `SELECT embedding_model, count(*)::int AS n FROM media_embeddings WHERE user_id = $1 GROUP BY 1 ORDER BY 1`,
      [userId],
    );
    expect(rows).toEqual([
      { embedding_model: 'local-lexical-v1', n: 3 },
      { embedding_model: 'text-embedding-3-small', n: 3 },
    ]);
    // One paid call per file (batch size 1) and per query embedding, each a cost event.
    await eventually(async () => {
      const { rows: costs } = await pool.query(
        `SELECT count(*)::int AS n FROM outbox_events WHERE event_name = 'cost.incurred.v1'`,
      );
      return costs[0].n >= 4;
    }, 10_000);
  });
});

/** The broker URL with its virtual host replaced. */
function inVhost(amqpUrl: string, vhost: string): string {
  const url = new URL(amqpUrl);
  url.pathname = `/${vhost}`;
  return url.toString();
}
