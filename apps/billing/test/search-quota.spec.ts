import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { BILLING_CONSUME_SEARCH_V1 } from '@ams/contracts';
import { consumeSearch, Database } from '@ams/db';
import { MessageBus } from '@ams/messaging';
import { bootServiceApp, queuedAuditEntries } from '@ams/service-testing';
import { eventually } from '@ams/testing';
import { AppModule } from '../src/app.module';

describe('the monthly search quota in the billing service', () => {
  const pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: 2 });
  let app: NestFastifyApplication;
  let bus: MessageBus;

  beforeAll(async () => {
    app = await bootServiceApp(AppModule);
    bus = app.get(MessageBus);
    await eventually(() => bus.isConnected());
  });

  afterAll(async () => {
    await app.close();
    await pool.end();
  });

  async function userWith(tier: 'free' | 'premium' | 'ultimate', searches: number): Promise<string> {
    const tag = randomUUID().slice(0, 8);
    const { rows } = await pool.query(
      `INSERT INTO users (firebase_uid, email, subscription_tier, searches_this_month)
       VALUES ($1, $2, $3, $4) RETURNING id`,
      [`fb-${tag}`, `${tag}@example.com`, tier, searches],
    );
    return rows[0].id as string;
  }

  const searchesOf = async (userId: string) =>
    (await pool.query(`SELECT searches_this_month FROM users WHERE id = $1`, [userId])).rows[0]
      .searches_this_month as number;

  it('counts a search within the plan and says how many are used of how many', async () => {
    const userId = await userWith('free', 0);
    await expect(bus.request(BILLING_CONSUME_SEARCH_V1, { userId })).resolves.toEqual({
      allowed: true,
      used: 1,
      limit: 50,
    });
    expect(await searchesOf(userId)).toBe(1);
  });

  it('audits a refused search as quota.exceeded with the limit and the count, and a counted one not at all', async () => {
    const refusedUser = await userWith('free', 50);
    const countedUser = await userWith('free', 0);
    await bus.request(BILLING_CONSUME_SEARCH_V1, { userId: countedUser });
    await bus.request(BILLING_CONSUME_SEARCH_V1, { userId: refusedUser });
    const auditedFor = (userId: string) => queuedAuditEntries(pool, { userId });
    await eventually(async () => (await auditedFor(refusedUser)).length > 0, 10_000);
    expect(await auditedFor(refusedUser)).toEqual([
      expect.objectContaining({
        eventType: 'quota.exceeded',
        category: 'billing',
        riskLevel: 'medium',
        metadata: { quota: 'searches_per_month', limit: 50, used: 50 },
      }),
    ]);
    expect(await auditedFor(countedUser)).toEqual([]);
  });

  it('refuses a search at the limit without counting it', async () => {
    const userId = await userWith('free', 50);
    await expect(bus.request(BILLING_CONSUME_SEARCH_V1, { userId })).resolves.toEqual({
      allowed: false,
      used: 50,
      limit: 50,
    });
    expect(await searchesOf(userId)).toBe(50);
  });

  it('never refuses an unlimited plan (NULL limit) and still counts', async () => {
    const userId = await userWith('ultimate', 100_000);
    await expect(bus.request(BILLING_CONSUME_SEARCH_V1, { userId })).resolves.toEqual({
      allowed: true,
      used: 100_001,
      limit: null,
    });
  });

  it('allows exactly the searches left when 20 arrive together 5 below the limit, and never overshoots', async () => {
    const userId = await userWith('free', 45);
    const replies = await Promise.all(
      Array.from({ length: 20 }, () => bus.request(BILLING_CONSUME_SEARCH_V1, { userId })),
    );
    expect(replies.filter((reply) => reply.allowed)).toHaveLength(5);
    expect(replies.filter((reply) => !reply.allowed)).toEqual(
      Array.from({ length: 15 }, () => ({ allowed: false, used: 50, limit: 50 })),
    );
    expect(
      replies
        .filter((reply) => reply.allowed)
        .map((reply) => reply.used)
        .sort(),
    ).toEqual([46, 47, 48, 49, 50]);
    expect(await searchesOf(userId)).toBe(50);
  });

  it('holds under concurrent transactions on the database directly, too', async () => {
    const userId = await userWith('premium', 497);
    const database = app.get(Database);
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, () => database.tenant(userId, (tx) => consumeSearch(tx, userId))),
    );
    expect(outcomes.filter((outcome) => outcome.allowed)).toHaveLength(3);
    expect(await searchesOf(userId)).toBe(500);
  });

  it('counts only the caller’s own row: another user’s id sees no row (tenant path)', async () => {
    const userId = await userWith('free', 0);
    const other = await userWith('free', 0);
    const database = app.get(Database);
    await database.tenant(userId, (tx) => consumeSearch(tx, userId));
    await expect(database.tenant(other, (tx) => consumeSearch(tx, userId))).rejects.toThrow(/not found/);
    expect(await searchesOf(userId)).toBe(1);
  });
});
