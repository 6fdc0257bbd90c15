import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Pool } from 'pg';
import { createServer } from 'node:net';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startEmbeddedPostgres } from '../src';

const databaseUrl = process.env['DATABASE_URL']!;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

describe('migrations', () => {
  // node-pg-migrate is ESM-only and loads migrations with dynamic import, which jest's VM
  // refuses on Node 20, so the migrator runs as the real CLI the deployment job uses.
  it('re-applying is a no-op and the history records each migration once', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['-r', '@swc-node/register', join(__dirname, '..', 'src', 'migrate.main.ts')],
      { env: { ...process.env, DATABASE_URL: databaseUrl } },
    );
    expect(JSON.parse(stdout)).toEqual({ applied: [] });
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY run_on');
      expect(rows.map((r) => r.name)).toContain('0001_extensions');
      expect(new Set(rows.map((r) => r.name)).size).toBe(rows.length);
    } finally {
      await client.end();
    }
  });

  it('leaves pgvector usable: cosine distance of orthogonal vectors is 1', async () => {
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query(`SELECT ('[1,0,0]'::vector <=> '[0,1,0]'::vector)::float8 AS d, uuid_generate_v4() AS id`);
      expect(rows[0].d).toBeCloseTo(1);
      expect(rows[0].id).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      await client.end();
    }
  });

  it('serves many pooled connections at once over the wire protocol', async () => {
    const pool = new Pool({ connectionString: databaseUrl, max: 12 });
    try {
      const results = await Promise.all(
        Array.from({ length: 48 }, (_, i) => pool.query<{ n: number }>('SELECT $1::int AS n', [i])),
      );
      expect(results.map((r) => r.rows[0].n)).toEqual(Array.from({ length: 48 }, (_, i) => i));
    } finally {
      await pool.end();
    }
  });
});

describe('embedded database on disk', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ams-pg-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps data across a stop and a restart on the same data directory', async () => {
    const first = await startEmbeddedPostgres({ dataDir, host: '127.0.0.1', port: await freePort(), maxConnections: 4 });
    const writer = new Client({ connectionString: first.url });
    await writer.connect();
    await writer.query('CREATE TABLE kept (note text)');
    await writer.query(`INSERT INTO kept VALUES ('still here')`);
    await writer.end();
    await first.stop();

    const second = await startEmbeddedPostgres({ dataDir, host: '127.0.0.1', port: await freePort(), maxConnections: 4 });
    const reader = new Client({ connectionString: second.url });
    await reader.connect();
    const { rows } = await reader.query('SELECT note FROM kept');
    await reader.end();
    await second.stop();
    expect(rows).toEqual([{ note: 'still here' }]);
  });
});
