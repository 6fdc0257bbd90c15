import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { Database } from '../src';

/** Test access to the database: a superuser pool for arranging data, and the real `Database`. */
export function openTestDatabase() {
  const pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: 8 });
  const database = new Database(pool);
  return {
    pool,
    database,
    async close() {
      await database.disconnect();
      await pool.end();
    },
  };
}

export type TestDatabase = ReturnType<typeof openTestDatabase>;

/** A fresh user (as the owner/superuser, outside RLS) with a unique uid and email. */
export async function createUser(pool: Pool, overrides: Record<string, unknown> = {}): Promise<string> {
  const tag = randomUUID().slice(0, 8);
  const columns = { firebase_uid: `fb-${tag}`, email: `user-${tag}@example.com`, ...overrides };
  const names = Object.keys(columns);
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO users (${names.join(', ')}) VALUES (${names.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
    Object.values(columns),
  );
  return rows[0]!.id;
}

export async function createMedia(
  pool: Pool,
  userId: string,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const key = randomUUID();
  const columns = {
    user_id: userId,
    filename: `${key}.jpg`,
    original_filename: 'photo.jpg',
    file_type: 'image',
    mime_type: 'image/jpeg',
    file_size_bytes: 1024,
    s3_key: `media/${key}`,
    s3_bucket: 'local',
    ...overrides,
  };
  const names = Object.keys(columns);
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO media_files (${names.join(', ')}) VALUES (${names.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
    Object.values(columns),
  );
  return rows[0]!.id;
}

/** A unit-length vector literal of `dims` dimensions pointing mostly along `axis`. */
export function vectorLiteral(dims: number, axis: number, jitter = 0): string {
  const values = Array.from(
    { length: dims },
    (_, i) => (i === axis % dims ? 1 : 0) + (jitter ? (Math.random() - 0.5) * jitter : 0),
  );
  const norm = Math.hypot(...values);
  return `[${values.map((v) => (v / norm).toFixed(6)).join(',')}]`;
}
