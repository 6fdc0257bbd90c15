import { pingRoutingKey, SERVICE_NAMES } from '@ams/contracts';
import type { MessageBus } from '@ams/messaging';
import { StatusService } from './status.service';

function busAnswering(unreachable: string[]): MessageBus {
  return {
    request: jest.fn(async (_contract: unknown, _payload: unknown, routingKey: string) => {
      const service = SERVICE_NAMES.find((name) => pingRoutingKey(name) === routingKey)!;
      if (unreachable.includes(service)) throw new Error('Failed to receive response within timeout');
      return { service, version: '1.2.3', startedAt: '2026-01-01T00:00:00.000Z' };
    }),
  } as unknown as MessageBus;
}

describe('StatusService', () => {
  it('reports every service up with its version and round-trip time', async () => {
    const status = await new StatusService(busAnswering([])).systemStatus();
    expect(status.status).toBe('ok');
    expect(status.services.map((s) => s.service)).toEqual([...SERVICE_NAMES]);
    for (const service of status.services) {
      expect(service).toMatchObject({ status: 'up', version: '1.2.3' });
      expect(service.roundTripMs).toBeGreaterThanOrEqual(0);
    }
  });

  it('is degraded and names the service that did not answer', async () => {
    const status = await new StatusService(busAnswering(['billing'])).systemStatus();
    expect(status.status).toBe('degraded');
    expect(status.services.find((s) => s.service === 'billing')).toMatchObject({
      status: 'unreachable',
      error: expect.stringContaining('timeout'),
    });
    expect(status.services.filter((s) => s.status === 'up')).toHaveLength(5);
  });
});
