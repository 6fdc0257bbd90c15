/**
 * bench/api: what the gateway + RabbitMQ hop costs.
 *
 *   npm run bench:api
 *
 * Starts the stack (embedded database, RabbitMQ), the gateway and media service as real
 * processes, signs a user in and seeds 500 files. Then, with autocannon:
 *   - GET /v1/media?limit=50 through the gateway (token check, RPC to media, tenant query),
 *   - the same page from a bare one-process Node HTTP handler in this process (same token
 *     check, same tenant transaction and query, no framework, no broker),
 *   - POST /v1/media with a ~200 KB JPEG through the gateway (sniff, inspect, thumbnail, store,
 *     register).
 * Prints requests/s and p50/p99 latency of each, and the list ratio gateway / bare.
 */
import autocannon from 'autocannon';
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import sharp from 'sharp';
import { LocalAuthProvider, localAuthSecret } from '@ams/auth';
import { Database, listMediaPage } from '@ams/db';
import { freePort, launchService, startStack, stopServices, waitForReady } from '@ams/devstack';

const DURATION_S = Number(process.env['BENCH_DURATION'] ?? 10);
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 20);
const SEEDED_FILES = 500;

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ams-bench-api-'));
  const stack = await startStack({ persistent: false, log });
  const env = { ...stack.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn', DATABASE_POOL_SIZE: '10' };
  const gatewayPort = await freePort();
  const services = [
    launchService('gateway', gatewayPort, env, 'ignore'),
    launchService('media', await freePort(), env, 'ignore'),
  ];
  const pool = new Pool({ connectionString: stack.env.DATABASE_URL, max: 10 });
  const database = new Database(pool);
  try {
    await waitForReady(services, 90_000);
    const gateway = `http://127.0.0.1:${gatewayPort}`;
    const token = await devToken(gateway, `bench-${randomUUID().slice(0, 8)}@example.com`);
    const userId = await seedLibrary(gateway, token, database);
    const bare = await startBareHandler(dataDir, database);

    const list = await load(`${gateway}/v1/media?limit=50`, token);
    const bareList = await load(`http://127.0.0.1:${bare.port}/v1/media?limit=50`, token);
    const photo = await benchPhoto();
    const uploads = await loadUploads(`${gateway}/v1/media`, token, photo);
    bare.close();

    const row = (name: string, r: autocannon.Result) =>
      `  ${name.padEnd(42)} ${r.requests.average.toFixed(0).padStart(7)} ${String(r.latency.p50).padStart(7)} ${String(r.latency.p99).padStart(7)} ${String(r.non2xx).padStart(7)}`;
    process.stdout.write(
      [
        '',
        `bench/api: ${CONNECTIONS} connections, ${DURATION_S} s each, user with ${SEEDED_FILES} files (${userId})`,
        `  ${'call'.padEnd(42)} ${'req/s'.padStart(7)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'non-2xx'.padStart(7)}`,
        row('GET /v1/media?limit=50 via gateway', list),
        row('GET /v1/media?limit=50 bare Node handler', bareList),
        row(`POST /v1/media ${Math.round(photo.length / 1024)} KB JPEG via gateway`, uploads),
        `  list throughput, gateway / bare: ${(list.requests.average / bareList.requests.average).toFixed(2)} (target >= 0.50)`,
        '',
      ].join('\n'),
    );
  } finally {
    await stopServices(services);
    await database.disconnect();
    await pool.end();
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function devToken(gateway: string, email: string): Promise<string> {
  const response = await fetch(`${gateway}/v1/auth/dev-token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email }),
  });
  return ((await response.json()) as { token: string }).token;
}

/** Sign in (provisions the user), lift the plan's upload limit, and insert the library rows. */
async function seedLibrary(gateway: string, token: string, database: Database): Promise<string> {
  const me = (await (await fetch(`${gateway}/v1/me`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
    id: string;
  };
  await database.service(async (tx) => {
    await tx.user.update({ where: { id: me.id }, data: { subscriptionTier: 'ultimate' } });
    await tx.mediaFile.createMany({
      data: Array.from({ length: SEEDED_FILES }, (_, i) => ({
        userId: me.id,
        filename: 'original.jpg',
        originalFilename: `photo-${i}.jpg`,
        fileType: 'image',
        mimeType: 'image/jpeg',
        fileSizeBytes: BigInt(200_000 + i),
        s3Key: `media/${me.id}/${randomUUID()}/original.jpg`,
        s3Bucket: 'local',
        width: 1920,
        height: 1080,
        tags: i % 3 === 0 ? ['beach'] : ['city'],
        uploadedAt: new Date(Date.now() - i * 60_000),
      })),
    });
  });
  return me.id;
}

/** The same list call with nothing in between: one process, Node's http, the same query. */
async function startBareHandler(dataDir: string, database: Database) {
  const auth = new LocalAuthProvider(localAuthSecret(undefined, dataDir), 3600);
  const users = new Map<string, string>();
  const server = createServer((request, response) => {
    void (async () => {
      const identity = await auth.verify((request.headers.authorization ?? '').slice('Bearer '.length));
      let userId = users.get(identity.uid);
      if (!userId) {
        const user = await database.service((tx) =>
          tx.user.findUniqueOrThrow({ where: { firebaseUid: identity.uid } }),
        );
        userId = user.id;
        users.set(identity.uid, userId);
      }
      const rows = await database.tenant(userId, (tx) => listMediaPage(tx, { limit: 51, filters: {} }));
      const items = rows.slice(0, 50).map((row) => ({ ...row, file_size_bytes: Number(row.file_size_bytes) }));
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ items }));
    })().catch((error: unknown) => {
      response.writeHead(500);
      response.end(String(error));
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { port, close: () => server.close() };
}

function load(url: string, token: string): Promise<autocannon.Result> {
  log(`loading ${url}`);
  return autocannon({
    url,
    connections: CONNECTIONS,
    duration: DURATION_S,
    headers: { authorization: `Bearer ${token}` },
  });
}

/** A ~200 KB photo-like JPEG. */
async function benchPhoto(): Promise<Buffer> {
  const width = 1024;
  const height = 768;
  const pixels = Buffer.alloc(width * height * 3);
  let state = 7;
  for (let i = 0; i < pixels.length; i++) {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    pixels[i] = ((i % (width * 3)) / 12 + (state % 48)) & 0xff;
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 80 })
    .toBuffer();
}

function loadUploads(url: string, token: string, photo: Buffer): Promise<autocannon.Result> {
  const boundary = `bench${randomUUID().replaceAll('-', '')}`;
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bench.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
    ),
    photo,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  log(`loading POST ${url}`);
  return autocannon({
    url,
    method: 'POST',
    // Uploads are CPU-bound (decode, thumbnail): fewer connections than the list.
    connections: Math.max(2, Math.round(CONNECTIONS / 4)),
    duration: DURATION_S,
    headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
    body,
  });
}

void main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
