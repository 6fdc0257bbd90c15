import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { AUDIT_MY_EVENTS_V1, AUDIT_SEARCH_V1, DomainError, type AuditEntry } from '@ams/contracts';
import { MessageBus } from '@ams/messaging';
import { bootServiceApp, insertTestUser } from '@ams/service-testing';
import { eventually } from '@ams/testing';
import { AppModule } from '../src/app.module';
import { AuditRetentionTask } from '../src/retention/audit-retention.task';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('reading and purging the audit trail', () => {
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

  const newUser = () => insertTestUser(pool, { label: 'audit-reads' });

  interface Seed {
    eventType?: string;
    category?: string;
    riskLevel?: string;
    occurredAt?: Date;
  }

  /** Writes entries straight to the table (as the owner), returning their ids in insertion order. */
  async function seed(userId: string | null, entries: Seed[]): Promise<string[]> {
    const ids: string[] = [];
    for (const entry of entries) {
      const { rows } = await pool.query(
        `INSERT INTO audit_logs (event_type, event_category, user_id, actor_type, action, risk_level, occurred_at)
         VALUES ($1, $2, $3, 'user', 'test', $4, $5) RETURNING id`,
        [
          entry.eventType ?? 'test.event',
          entry.category ?? 'auth',
          userId,
          entry.riskLevel ?? 'low',
          entry.occurredAt ?? new Date(),
        ],
      );
      ids.push(rows[0].id as string);
    }
    return ids;
  }

  async function refusal(promise: Promise<unknown>): Promise<string> {
    try {
      await promise;
    } catch (error) {
      if (error instanceof DomainError) return error.code;
      throw error;
    }
    throw new Error('expected a refusal');
  }

  it("shows a user their own entries, with every field, and never another user's", async () => {
    const [alice, bob] = [await newUser(), await newUser()];
    const [aliceEntry] = await seed(alice, [{ category: 'billing', riskLevel: 'medium' }]);
    await seed(bob, [{}, {}]);
    const page = await bus.request(AUDIT_MY_EVENTS_V1, { userId: alice, limit: 50 });
    expect(page.nextCursor).toBeNull();
    expect(page.items).toEqual([
      expect.objectContaining({
        id: aliceEntry,
        eventType: 'test.event',
        category: 'billing',
        action: 'test',
        actorType: 'user',
        riskLevel: 'medium',
        ipAddress: null,
        metadata: {},
      }),
    ]);
    expect(Object.keys(page.items[0] ?? {}).sort()).toEqual(
      [
        'id',
        'eventType',
        'category',
        'action',
        'actorType',
        'actorIdentifier',
        'targetType',
        'targetId',
        'description',
        'ipAddress',
        'userAgent',
        'requestId',
        'sessionId',
        'oldValues',
        'newValues',
        'metadata',
        'riskLevel',
        'occurredAt',
      ].sort(),
    );
  });

  it('pages through a trail newest first with no gaps or repeats, ties included', async () => {
    const userId = await newUser();
    const base = Date.now() - 60_000;
    // Groups of three entries share one instant: the id breaks the tie.
    await seed(
      userId,
      Array.from({ length: 23 }, (_, n) => ({ occurredAt: new Date(base + Math.floor(n / 3) * 1000) })),
    );
    const seen: AuditEntry[] = [];
    let cursor: string | undefined;
    do {
      const page = await bus.request(AUDIT_MY_EVENTS_V1, { userId, limit: 5, cursor });
      expect(page.items.length).toBeLessThanOrEqual(5);
      seen.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(23);
    expect(new Set(seen.map((entry) => entry.id)).size).toBe(23);
    const order = seen.map((entry) => [Date.parse(entry.occurredAt), entry.id] as const);
    const sorted = [...order].sort((a, b) => b[0] - a[0] || (a[1] < b[1] ? 1 : -1));
    expect(order).toEqual(sorted);
  });

  it('narrows the administrators’ search by each filter', async () => {
    const [userId, other] = [await newUser(), await newUser()];
    const eventType = `t.${randomUUID().slice(0, 8)}`;
    const now = Date.now();
    const [oldest, middle, newest] = await seed(userId, [
      { eventType, category: 'auth', riskLevel: 'low', occurredAt: new Date(now - 3 * DAY_MS) },
      { eventType, category: 'billing', riskLevel: 'high', occurredAt: new Date(now - 2 * DAY_MS) },
      { eventType: 'other.event', category: 'billing', riskLevel: 'low', occurredAt: new Date(now - DAY_MS) },
    ]);
    const [othersEntry] = await seed(other, [{ eventType, category: 'billing', riskLevel: 'high' }]);
    const ids = async (filters: Omit<Parameters<MessageBus['request']>[1], 'limit'>) =>
      (await bus.request(AUDIT_SEARCH_V1, { limit: 100, ...filters })).items.map((entry) => entry.id);

    expect(await ids({ userId })).toEqual([newest, middle, oldest]);
    expect(await ids({ userId, category: 'billing' })).toEqual([newest, middle]);
    expect(await ids({ userId, riskLevel: 'high' })).toEqual([middle]);
    expect(await ids({ eventType })).toEqual([othersEntry, middle, oldest]);
    expect(
      await ids({
        userId,
        from: new Date(now - 2.5 * DAY_MS).toISOString(),
        to: new Date(now - 1.5 * DAY_MS).toISOString(),
      }),
    ).toEqual([middle]);
    expect(await ids({ eventType, category: 'billing', riskLevel: 'high' })).toEqual([othersEntry, middle]);
  });

  it('pages the administrators’ search without gaps or repeats', async () => {
    const userId = await newUser();
    const created = await seed(
      userId,
      Array.from({ length: 12 }, () => ({})),
    );
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await bus.request(AUDIT_SEARCH_V1, { userId, limit: 5, cursor });
      seen.push(...page.items.map((entry) => entry.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect([...seen].sort()).toEqual([...created].sort());
    expect(seen).toHaveLength(12);
  });

  it('refuses a cursor it did not issue with INVALID_CURSOR', async () => {
    const userId = await newUser();
    const forged = Buffer.from(JSON.stringify({ at: 'yesterday', id: 'x' })).toString('base64url');
    for (const cursor of ['garbage', forged, Buffer.from('[1]').toString('base64url')]) {
      expect(await refusal(bus.request(AUDIT_MY_EVENTS_V1, { userId, limit: 5, cursor }))).toBe('INVALID_CURSOR');
      expect(await refusal(bus.request(AUDIT_SEARCH_V1, { limit: 5, cursor }))).toBe('INVALID_CURSOR');
    }
  });

  it('purges entries older than the retention (365 days by default), in batches, and nothing newer', async () => {
    const userId = await newUser();
    const now = Date.now();
    // More than one purge batch of old entries.
    await pool.query(
      `INSERT INTO audit_logs (event_type, event_category, user_id, actor_type, action, occurred_at)
       SELECT 'old.event', 'auth', $1, 'user', 'test', $2::timestamptz - n * interval '1 second'
         FROM generate_series(1, 2100) AS n`,
      [userId, new Date(now - 400 * DAY_MS)],
    );
    const kept = await seed(userId, [
      { occurredAt: new Date(now - 360 * DAY_MS) },
      { occurredAt: new Date(now - DAY_MS) },
      { occurredAt: new Date(now) },
    ]);
    const task = app.get(AuditRetentionTask);
    await task.tick(); // may only join a run started before the rows were written
    await task.tick();
    const { rows } = await pool.query(`SELECT id FROM audit_logs WHERE user_id = $1`, [userId]);
    expect(rows.map((row) => row.id).sort()).toEqual([...kept].sort());
  });
});
