import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { SERVICE_NAMES } from '@ams/contracts';
import { tsEntry, WORKSPACE_ROOT } from '@ams/devstack';
import { startSystem, type RunningSystem } from './running-system';

describe('the running system', () => {
  let system: RunningSystem;

  beforeAll(async () => {
    system = await startSystem();
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('GET /health/ready on the gateway reports database and rabbitmq up', async () => {
    const response = await fetch(`${system.gatewayUrl}/health/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      details: { database: { status: 'up' }, rabbitmq: { status: 'up' } },
    });
  });

  it('GET /v1/status shows all six services up, each with version and round-trip time', async () => {
    const response = await fetch(`${system.gatewayUrl}/v1/status`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      status: string;
      services: { service: string; status: string; version: string; roundTripMs: number }[];
    };
    expect(body.status).toBe('ok');
    expect(body.services.map((s) => s.service).sort()).toEqual([...SERVICE_NAMES].sort());
    for (const service of body.services) {
      expect(service).toMatchObject({ status: 'up', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
      expect(service.roundTripMs).toBeGreaterThan(0);
    }
  });

  it('carries the caller’s correlation id into the log lines of every service', async () => {
    const correlationId = `e2e-${randomUUID()}`;
    const response = await fetch(`${system.gatewayUrl}/v1/status`, { headers: { 'x-correlation-id': correlationId } });
    expect(response.headers.get('x-correlation-id')).toBe(correlationId);
    await new Promise((resolve) => setTimeout(resolve, 300)); // let the log lines flush
    for (const service of SERVICE_NAMES) {
      const lines = system.output
        .get(service)!
        .split('\n')
        .filter((line) => line.includes(correlationId));
      expect(lines.length).toBeGreaterThan(0);
      expect(JSON.parse(lines[0]!)).toMatchObject({ service, correlationId });
    }
  });

  it('gives a request without a correlation id a fresh one and returns it', async () => {
    const response = await fetch(`${system.gatewayUrl}/v1/status`);
    expect(response.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('start-up with a bad configuration', () => {
  it('stops the service with a message naming the variable', async () => {
    const child = spawn(process.execPath, tsEntry('apps/billing/src/main.ts'), {
      cwd: WORKSPACE_ROOT,
      env: { ...process.env, DATABASE_URL: 'not-a-url', HEALTH_PORT: 'ninety' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('Invalid configuration');
    expect(stderr).toMatch(/DATABASE_URL is invalid/);
    expect(stderr).toMatch(/HEALTH_PORT is invalid/);
    expect(stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
  });
});
