import { Controller, Get, Module } from '@nestjs/common';
import { baseEnvSchema } from '@ams/config';
import { currentCorrelationId } from '@ams/logging';
import { bootNestApp } from '@ams/testing';
import { fastifyAdapter, ServiceCoreModule } from '../src';

@Controller('probe')
class ProbeController {
  @Get()
  probe() {
    return { correlationId: currentCorrelationId() };
  }
}

@Module({
  imports: [ServiceCoreModule.forRoot({ service: 'media', version: '0.0.0-test', envSchema: baseEnvSchema })],
  controllers: [ProbeController],
})
class ProbeApp {}

describe('ServiceCoreModule over HTTP', () => {
  let app: Awaited<ReturnType<typeof bootNestApp>>;
  beforeAll(async () => {
    app = await bootNestApp(ProbeApp, fastifyAdapter());
  });
  afterAll(() => app.close());

  it('makes the caller’s correlation id current inside the handler and echoes it back', async () => {
    const response = await app.inject({ method: 'GET', url: '/probe', headers: { 'x-correlation-id': 'abc-123' } });
    expect(response.json()).toEqual({ correlationId: 'abc-123' });
    expect(response.headers['x-correlation-id']).toBe('abc-123');
  });

  it('starts a fresh correlation id when the caller sends none or a hostile one', async () => {
    for (const headers of [{}, { 'x-correlation-id': 'evil\u0000value with spaces' }]) {
      const response = await app.inject({ method: 'GET', url: '/probe', headers });
      const { correlationId } = response.json() as { correlationId: string };
      expect(correlationId).toMatch(/^[0-9a-f-]{36}$/);
      expect(response.headers['x-correlation-id']).toBe(correlationId);
    }
  });
});
