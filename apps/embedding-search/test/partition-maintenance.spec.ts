import { Pool } from 'pg';
import { bootServiceApp } from '@ams/service-testing';
import { AppModule } from '../src/app.module';
import { PartitionMaintenanceTask } from '../src/search-history/partition-maintenance.task';

describe('search history partition maintenance in the embedding-search service', () => {
  const pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: 2 });
  afterAll(() => pool.end());

  it('keeps partitions for this month and the next three, recreating a missing one', async () => {
    const { rows: last } = await pool.query<{ name: string }>(`
      SELECT format('search_history_y%sm%s', to_char(m, 'YYYY'), to_char(m, 'MM')) AS name
      FROM (SELECT date_trunc('month', now()) + interval '3 months' AS m) x`);
    await pool.query(`DROP TABLE IF EXISTS ${last[0]!.name}`);
    const app = await bootServiceApp(AppModule);
    try {
      await app.get(PartitionMaintenanceTask).tick();
      const { rows } = await pool.query<{ name: string }>(`
        SELECT format('search_history_y%sm%s', to_char(m, 'YYYY'), to_char(m, 'MM')) AS name
        FROM generate_series(date_trunc('month', now()), date_trunc('month', now()) + interval '3 months', interval '1 month') m`);
      const partitions = await pool.query<{ name: string }>(
        `SELECT inhrelid::regclass::text AS name FROM pg_inherits WHERE inhparent = 'search_history'::regclass`,
      );
      const existing = partitions.rows.map((r) => r.name);
      for (const { name } of rows) expect(existing).toContain(name);
    } finally {
      await app.close();
    }
  });
});
