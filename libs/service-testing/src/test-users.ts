import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';

/**
 * A fresh user for one test, inserted directly (no sign-in), with a random email so tests
 * sharing a database never meet. Returns the user's id.
 */
export async function insertTestUser(
  pool: Pool,
  options: { tier?: 'free' | 'premium' | 'ultimate'; label?: string } = {},
): Promise<string> {
  const tag = randomUUID().slice(0, 8);
  const { rows } = await pool.query(
    `INSERT INTO users (firebase_uid, email, subscription_tier) VALUES ($1, $2, $3) RETURNING id`,
    [`fb-${tag}`, `${options.label ?? 'test'}-${tag}@example.com`, options.tier ?? 'free'],
  );
  return rows[0].id as string;
}
