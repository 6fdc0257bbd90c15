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

  it('refuses to start on a port that is taken, saying which and what to do', async () => {
    const port = Number(new URL(process.env['DATABASE_URL']!).port);
    await expect(startEmbeddedDatabase({ host: '127.0.0.1', port, maxConnections: 4 })).rejects.toThrow(
      new RegExp(`Port ${port} is already in use.*EMBEDDED_DB_PORT`),
    );
  });
});
