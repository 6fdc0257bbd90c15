import { startGatewayStack, type GatewayStack } from './gateway-stack';

// A file of its own: the app module reads NODE_ENV once per test file (see security-hardening.spec.ts).
describe('gateway security hardening in production', () => {
  let stack: GatewayStack;

  beforeAll(async () => {
    stack = await startGatewayStack({ NODE_ENV: 'production', FIREBASE_PROJECT_ID: 'ams-demo' });
  });

  afterAll(async () => {
    await stack.close();
  });

  it('sends HSTS and upgrades insecure requests, on errors too', async () => {
    const response = await stack.http().get('/v1/me').expect(401);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(response.headers['content-security-policy']).toContain('upgrade-insecure-requests');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  it('allows no cross-origin caller when CORS_ORIGINS is unset', async () => {
    const preflight = await stack
      .http()
      .options('/v1/me')
      .set('origin', 'https://app.example.com')
      .set('access-control-request-method', 'GET');
    expect(preflight.headers).not.toHaveProperty('access-control-allow-origin');
    const simple = await stack.http().get('/health/live').set('origin', 'https://app.example.com').expect(200);
    expect(simple.headers).not.toHaveProperty('access-control-allow-origin');
  });
});
