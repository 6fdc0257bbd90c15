import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { AUDIT_MY_EVENTS_V1, AUDIT_SEARCH_V1, DomainError, type AuditEntry, type RequestOf } from '@ams/contracts';
import { MessageBus } from '@ams/messaging';
import { startGatewayStack, type GatewayStack } from './gateway-stack';

const ADMIN = 'audit-boss@example.com';

/**
 * The audit routes as the gateway serves them. The audit service is played by responders in this
 * process (its reads, filters, pages and cursors are tested in apps/audit), on a vhost of this
 * file's own so no audit service elsewhere answers first.
 */
describe('the audit routes of the gateway', () => {
  let stack: GatewayStack;
  let vhost: string;
  const mine: RequestOf<typeof AUDIT_MY_EVENTS_V1>[] = [];
  const searches: RequestOf<typeof AUDIT_SEARCH_V1>[] = [];

  const entry = (userId: string): AuditEntry => ({
    id: randomUUID(),
    eventType: 'auth.sign_in',
    category: 'auth',
    action: 'sign_in',
    actorType: 'user',
    actorIdentifier: null,
    targetType: 'user',
    targetId: userId,
    description: null,
    ipAddress: '203.0.113.7',
    userAgent: 'test',
    requestId: null,
    sessionId: null,
    oldValues: null,
    newValues: null,
    metadata: {},
    riskLevel: 'low',
    occurredAt: new Date().toISOString(),
  });
  const refuseBadCursor = (cursor: string | undefined) => {
    if (cursor === 'bad') throw new DomainError('INVALID_CURSOR', 'This cursor is not valid.');
  };

  beforeAll(async () => {
    vhost = `ams-gateway-audit-${randomUUID().slice(0, 8)}`;
    execFileSync('rabbitmqctl', ['add_vhost', vhost], { stdio: 'ignore' });
    execFileSync('rabbitmqctl', ['set_permissions', '-p', vhost, 'guest', '.*', '.*', '.*'], { stdio: 'ignore' });
    const amqp = new URL(process.env['AMQP_URL']!);
    amqp.pathname = `/${vhost}`;
    stack = await startGatewayStack({ AMQP_URL: amqp.toString(), ADMIN_EMAILS: ADMIN });
    const bus = stack.gateway.get(MessageBus);
    await bus.respond(AUDIT_MY_EVENTS_V1, { queue: 'audit.my-events' }, async (request) => {
      mine.push(request);
      refuseBadCursor(request.cursor);
      return { items: [entry(request.userId)], nextCursor: 'next-page' };
    });
    await bus.respond(AUDIT_SEARCH_V1, { queue: 'audit.search' }, async (request) => {
      searches.push(request);
      refuseBadCursor(request.cursor);
      return { items: [], nextCursor: null };
    });
  });

  afterAll(async () => {
    await stack?.close();
    execFileSync('rabbitmqctl', ['delete_vhost', vhost], { stdio: 'ignore' });
  });

  describe('GET /v1/audit/me', () => {
    it("asks the audit service for the caller's own trail only, whatever the query says", async () => {
      const user = await stack.signIn();
      const response = await stack
        .http()
        .get('/v1/audit/me?limit=5&cursor=abc')
        .set('authorization', `Bearer ${user.token}`)
        .expect(200);
      expect(response.body).toMatchObject({ items: [{ targetId: user.userId }], nextCursor: 'next-page' });
      expect(mine.at(-1)).toEqual({ userId: user.userId, limit: 5, cursor: 'abc' });

      const smuggled = await stack
        .http()
        .get(`/v1/audit/me?userId=${randomUUID()}`)
        .set('authorization', `Bearer ${user.token}`);
      expect(smuggled.status).toBe(400);
      expect(smuggled.body.code).toBe('VALIDATION_FAILED');
    });

    it('defaults the page to 50 and refuses a limit above 100', async () => {
      const user = await stack.signIn();
      await stack.http().get('/v1/audit/me').set('authorization', `Bearer ${user.token}`).expect(200);
      expect(mine.at(-1)).toEqual({ userId: user.userId, limit: 50 });
      const response = await stack.http().get('/v1/audit/me?limit=101').set('authorization', `Bearer ${user.token}`);
      expect(response.status).toBe(400);
    });

    it('answers a bad cursor with 400 INVALID_CURSOR', async () => {
      const user = await stack.signIn();
      const response = await stack.http().get('/v1/audit/me?cursor=bad').set('authorization', `Bearer ${user.token}`);
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('INVALID_CURSOR');
    });

    it('refuses an anonymous caller with 401', async () => {
      const response = await stack.http().get('/v1/audit/me');
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('UNAUTHENTICATED');
    });
  });

  describe('GET /v1/admin/audit-logs', () => {
    it('refuses a signed-in user who is not an administrator with 403 and asks nothing', async () => {
      const user = await stack.signIn();
      const before = searches.length;
      const response = await stack.http().get('/v1/admin/audit-logs').set('authorization', `Bearer ${user.token}`);
      expect(response.status).toBe(403);
      expect(response.body.code).toBe('FORBIDDEN');
      expect(searches).toHaveLength(before);
    });

    it('passes every filter to the audit service, a date alone covering its whole day', async () => {
      const admin = await stack.signIn(ADMIN);
      const userId = randomUUID();
      await stack
        .http()
        .get('/v1/admin/audit-logs')
        .query({
          userId,
          category: 'billing',
          riskLevel: 'high',
          eventType: 'x.y',
          from: '2026-01-01',
          to: '2026-01-31',
        })
        .query({ limit: 10, cursor: 'c' })
        .set('authorization', `Bearer ${admin.token}`)
        .expect(200, { items: [], nextCursor: null });
      expect(searches.at(-1)).toEqual({
        userId,
        category: 'billing',
        riskLevel: 'high',
        eventType: 'x.y',
        from: '2026-01-01T00:00:00.000Z',
        to: '2026-02-01T00:00:00.000Z',
        limit: 10,
        cursor: 'c',
      });
    });

    it('refuses an unknown filter, a bad value and a bad cursor with 400', async () => {
      const admin = await stack.signIn(ADMIN);
      const get = (query: string) =>
        stack.http().get(`/v1/admin/audit-logs?${query}`).set('authorization', `Bearer ${admin.token}`);
      for (const query of [
        'severity=high',
        'category=nope',
        'riskLevel=extreme',
        'userId=1',
        'from=2026-02-01&to=2026-01-01',
      ]) {
        const response = await get(query);
        expect(response.status).toBe(400);
        expect(response.body.code).toBe('VALIDATION_FAILED');
      }
      const response = await get('cursor=bad');
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('INVALID_CURSOR');
    });
  });
});
