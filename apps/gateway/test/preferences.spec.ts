import { startGatewayStack, type GatewayStack } from './gateway-stack';

describe('the privacy preferences of the signed-in user', () => {
  let stack: GatewayStack;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    stack = await startGatewayStack();
  });

  afterAll(async () => {
    await stack.close();
  });

  it('keeps search queries by default, and round-trips a change through GET /v1/me', async () => {
    const { token, userId } = await stack.signIn();
    const before = await stack.http().get('/v1/me').set(bearer(token)).expect(200);
    expect(before.body.preferences).toEqual({ storeSearchQueries: true });

    const off = await stack
      .http()
      .patch('/v1/me/preferences')
      .set(bearer(token))
      .send({ storeSearchQueries: false })
      .expect(200);
    expect(off.body).toEqual({ storeSearchQueries: false });
    const after = await stack.http().get('/v1/me').set(bearer(token)).expect(200);
    expect(after.body.preferences).toEqual({ storeSearchQueries: false });
    const stored = await stack.database.service(
      (tx) =>
        tx.$queryRaw<
          { store_search_queries: boolean }[]
        >`SELECT store_search_queries FROM users WHERE id = ${userId}::uuid`,
    );
    expect(stored[0]!.store_search_queries).toBe(false);

    await stack.http().patch('/v1/me/preferences').set(bearer(token)).send({ storeSearchQueries: true }).expect(200);
    expect((await stack.http().get('/v1/me').set(bearer(token)).expect(200)).body.preferences).toEqual({
      storeSearchQueries: true,
    });
  });

  it('refuses unknown fields, a wrong type and an empty body, and changes nothing', async () => {
    const { token } = await stack.signIn();
    for (const body of [{ storeSearchQueries: false, keepForever: true }, { storeSearchQueries: 'no' }, {}]) {
      const refused = await stack.http().patch('/v1/me/preferences').set(bearer(token)).send(body).expect(400);
      expect(refused.body.code).toBe('VALIDATION_FAILED');
    }
    expect((await stack.http().get('/v1/me').set(bearer(token)).expect(200)).body.preferences).toEqual({
      storeSearchQueries: true,
    });
  });

  it('asks for a signed-in user', async () => {
    await stack.http().patch('/v1/me/preferences').send({ storeSearchQueries: false }).expect(401);
  });

  it('documents the route in the OpenAPI description', async () => {
    const { body } = await stack.http().get('/docs-json').expect(200);
    expect(body.paths['/v1/me/preferences']?.patch).toBeDefined();
  });
});
