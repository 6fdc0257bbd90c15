import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startEmbeddedDatabase } from '../src/embedded-database';
import { freePort } from '../src/processes';

async function query(url: string, sql: string) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

/** The embedded database process exactly as `npm start` runs it, on a data directory of its own. */
describe('embedded database process', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ams-pg-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps data across a stop and a restart on the same data directory', async () => {
    const options = { host: '127.0.0.1', dataDir, maxConnections: 4 };
    const first = await startEmbeddedDatabase({ ...options, port: await freePort() });
    await query(first.url, `CREATE TABLE kept (note text); INSERT INTO kept VALUES ('still here')`);
    await first.stop();

    const second = await startEmbeddedDatabase({ ...options, port: await freePort() });
    const rows = await query(second.url, 'SELECT note FROM kept');
    await second.stop();
    expect(rows).toEqual([{ note: 'still here' }]);
  });

  it('cuts a connection that holds a transaction idle while others wait, rolling it back', async () => {
    const database = await startEmbeddedDatabase({
      host: '127.0.0.1',
      port: await freePort(),
      maxConnections: 4,
      idleOwnerMs: 500,
    });
    const idler = new Client({ connectionString: database.url });
    idler.on('error', () => undefined); // it is expected to be cut
    await idler.connect();
    await idler.query('BEGIN');
    await idler.query('CREATE TABLE abandoned (id int)');
    // The idle transaction holds the session; this query waits until the idler is cut.
    const started = Date.now();
    const rows = await query(database.url, `SELECT to_regclass('abandoned') IS NULL AS rolled_back`);
    expect(rows).toEqual([{ rolled_back: true }]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    await idler.end().catch(() => undefined);
    await database.stop();
  });

  it('refuses to start on a port that is taken, saying which and what to do', async () => {
    const port = Number(new URL(process.env['DATABASE_URL']!).port);
    await expect(startEmbeddedDatabase({ host: '127.0.0.1', port, maxConnections: 4 })).rejects.toThrow(
      new RegExp(`Port ${port} is already in use.*EMBEDDED_DB_PORT`),
    );
  });
});
