import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { bootServiceApp } from '@ams/service-testing';
import { AppModule } from '../src/app.module';
import { MonthlyResetTask } from '../src/usage/monthly-reset.task';

describe('monthly usage reset in the billing service', () => {
  const pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: 2 });
  afterAll(() => pool.end());

  it('resets a user whose billing period has ended, once, even when two replicas run it together', async () => {
    const tag = randomUUID().slice(0, 8);
    const { rows } = await pool.query(
      `INSERT INTO users (firebase_uid, email, uploads_this_month, searches_this_month, billing_period_end)
       VALUES ($1, $2, 9, 40, now() - interval '2 hours') RETURNING id, billing_period_end`,
      [`fb-${tag}`, `${tag}@example.com`],
    );
    const [replicaA, replicaB] = await Promise.all([bootServiceApp(AppModule), bootServiceApp(AppModule)]);
    try {
      await Promise.all([replicaA.get(MonthlyResetTask).tick(), replicaB.get(MonthlyResetTask).tick()]);
      const after = await pool.query(
        `SELECT uploads_this_month, searches_this_month, billing_period_start, billing_period_end FROM users WHERE id = $1`,
        [rows[0].id],
      );
      expect(after.rows[0]).toMatchObject({ uploads_this_month: 0, searches_this_month: 0 });
      const oldEnd = (rows[0].billing_period_end as Date).getTime();
      expect((after.rows[0].billing_period_start as Date).getTime()).toBe(oldEnd);
      const newEnd = (after.rows[0].billing_period_end as Date).getTime();
      // Exactly one month later: a double reset would have rolled it twice.
      expect(newEnd - oldEnd).toBeGreaterThanOrEqual(28 * 86_400_000);
      expect(newEnd - oldEnd).toBeLessThanOrEqual(31 * 86_400_000);
    } finally {
      await replicaA.close();
      await replicaB.close();
    }
  });
});
