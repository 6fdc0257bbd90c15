import { Injectable } from '@nestjs/common';
import { SERVICE_NAMES, SYSTEM_PING_V1, pingRoutingKey, type ServiceName } from '@ams/contracts';
import { MessageBus } from '@ams/messaging';

export type ServiceStatus =
  | { service: ServiceName; status: 'up'; version: string; startedAt: string; roundTripMs: number }
  | { service: ServiceName; status: 'unreachable'; error: string; roundTripMs: number };

export interface SystemStatus {
  status: 'ok' | 'degraded';
  services: ServiceStatus[];
}

/** Pings every service over RabbitMQ in parallel and reports each round trip. */
@Injectable()
export class StatusService {
  constructor(private readonly bus: MessageBus) {}

  async systemStatus(): Promise<SystemStatus> {
    const services = await Promise.all(SERVICE_NAMES.map((service) => this.ping(service)));
    return { status: services.every((s) => s.status === 'up') ? 'ok' : 'degraded', services };
  }

  private async ping(service: ServiceName): Promise<ServiceStatus> {
    const started = performance.now();
    const elapsed = () => Math.round((performance.now() - started) * 10) / 10;
    try {
      const reply = await this.bus.request(
        SYSTEM_PING_V1,
        { sentAt: new Date().toISOString() },
        pingRoutingKey(service),
      );
      return { service, status: 'up', version: reply.version, startedAt: reply.startedAt, roundTripMs: elapsed() };
    } catch (error) {
      return { service, status: 'unreachable', error: (error as Error).message, roundTripMs: elapsed() };
    }
  }
}
