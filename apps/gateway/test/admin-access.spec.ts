import { startGatewayStack, type GatewayStack } from './gateway-stack';

// A file of its own: ADMIN_EMAILS is read when the app module is first loaded.
describe('administrator routes through the real sign-in', () => {
  let stack: GatewayStack;

  beforeAll(async () => {
    stack = await startGatewayStack({ ADMIN_EMAILS: 'Boss@Example.com', RPC_TIMEOUT_MS: '300' });
  });

  afterAll(async () => {
    await stack.close();
  });

  it('refuses a signed-in user not listed in ADMIN_EMAILS with 403 FORBIDDEN', async () => {
    const user = await stack.signIn();
    for (const request of [
      stack.http().post('/v1/admin/reindex'),
      stack.http().get('/v1/admin/reindex'),
      stack.http().get('/v1/admin/reindex/9f8e7d6c-5b4a-4321-9fed-cba987654321'),
    ]) {
      const response = await request.set('authorization', `Bearer ${user.token}`);
      expect(response.status).toBe(403);
      expect(response.body).toMatchObject({ code: 'FORBIDDEN', detail: 'Administrators only.' });
    }
  });

  it('refuses an anonymous caller with 401 before anything else', async () => {
    const response = await stack.http().post('/v1/admin/reindex');
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('UNAUTHENTICATED');
  });

  it('lets a listed administrator past the guard to the search service', async () => {
    const admin = await stack.signIn('boss@example.com');
    const response = await stack.http().get('/v1/admin/reindex').set('authorization', `Bearer ${admin.token}`);
    // No embedding-search service runs beside this gateway: 503 (no answer) is as far as it gets here.
    expect([200, 404, 503]).toContain(response.status);
  });
});
