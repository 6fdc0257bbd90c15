import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { localUid, sessionIdOf } from '@ams/auth';
import { AUDIT_RECORD_V1, type PayloadOf } from '@ams/contracts';
import { eventually } from '@ams/testing';
import { startGatewayStack, type GatewayStack } from './gateway-stack';

type AuditRecord = PayloadOf<typeof AUDIT_RECORD_V1>;

const ADMIN = 'audit-events-admin@example.com';
const SECRET = randomBytes(32).toString('hex');
const LOOPBACK = /^(::ffff:)?127\.0\.0\.1$|^::1$/;

/**
 * The audit entries the gateway itself emits, read where AuditTrail puts them: the outbox (no
 * audit service runs beside this gateway). Each test tells its requests apart by user agent.
 * A vhost of this file's own, so no other suite's services answer this gateway's requests.
 */
describe('audit events of the gateway', () => {
  let stack: GatewayStack;
  let vhost: string;

  const stackEnv = (extra: Record<string, string> = {}) => {
    const amqp = new URL(process.env['AMQP_URL']!);
    amqp.pathname = `/${vhost}`;
    return {
      AMQP_URL: amqp.toString(),
      ADMIN_EMAILS: ADMIN,
      LOCAL_AUTH_SECRET: SECRET,
      RPC_TIMEOUT_MS: '300',
      // Markers of this run only: Redis outlives test runs and is shared with other suites.
      RATE_LIMIT_KEY_PREFIX: `ams:test:${randomUUID()}`,
      ...extra,
    };
  };

  /** The audit entries queued for requests made with `userAgent`, oldest first. */
  const entries = async (on: GatewayStack, userAgent: string): Promise<AuditRecord[]> => {
    const rows = await on.database.service(
      (tx) => tx.$queryRaw<{ payload: AuditRecord }[]>`
        SELECT payload FROM outbox_events
        WHERE event_name = ${AUDIT_RECORD_V1.name} AND payload->>'userAgent' = ${userAgent}
        ORDER BY position`,
    );
    return rows.map((row) => row.payload);
  };
  const entriesOf = async (type: string, userAgent: string, on = stack) =>
    (await entries(on, userAgent)).filter((entry) => entry.eventType === type);
  /** Waits for `count` entries of `type`, then a little longer so a duplicate would show. */
  const settled = async (type: string, userAgent: string, count = 1, on = stack) => {
    await eventually(async () => (await entriesOf(type, userAgent, on)).length >= count);
    await new Promise((resolve) => setTimeout(resolve, 400));
    return entriesOf(type, userAgent, on);
  };

  const devToken = async (email: string): Promise<string> =>
    (await stack.http().post('/v1/auth/dev-token').send({ email }).expect(200)).body.token;
  const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
  const localToken = (email: string, secret: string, expiresAt: number) =>
    new SignJWT({ email })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(localUid(email))
      .setIssuer('ai-media-search/local')
      .setAudience('ai-media-search')
      .setIssuedAt(expiresAt - 3600)
      .setExpirationTime(expiresAt)
      .sign(new TextEncoder().encode(secret));
  const now = () => Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    vhost = `ams-gateway-audit-events-${randomUUID().slice(0, 8)}`;
    execFileSync('rabbitmqctl', ['add_vhost', vhost], { stdio: 'ignore' });
    execFileSync('rabbitmqctl', ['set_permissions', '-p', vhost, 'guest', '.*', '.*', '.*'], { stdio: 'ignore' });
    stack = await startGatewayStack(stackEnv());
  });

  afterAll(async () => {
    await stack?.close();
    execFileSync('rabbitmqctl', ['delete_vhost', vhost], { stdio: 'ignore' });
  });

  it('records a sign-in once per session, with the client, request and session, and a new session again', async () => {
    const email = `session-${randomUUID()}@example.com`;
    const agent = `audit-test ${randomUUID()}`;
    const token = await devToken(email);
    const [first, second] = [randomUUID(), randomUUID()];
    for (const correlationId of [first, second])
      await stack
        .http()
        .get('/v1/me')
        .set('authorization', `Bearer ${token}`)
        .set('user-agent', agent)
        .set('x-correlation-id', correlationId)
        .expect(200);

    const session = sessionIdOf('local', localUid(email), claimsOf(token).jti);
    const [signedIn] = await settled('auth.signed_in', agent);
    const userId = signedIn.userId!;
    expect(await entriesOf('auth.signed_in', agent)).toEqual([
      expect.objectContaining({
        category: 'auth',
        action: 'sign_in',
        actorType: 'user',
        actorIdentifier: email,
        targetType: 'user',
        targetId: userId,
        ipAddress: expect.stringMatching(LOOPBACK),
        userAgent: agent,
        requestId: first,
        sessionId: session,
        metadata: { provider: 'local', newSession: true },
        riskLevel: 'low',
      }),
    ]);
    expect(JSON.stringify(signedIn)).not.toContain(token.split('.')[2]); // no token material

    // The first request also created the account: recorded once, in its transaction.
    expect(await entriesOf('auth.user_provisioned', agent)).toEqual([
      expect.objectContaining({
        userId,
        actorIdentifier: email,
        targetType: 'user',
        targetId: userId,
        requestId: first,
        sessionId: session,
        newValues: { email, subscriptionTier: 'free' },
      }),
    ]);

    // Signing in again is a new session: recorded again, and nobody is provisioned twice.
    const again = await devToken(email);
    await stack.http().get('/v1/me').set('authorization', `Bearer ${again}`).set('user-agent', agent).expect(200);
    const both = await settled('auth.signed_in', agent, 2);
    expect(both.map((entry) => entry.sessionId)).toEqual([
      session,
      sessionIdOf('local', localUid(email), claimsOf(again).jti),
    ]);
    expect(both[1].userId).toBe(userId);
    expect(await entriesOf('auth.user_provisioned', agent)).toHaveLength(1);
  });

  it('records each kind of refused token with its reason and risk, once per client, reason and route a minute', async () => {
    const agent = `audit-test ${randomUUID()}`;
    const email = `refused-${randomUUID()}@example.com`;
    const expired = await localToken(email, SECRET, now() - 60);
    const forged = await localToken(email, randomBytes(32).toString('hex'), now() + 3600);
    const cases: { header?: string; reason: string; risk: string }[] = [
      { reason: 'missing_token', risk: 'medium' },
      { header: 'Basic dXNlcjpwYXNz', reason: 'malformed_header', risk: 'medium' },
      { header: 'Bearer not-a-jwt', reason: 'token_malformed', risk: 'medium' },
      { header: `Bearer ${expired}`, reason: 'token_expired', risk: 'medium' },
      { header: `Bearer ${forged}`, reason: 'token_invalid', risk: 'high' },
    ];
    for (let round = 0; round < 3; round++)
      for (const { header } of cases) {
        const call = stack.http().get('/v1/usage').set('user-agent', agent);
        const response = await (header ? call.set('authorization', header) : call);
        expect(response.status).toBe(401);
      }

    const failures = await settled('auth.sign_in_failed', agent, cases.length);
    expect(failures).toHaveLength(cases.length); // three rounds, one entry per reason
    for (const { reason, risk } of cases)
      expect(failures.find((entry) => entry.metadata?.['reason'] === reason)).toMatchObject({
        category: 'auth',
        actorType: 'system',
        userId: null,
        ipAddress: expect.stringMatching(LOOPBACK),
        requestId: expect.any(String),
        sessionId: null,
        riskLevel: risk,
        metadata: { reason, route: 'GET /v1/usage' },
      });
    const stored = JSON.stringify(failures);
    for (const token of [expired, forged]) expect(stored).not.toContain(token.split('.')[2]);

    // Another route is another key: recorded.
    await stack.http().get('/v1/me').set('user-agent', agent).expect(401);
    await eventually(async () =>
      (await entriesOf('auth.sign_in_failed', agent)).some((entry) => entry.metadata?.['route'] === 'GET /v1/me'),
    );
  });

  it('records a suspended account’s refusal with who it was', async () => {
    const agent = `audit-test ${randomUUID()}`;
    const user = await stack.signIn();
    await stack.database.service((tx) =>
      tx.user.update({ where: { id: user.userId }, data: { subscriptionStatus: 'suspended' } }),
    );
    const response = await stack
      .http()
      .get('/v1/me')
      .set('authorization', `Bearer ${user.token}`)
      .set('user-agent', agent);
    expect(response.status).toBe(403);
    const [entry] = await settled('auth.sign_in_failed', agent);
    expect(entry).toMatchObject({
      userId: user.userId,
      targetId: user.userId,
      riskLevel: 'medium',
      sessionId: sessionIdOf('local', localUid(user.email), claimsOf(user.token).jti),
      metadata: { reason: 'account_suspended', route: 'GET /v1/me' },
    });
  });

  it('records a signed-in non-administrator on an admin route as access.denied, high', async () => {
    const agent = `audit-test ${randomUUID()}`;
    const user = await stack.signIn();
    const response = await stack
      .http()
      .post('/v1/admin/reindex')
      .set('authorization', `Bearer ${user.token}`)
      .set('user-agent', agent);
    expect(response.status).toBe(403);
    expect(await settled('access.denied', agent)).toEqual([
      expect.objectContaining({
        category: 'security',
        userId: user.userId,
        actorIdentifier: user.email,
        riskLevel: 'high',
        metadata: { route: 'POST /v1/admin/reindex' },
      }),
    ]);
  });

  it('records an administrator’s audit search (its filters, not its results) and reindex request', async () => {
    const agent = `audit-test ${randomUUID()}`;
    const admin = await stack.signIn(ADMIN);
    const as = (call: ReturnType<ReturnType<GatewayStack['http']>['get']>) =>
      call.set('authorization', `Bearer ${admin.token}`).set('user-agent', agent);
    // No audit or search service answers on this vhost: the refusal (503) does not matter here.
    await as(stack.http().get('/v1/admin/audit-logs?riskLevel=high&eventType=auth.sign_in_failed&limit=5'));
    await as(stack.http().post('/v1/admin/reindex'));

    expect(await settled('admin.audit_searched', agent)).toEqual([
      expect.objectContaining({
        category: 'admin',
        actorType: 'admin',
        userId: admin.userId,
        actorIdentifier: ADMIN,
        metadata: { filters: { riskLevel: 'high', eventType: 'auth.sign_in_failed', limit: 5 }, nextPage: false },
      }),
    ]);
    expect(await settled('admin.reindex_requested', agent)).toEqual([
      expect.objectContaining({ actorType: 'admin', userId: admin.userId, actorIdentifier: ADMIN, riskLevel: 'high' }),
    ]);
  });

  it('without TRUST_PROXY ignores a spoofed X-Forwarded-For: the socket address is recorded', async () => {
    const agent = `audit-test ${randomUUID()}`;
    await stack.http().get('/v1/media').set('user-agent', agent).set('x-forwarded-for', '203.0.113.66').expect(401);
    const [entry] = await settled('auth.sign_in_failed', agent);
    expect(entry.ipAddress).toMatch(LOOPBACK);
  });

  describe('with TRUST_PROXY naming the proxy', () => {
    let proxied: GatewayStack;

    beforeAll(async () => {
      proxied = await startGatewayStack(stackEnv({ TRUST_PROXY: '127.0.0.1' }));
    });

    afterAll(async () => {
      await proxied?.close();
    });

    it('records the client address the proxy forwarded', async () => {
      const agent = `audit-test ${randomUUID()}`;
      await proxied
        .http()
        .get('/v1/audit/me')
        .set('user-agent', agent)
        .set('x-forwarded-for', '203.0.113.66')
        .expect(401);
      const [entry] = await settled('auth.sign_in_failed', agent, 1, proxied);
      expect(entry.ipAddress).toBe('203.0.113.66');
    });
  });
});
