import { join } from 'node:path';
import { Client, Pool } from 'pg';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const databaseUrl = process.env['DATABASE_URL']!;

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
      const { rows } = await client.query(
        `SELECT ('[1,0,0]'::vector <=> '[0,1,0]'::vector)::float8 AS d, uuid_generate_v4() AS id`,
      );
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
