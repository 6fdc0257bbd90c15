import { Controller, HttpCode, Module, Post } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes, randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import type { Response } from 'supertest';
import type { AUDIT_RECORD_V1, PayloadOf } from '@ams/contracts';
import { bootServiceApp, queuedAuditEntries } from '@ams/service-testing';
import { eventually, TcpProxy } from '@ams/testing';
import { configureGateway } from '../src/gateway-setup';
import { SkipRateLimit } from '../src/rate-limit/rate-limit.decorators';
import { startGatewayStack, type GatewayStack } from './gateway-stack';

type Tier = 'free' | 'premium' | 'ultimate';
type Limits = { api: number; upload: number; search: number };
type AuditRecord = PayloadOf<typeof AUDIT_RECORD_V1>;

/** Stands in for a signature-verified route such as the Stripe webhook. */
@Controller('v1/test-exempt')
class ExemptRouteController {
  @Post()
  @HttpCode(204)
  @SkipRateLimit()
  receive(): void {
    return undefined;
  }
}

describe('hourly rate limits per tier, shared by gateway replicas through Redis', () => {
  let replicaA: GatewayStack;
  let replicaB: GatewayStack;
  /** A third replica, with a test route marked @SkipRateLimit. */
  let replicaC: NestFastifyApplication;
  /** Between every replica and Redis, so a test can take Redis away. */
  let redis: TcpProxy;
  let pool: Pool;
  /**
   * Refusal entries as queued in the outbox, not as delivered: the database is shared, and another
   * suite's gateway may relay them onto its own broker vhost, where a consumer here never sees them.
   */
  const queuedRefusals = (userId?: string) =>
    queuedAuditEntries<AuditRecord>(pool, { eventType: 'rate_limit.exceeded', userId });
  const limits = {} as Record<Tier, Limits>;

  beforeAll(async () => {
    const realRedis = new URL(process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379');
    redis = await TcpProxy.start({ host: realRedis.hostname, port: Number(realRedis.port || 6379) });
    const viaProxy = new URL(realRedis);
    viaProxy.host = `127.0.0.1:${redis.port}`;
    const env = {
      RATE_LIMITS: 'on',
      // Counters of this run only: Redis outlives test runs and is shared with other suites.
      RATE_LIMIT_KEY_PREFIX: `ams:test:${randomUUID()}:rate-limit`,
      REDIS_URL: viaProxy.toString(),
      // Replicas share the signing secret, as deployed ones do.
      LOCAL_AUTH_SECRET: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'error', // hundreds of refused requests, each a warning line
    };
    replicaA = await startGatewayStack(env);
    replicaB = await startGatewayStack(env);
    // Same module, same config (read once per file), plus the exempt route.
    const { AppModule } = await import('../src/app.module');
    @Module({ imports: [AppModule], controllers: [ExemptRouteController] })
    class GatewayWithExemptRoute {}
    replicaC = await bootServiceApp(GatewayWithExemptRoute, configureGateway);

    const rows = await replicaA.database.service((tx) => tx.usageLimit.findMany());
    for (const row of rows)
      limits[row.tierName as Tier] = {
        api: row.apiRateLimit,
        upload: row.uploadRateLimit,
        search: row.searchRateLimit,
      };

    pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: 2 });
  });

  afterAll(async () => {
    await redis?.open();
    await pool?.end();
    await replicaC?.close();
    await replicaB?.close();
    await replicaA?.close();
    await redis?.cut();
  });

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  /** Replica A for even attempts, B for odd ones: every count must be shared. */
  const replica = (attempt: number) => (attempt % 2 === 0 ? replicaA : replicaB);
  const header = (response: Response, name: string) => response.headers[name.toLowerCase()];
  const randomAddress = () => `10.${[1, 2, 3].map(() => Math.floor(Math.random() * 254) + 1).join('.')}`;

  async function setTier(userId: string, tier: Tier): Promise<void> {
    // Only this test's own user; usage_limits rows are shared with every other suite.
    await replicaA.database.service((tx) =>
      tx.user.update({ where: { id: userId }, data: { subscriptionTier: tier } }),
    );
  }

  function expectRateLimited(response: Response, bucket: string, limit: number): void {
    expect(response.status).toBe(429);
    expect(header(response, 'content-type')).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({
      status: 429,
      code: 'RATE_LIMITED',
      bucket,
      limit,
      windowSeconds: 3600,
      retryAfterSeconds: expect.any(Number),
    });
    const retryAfter = Number(header(response, 'Retry-After'));
    expect(retryAfter).toBe(response.body.retryAfterSeconds);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(header(response, 'RateLimit-Limit')).toBe(String(limit));
    expect(header(response, 'RateLimit-Remaining')).toBe('0');
    expect(header(response, 'RateLimit-Reset')).toBe(String(retryAfter));
    expect(header(response, 'X-RateLimit-Limit')).toBe(String(limit));
  }

  it('reads the spec’s hourly limits from usage_limits', () => {
    expect(limits).toMatchObject({
      free: { api: 100, upload: 5, search: 50 },
      premium: { api: 500, upload: 20, search: 200 },
      ultimate: { api: 1000, upload: 50, search: 500 },
    });
  });

  it('sends the limit, the requests left and the reset on a successful response', async () => {
    const user = await replicaA.signIn(); // its GET /v1/me was the first request of the window
    const response = await replicaB.http().get('/v1/me').set(bearer(user.token)).expect(200);
    expect(header(response, 'RateLimit-Limit')).toBe(String(limits.free.api));
    expect(header(response, 'RateLimit-Remaining')).toBe(String(limits.free.api - 2));
    const reset = Number(header(response, 'RateLimit-Reset'));
    expect(reset).toBeGreaterThan(3500);
    expect(reset).toBeLessThanOrEqual(3600);
    expect(header(response, 'RateLimit-Policy')).toBe(`${limits.free.api};w=3600`);
    expect(header(response, 'X-RateLimit-Remaining')).toBe(String(limits.free.api - 2));
    expect(header(response, 'Retry-After')).toBeUndefined();
  });

  it('counts a free user’s searches across both replicas and refuses the 51st with 429 RATE_LIMITED', async () => {
    const user = await replicaA.signIn();
    const searchLimit = limits.free.search;
    for (let attempt = 0; attempt < searchLimit; attempt++) {
      // Cheap attempts (refused by validation, no search service needed) count like any other.
      const path = attempt % 4 < 2 ? '/v1/search?q=' : '/v1/media/not-a-uuid/similar';
      const response = await replica(attempt).http().get(path).set(bearer(user.token));
      expect(response.status).toBe(400);
      expect(header(response, 'RateLimit-Limit')).toBe(String(searchLimit));
      expect(header(response, 'RateLimit-Remaining')).toBe(String(searchLimit - attempt - 1));
    }

    const refused = await replica(searchLimit).http().get('/v1/search?q=beach').set(bearer(user.token));
    expectRateLimited(refused, 'search', searchLimit);
    expect(refused.body.instance).toBe('/v1/search');
    const similar = await replicaA.http().get(`/v1/media/${randomUUID()}/similar`).set(bearer(user.token));
    expectRateLimited(similar, 'search', searchLimit);

    // The other routes still answer; every search attempt, refused ones too, counted against `api` as well.
    const me = await replicaB.http().get('/v1/me').set(bearer(user.token)).expect(200);
    expect(header(me, 'RateLimit-Remaining')).toBe(String(limits.free.api - (1 + searchLimit + 2 + 1)));
  });

  it('counts every upload attempt, refused or not, and refuses a free user’s 6th upload before reading it', async () => {
    const user = await replicaB.signIn();
    const uploadLimit = limits.free.upload;
    for (let attempt = 0; attempt < uploadLimit; attempt++) {
      const response =
        attempt % 2 === 0
          ? // Not an image: refused by inspection (415).
            await replicaA
              .http()
              .post('/v1/media')
              .set(bearer(user.token))
              .attach('file', Buffer.from('just text'), 'notes.jpg')
          : // Direct uploads need S3 storage: refused (409).
            await replicaB
              .http()
              .post('/v1/media/uploads')
              .set(bearer(user.token))
              .send({ filename: 'big.mp4', sizeBytes: 1000 });
      expect([409, 415]).toContain(response.status);
      expect(header(response, 'RateLimit-Limit')).toBe(String(uploadLimit));
      expect(header(response, 'RateLimit-Remaining')).toBe(String(uploadLimit - attempt - 1));
    }

    const refused = await replicaA
      .http()
      .post('/v1/media')
      .set(bearer(user.token))
      .attach('file', Buffer.from('still not an image'), 'notes.jpg');
    expectRateLimited(refused, 'upload', uploadLimit);
    expectRateLimited(
      await replicaB.http().post(`/v1/media/uploads/${randomUUID()}/complete`).set(bearer(user.token)).send({}),
      'upload',
      uploadLimit,
    );
  });

  it('gives a premium user premium numbers: the 501st request of the hour is refused; ultimate lifts it at once', async () => {
    const user = await replicaA.signIn(); // request 1, counted while still on the free tier
    await setTier(user.userId, 'premium');
    const premium = limits.premium;
    expect(premium.api).toBeGreaterThan(limits.free.api);

    const search = await replicaB.http().get('/v1/search?q=').set(bearer(user.token)).expect(400);
    expect(header(search, 'RateLimit-Limit')).toBe(String(premium.search)); // 1 of 200 beats 2 of 500
    expect(header(search, 'RateLimit-Remaining')).toBe(String(premium.search - 1));

    // The rest of the hour's allowance in parallel batches of cheap requests (invalid id: 400).
    let sent = 2;
    while (sent < premium.api) {
      const batch = Array.from({ length: Math.min(25, premium.api - sent) }, (_, i) =>
        replica(sent + i)
          .http()
          .get('/v1/media/not-a-uuid')
          .set(bearer(user.token)),
      );
      const statuses = (await Promise.all(batch)).map((response) => response.status);
      expect(new Set(statuses)).toEqual(new Set([400]));
      sent += batch.length;
    }
    expectRateLimited(await replicaA.http().get('/v1/me').set(bearer(user.token)), 'api', premium.api);
    expectRateLimited(await replicaB.http().get('/v1/me').set(bearer(user.token)), 'api', premium.api);

    // An upgrade takes effect on the next request, on the same counter (502 requests so far).
    await setTier(user.userId, 'ultimate');
    const upgraded = await replicaA.http().get('/v1/me').set(bearer(user.token)).expect(200);
    expect(header(upgraded, 'RateLimit-Limit')).toBe(String(limits.ultimate.api));
    expect(header(upgraded, 'RateLimit-Remaining')).toBe(String(limits.ultimate.api - premium.api - 3));
  }, 90_000);

  it('limits anonymous callers per address with the free tier’s api limit, across replicas', async () => {
    const address = randomAddress();
    const devToken = (app: NestFastifyApplication, remoteAddress: string) =>
      app.inject({
        method: 'POST',
        url: '/v1/auth/dev-token',
        payload: { email: `anon-${randomUUID()}@example.com` },
        remoteAddress,
        headers: { 'user-agent': 'rate-limit-test' },
      });
    const apps = [replicaA.gateway, replicaB.gateway];
    for (let attempt = 0; attempt < limits.free.api; attempt++) {
      const response = await devToken(apps[attempt % 2], address);
      expect(response.statusCode).toBe(200);
      expect(response.headers['ratelimit-remaining']).toBe(String(limits.free.api - attempt - 1));
    }
    const refused = await devToken(replicaB.gateway, address);
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ code: 'RATE_LIMITED', bucket: 'api', limit: limits.free.api });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);

    // Another address is counted on its own.
    expect((await devToken(replicaA.gateway, randomAddress())).statusCode).toBe(200);

    const fromAddress = async () => (await queuedRefusals()).filter((record) => record.ipAddress === address);
    await eventually(async () => (await fromAddress()).length > 0);
    expect(await fromAddress()).toEqual([
      expect.objectContaining({
        actorType: 'system',
        userId: null,
        userAgent: 'rate-limit-test',
        metadata: { bucket: 'api', limit: limits.free.api, route: 'POST /v1/auth/dev-token' },
      }),
    ]);
  }, 60_000);

  it('never counts nor refuses routes marked @SkipRateLimit, nor the health probes', async () => {
    const address = randomAddress();
    const call = (method: 'GET' | 'POST', url: string, payload?: object) =>
      replicaC.inject({ method, url, payload, remoteAddress: address });
    const exempt = async () => {
      const webhook = await call('POST', '/v1/test-exempt');
      expect(webhook.statusCode).toBe(204);
      expect(webhook.headers['ratelimit-limit']).toBeUndefined();
      const probe = await call('GET', '/health/live');
      expect(probe.statusCode).toBe(200);
      expect(probe.headers['ratelimit-limit']).toBeUndefined();
    };

    for (let i = 0; i < 3; i++) await exempt();
    const first = await call('POST', '/v1/auth/dev-token', { email: 'exempt@example.com' });
    expect(first.headers['ratelimit-remaining']).toBe(String(limits.free.api - 1)); // nothing counted before

    for (let i = 1; i < limits.free.api; i++) await call('POST', '/v1/auth/dev-token', { email: 'exempt@example.com' });
    expect((await call('POST', '/v1/auth/dev-token', { email: 'exempt@example.com' })).statusCode).toBe(429);
    await exempt(); // the address is over its limit; exempt routes do not care
  }, 60_000);

  it('records one audit event per user, bucket and window, however many requests are refused', async () => {
    const user = await replicaA.signIn();
    const attempt = (i: number, correlationId = randomUUID()) =>
      replica(i)
        .http()
        .post('/v1/media/uploads')
        .set(bearer(user.token))
        .set('x-correlation-id', correlationId)
        .set('user-agent', 'rate-limit-test')
        .send({ filename: 'a.jpg', sizeBytes: 10 });
    for (let i = 0; i < limits.free.upload; i++) expect((await attempt(i)).status).toBe(409);
    const firstRefusal = randomUUID();
    expect((await attempt(0, firstRefusal)).status).toBe(429);
    for (let i = 1; i <= 6; i++) expect((await attempt(i)).status).toBe(429);

    // Sign-in and provisioning are audited too: only the refusals matter here.
    const refusals = () => queuedRefusals(user.userId);
    await eventually(async () => (await refusals()).length > 0);
    await new Promise((resolve) => setTimeout(resolve, 500)); // room for any duplicate to arrive
    expect(await refusals()).toEqual([
      {
        eventType: 'rate_limit.exceeded',
        category: 'security',
        action: 'request_refused',
        actorType: 'user',
        userId: user.userId,
        ipAddress: expect.stringMatching(/127\.0\.0\.1|::1/),
        userAgent: 'rate-limit-test',
        requestId: firstRefusal,
        description: expect.any(String),
        metadata: { bucket: 'upload', limit: limits.free.upload, route: 'POST /v1/media/uploads' },
        riskLevel: 'medium',
        occurredAt: expect.any(String),
        // Through AuditTrail: the shared shape, the session of the refused request included.
        actorIdentifier: null,
        targetType: null,
        targetId: null,
        sessionId: expect.stringMatching(/^[0-9a-f]{32}$/),
        oldValues: null,
        newValues: null,
      },
    ]);
  });

  it('serves requests without limits while Redis is unreachable, and limits again once it is back', async () => {
    const user = await replicaA.signIn();
    const upload = (app: GatewayStack) =>
      app.http().post('/v1/media/uploads').set(bearer(user.token)).send({ filename: 'a.jpg', sizeBytes: 10 });
    for (let i = 0; i < limits.free.upload; i++) await upload(replica(i));
    expect((await upload(replicaA)).status).toBe(429);

    await redis.cut();
    try {
      for (const app of [replicaA, replicaB]) {
        const started = Date.now();
        const response = await upload(app);
        expect(response.status).toBe(409); // over its limit, but nothing can count it: served
        expect(header(response, 'RateLimit-Limit')).toBeUndefined();
        expect(Date.now() - started).toBeLessThan(2_000);
        expect((await app.http().get('/v1/me').set(bearer(user.token))).status).toBe(200);
      }
    } finally {
      await redis.open();
    }
    // Every replica reconnects by itself and counts on from where Redis left off.
    for (const app of [replicaA, replicaB]) await eventually(async () => (await upload(app)).status === 429, 15_000);
    await eventually(async () => {
      const response = await replicaC.inject({
        method: 'POST',
        url: '/v1/media/uploads',
        headers: bearer(user.token),
        payload: { filename: 'a.jpg', sizeBytes: 10 },
      });
      return response.statusCode === 429;
    }, 15_000);
  }, 60_000);
});
