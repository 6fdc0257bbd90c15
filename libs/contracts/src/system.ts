import { z } from 'zod';
import { defineRpc } from './contract';
import { SERVICE_NAMES, type ServiceName } from './services';

/** Round trip that proves a service is reachable over the broker (used by GET /v1/status). */
export const SYSTEM_PING_V1 = defineRpc(
  'system.ping.v1',
  z.object({ sentAt: z.iso.datetime() }),
  z.object({
    service: z.enum(SERVICE_NAMES),
    version: z.string(),
    startedAt: z.iso.datetime(),
  }),
);

/** Each service answers pings on its own routing key so the gateway can address them one by one. */
export function pingRoutingKey(service: ServiceName): string {
  return `${SYSTEM_PING_V1.name}.${service}`;
}
