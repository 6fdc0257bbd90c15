import { SignJWT } from 'jose';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startGatewayStack, type GatewayStack } from './gateway-stack';

describe('sign-in through the gateway', () => {
  let stack: GatewayStack;

  beforeAll(async () => {
    stack = await startGatewayStack();
  });

  afterAll(async () => {
    await stack.close();
  });

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  it('provisions a free-tier user on first sign-in and reports profile, usage and limits', async () => {
    const { body } = await stack
      .http()
      .post('/v1/auth/dev-token')
      .send({ email: 'New.Person@Example.com' })
      .expect(200);
    const me = await stack.http().get('/v1/me').set(bearer(body.token)).expect(200);
    expect(me.body).toMatchObject({
      email: 'new.person@example.com',
      subscription: { tier: 'free', status: 'active' },
      usage: { uploadsThisMonth: 0, searchesThisMonth: 0, storageUsedBytes: 0 },
      limits: { uploadsPerMonth: 10, searchesPerMonth: 50, fileSizeBytes: 104857600, videoDurationSeconds: 300 },
    });
    const again = await stack.http().post('/v1/auth/dev-token').send({ email: 'new.person@example.com' }).expect(200);
    const meAgain = await stack.http().get('/v1/me').set(bearer(again.body.token)).expect(200);
    expect(meAgain.body.id).toBe(me.body.id);
  });

  it('provisions exactly one row when a new user’s first requests arrive together', async () => {
    const { body } = await stack.http().post('/v1/auth/dev-token').send({ email: 'twice@example.com' }).expect(200);
    const replies = await Promise.all([1, 2, 3].map(() => stack.http().get('/v1/me').set(bearer(body.token))));
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(new Set(replies.map((r) => r.body.id)).size).toBe(1);
  });

  it('answers a request without a token with 401 problem+json carrying code and correlation id', async () => {
    const response = await stack.http().get('/v1/me').set('x-correlation-id', 'corr-auth-1').expect(401);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({
      status: 401,
      code: 'UNAUTHENTICATED',
      correlationId: 'corr-auth-1',
      instance: '/v1/me',
      type: expect.stringContaining('unauthenticated'),
      title: expect.any(String),
      detail: expect.any(String),
    });
  });

  it('refuses an expired token as TOKEN_EXPIRED', async () => {
    const secret = readFileSync(join(stack.dataDir, 'local-auth-secret'), 'utf8');
    const past = Math.floor(Date.now() / 1000) - 3600;
    const expired = await new SignJWT({ email: 'late@example.com' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('local-late')
      .setIssuer('ai-media-search/local')
      .setAudience('ai-media-search')
      .setIssuedAt(past - 60)
      .setExpirationTime(past)
      .sign(new TextEncoder().encode(secret));
    const response = await stack.http().get('/v1/me').set(bearer(expired)).expect(401);
    expect(response.body.code).toBe('TOKEN_EXPIRED');
  });

  it.each([
    ['malformed', 'abc.def'],
    ['signed by another key', 'FORGED'],
  ])('refuses a %s token as TOKEN_INVALID', async (_, token) => {
    const value =
      token === 'FORGED'
        ? await new SignJWT({ email: 'mallory@example.com' })
            .setProtectedHeader({ alg: 'HS256' })
            .setSubject('local-mallory')
            .setIssuer('ai-media-search/local')
            .setAudience('ai-media-search')
            .setExpirationTime('1h')
            .sign(new TextEncoder().encode('not-the-gateway-secret-but-long-enough!!'))
        : token;
    const response = await stack.http().get('/v1/me').set(bearer(value)).expect(401);
    expect(response.body.code).toBe('TOKEN_INVALID');
  });

  it('refuses a suspended account and a deleted account with clear codes', async () => {
    const suspended = await stack.signIn();
    const deleted = await stack.signIn();
    await stack.database.service(async (tx) => {
      await tx.user.update({ where: { id: suspended.userId }, data: { subscriptionStatus: 'suspended' } });
      await tx.user.update({ where: { id: deleted.userId }, data: { deletedAt: new Date() } });
    });
    const refusedSuspended = await stack.http().get('/v1/me').set(bearer(suspended.token)).expect(403);
    expect(refusedSuspended.body).toMatchObject({ code: 'ACCOUNT_SUSPENDED' });
    const refusedDeleted = await stack.http().get('/v1/me').set(bearer(deleted.token)).expect(403);
    expect(refusedDeleted.body).toMatchObject({ code: 'ACCOUNT_DELETED' });
  });

  it('refuses a dev-token request without a valid email', async () => {
    const response = await stack.http().post('/v1/auth/dev-token').send({ email: 'not-an-email' }).expect(400);
    expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'email' }] });
  });

  it('refuses malformed and oversized JSON bodies before any handler runs', async () => {
    const malformed = await stack
      .http()
      .post('/v1/auth/dev-token')
      .set('content-type', 'application/json')
      .send('{"email":');
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('INVALID_JSON');
    const huge = JSON.stringify({ email: 'a@example.com', padding: 'x'.repeat(2 * 1024 * 1024) });
    const oversized = await stack.http().post('/v1/auth/dev-token').set('content-type', 'application/json').send(huge);
    expect(oversized.status).toBe(413);
    expect(oversized.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(oversized.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers an unknown route with a 404 problem', async () => {
    const response = await stack.http().get('/v1/nothing-here').expect(404);
    expect(response.body).toMatchObject({ code: 'NOT_FOUND', status: 404 });
  });
});
