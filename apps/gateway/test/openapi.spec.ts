import { startGatewayStack, type GatewayStack } from './gateway-stack';

describe('API documentation', () => {
  let stack: GatewayStack;

  beforeAll(async () => {
    stack = await startGatewayStack();
  });

  afterAll(async () => {
    await stack.close();
  });

  it('serves an OpenAPI document describing every /v1 route with bearer auth', async () => {
    const { body } = await stack.http().get('/docs-json').expect(200);
    expect(body.openapi).toMatch(/^3\./);
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining([
        '/v1/me',
        '/v1/auth/dev-token',
        '/v1/media',
        '/v1/media/{id}',
        '/v1/media/{id}/content',
        '/v1/media/{id}/thumbnail',
        '/v1/media/{id}/jobs',
        '/v1/media/uploads',
        '/v1/media/uploads/{id}/complete',
        '/v1/media/{id}/similar',
        '/v1/search',
        '/v1/search/history',
        '/v1/search/{searchId}/click',
        '/v1/analytics/search',
        '/v1/admin/reindex',
        '/v1/admin/reindex/{runId}',
      ]),
    );
    expect(body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(body.paths['/v1/media'].post.requestBody.content).toHaveProperty(['multipart/form-data']);
    const searchParameters = body.paths['/v1/search'].get.parameters.map((p: { name: string }) => p.name);
    expect(searchParameters).toEqual(expect.arrayContaining(['q', 'mode', 'tags', 'limit', 'cursor', 'sessionId']));
    expect(body.paths['/v1/admin/reindex'].post.responses).toHaveProperty(['202']);
  });

  it('serves the interactive docs at /docs', async () => {
    const response = await stack.http().get('/docs').redirects(1);
    expect(response.status).toBe(200);
    expect(response.text).toContain('swagger');
  });
});
