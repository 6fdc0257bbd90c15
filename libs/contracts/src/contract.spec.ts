import { z } from 'zod';
import { ContractViolation, defineEvent, defineRpc, parseMessage } from './contract';
import { SYSTEM_PING_V1, pingRoutingKey } from './system';

describe('contracts', () => {
  it('requires versioned names', () => {
    expect(() => defineEvent('media.uploaded', z.object({}))).toThrow(/domain\.action\.v1/);
    expect(() => defineRpc('Media.Get.v1', z.object({}), z.object({}))).toThrow();
    expect(defineEvent('media.uploaded.v1', z.object({})).name).toBe('media.uploaded.v1');
  });

  it('accepts a valid message and returns the parsed value', () => {
    const request = parseMessage(SYSTEM_PING_V1.name, SYSTEM_PING_V1.request, { sentAt: '2026-01-01T00:00:00.000Z' });
    expect(request.sentAt).toBe('2026-01-01T00:00:00.000Z');
  });

  it('refuses a message that breaks its contract, naming the contract and the field', () => {
    expect.assertions(3);
    try {
      parseMessage(SYSTEM_PING_V1.name, SYSTEM_PING_V1.reply, {
        service: 'mailer',
        version: '1',
        startedAt: 'yesterday',
      });
    } catch (error) {
      expect(error).toBeInstanceOf(ContractViolation);
      expect((error as ContractViolation).message).toContain('system.ping.v1');
      expect((error as ContractViolation).issues.map((i) => i.split(':')[0])).toEqual(['service', 'startedAt']);
    }
  });

  it('gives each service its own ping routing key', () => {
    expect(pingRoutingKey('embedding-search')).toBe('system.ping.v1.embedding-search');
  });
});
