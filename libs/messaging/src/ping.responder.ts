import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { SYSTEM_PING_V1, pingRoutingKey, type ServiceName } from '@ams/contracts';
import { MessageBus } from './message-bus';

export const SERVICE_IDENTITY = Symbol('SERVICE_IDENTITY');

export interface ServiceIdentity {
  service: ServiceName;
  version: string;
  startedAt: string;
}

/** Every service answers `system.ping.v1` on its own routing key; GET /v1/status relies on it. */
@Injectable()
export class PingResponder implements OnApplicationBootstrap {
  constructor(
    private readonly bus: MessageBus,
    @Inject(SERVICE_IDENTITY) private readonly identity: ServiceIdentity,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const routingKey = pingRoutingKey(this.identity.service);
    await this.bus.respond(SYSTEM_PING_V1, { routingKey, queue: routingKey }, async () => ({
      service: this.identity.service,
      version: this.identity.version,
      startedAt: this.identity.startedAt,
    }));
  }
}
