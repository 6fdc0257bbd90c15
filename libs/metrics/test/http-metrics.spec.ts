import { Controller, Get, Module, NotFoundException, Param } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { bootNestApp } from '@ams/testing';
import { MetricsModule } from '../src';

@Controller('things')
class ThingsController {
  @Get(':id')
  thing(@Param('id') id: string) {
    if (id === 'missing') throw new NotFoundException();
    return { id };
  }
}

@Module({ imports: [MetricsModule.forRoot({ service: 'test-service' })], controllers: [ThingsController] })
class TestApp {}

/** The sample lines of one metric in an exposition text. */
function samples(text: string, name: string): string[] {
  return text.split('\n').filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `));
}

describe('GET /metrics', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await bootNestApp(TestApp, new FastifyAdapter());
  });

  afterAll(async () => {
    await app.close();
  });

  const scrape = async () => {
    const response = await app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain');
    return response.body;
  };

  it('serves process metrics, prefixed and labelled with the service', async () => {
    const text = await scrape();
    expect(samples(text, 'ams_process_cpu_user_seconds_total')).toEqual([
      expect.stringMatching(/^ams_process_cpu_user_seconds_total\{service="test-service"\} [\d.e-]+$/),
    ]);
    expect(text).toContain('# TYPE ams_nodejs_eventloop_lag_seconds gauge');
  });

  it('times requests by route pattern and status, never by the raw URL', async () => {
    const id = '4f1c2a9e-0000-4000-8000-00000000abcd';
    for (const url of [`/things/${id}?q=secret`, '/things/other', '/things/missing', `/nowhere/${id}`]) {
      await app.inject({ method: 'GET', url });
    }

    const counts = samples(await scrape(), 'ams_http_request_duration_seconds_count');
    const count = (route: string, status: number) =>
      counts.find((line) => line.includes(`route="${route}"`) && line.includes(`status_code="${status}"`));
    expect(count('/things/:id', 200)).toBe(
      'ams_http_request_duration_seconds_count{service="test-service",method="GET",route="/things/:id",status_code="200"} 2',
    );
    expect(count('/things/:id', 404)).toMatch(/ 1$/);
    expect(count('unmatched', 404)).toMatch(/ 1$/);
    // Neither the id nor the query string ever becomes a label value.
    expect(counts.join('\n')).not.toMatch(/4f1c2a9e|secret|\/things\/other/);
  });

  it('counts its own scrapes too, under the /metrics route', async () => {
    await scrape();
    const counts = samples(await scrape(), 'ams_http_request_duration_seconds_count');
    expect(counts.some((line) => line.includes('route="/metrics"'))).toBe(true);
  });
});
