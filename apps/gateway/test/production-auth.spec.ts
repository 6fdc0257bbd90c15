import { SignJWT } from 'jose';
import { startGatewayStack, type GatewayStack } from './gateway-stack';

// A file of its own: the app module (and so which routes exist) is loaded once per test file.
describe('the gateway in production', () => {
  let stack: GatewayStack;

  beforeAll(async () => {
    stack = await startGatewayStack({ NODE_ENV: 'production', FIREBASE_PROJECT_ID: 'ams-demo' });
  });

  afterAll(async () => {
    await stack.close();
  });

  it('has no dev-token route and verifies Firebase tokens instead of local ones', async () => {
    const devToken = await stack.http().post('/v1/auth/dev-token').send({ email: 'a@example.com' });
    expect(devToken.status).toBe(404);
    const local = await new SignJWT({ email: 'a@example.com' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('local-a')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('whatever-secret-that-is-long-enough-0000'));
    const refused = await stack.http().get('/v1/me').set('authorization', `Bearer ${local}`).expect(401);
    expect(refused.body.code).toBe('TOKEN_INVALID');
  });
});
