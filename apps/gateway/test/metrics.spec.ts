import { randomUUID } from 'node:crypto';
import { startGatewayStack, type GatewayStack } from './gateway-stack';

describe('GET /metrics on the gateway', () => {
  let stack: GatewayStack;

  beforeAll(async () => {
    stack = await startGatewayStack({
      RATE_LIMITS: 'on',
      // Counters of this run only: Redis is shared with other suites.
      RATE_LIMIT_KEY_PREFIX: `ams:test:${randomUUID()}:rate-limit`,
    });
  });

  afterAll(async () => {
    await stack.close();
  });

  it('answers without a token, with request latency by route pattern (refusals included)', async () => {
    await stack.http().get(`/v1/media/${randomUUID()}`).expect(401);

    const response = await stack.http().get('/metrics').expect(200);
    expect(response.headers['content-type']).toContain('text/plain');
    expect(response.text).toMatch(
      /^ams_http_request_duration_seconds_count\{service="gateway",method="GET",route="\/v1\/media\/:id",status_code="401"\} \d+$/m,
    );
    expect(response.text).toMatch(/^ams_process_resident_memory_bytes\{service="gateway"\} \d+$/m);
  });

  it('is never rate-limited: scrapes beyond the free tier’s hourly limit from one address all answer', async () => {
    const [free] = await stack.database.service((tx) => tx.usageLimit.findMany({ where: { tierName: 'free' } }));
    const address = `198.51.100.${Math.floor(Math.random() * 250) + 1}`;
    for (let scrape = 0; scrape <= free!.apiRateLimit; scrape++) {
      const response = await stack.gateway.inject({ method: 'GET', url: '/metrics', remoteAddress: address });
      expect(response.statusCode).toBe(200);
      expect(response.headers).not.toHaveProperty('ratelimit-remaining');
    }
  });

  it('is left out of the OpenAPI document', async () => {
    const { body } = await stack.http().get('/docs-json').expect(200);
    expect(Object.keys(body.paths)).not.toContain('/metrics');
  });
});
