import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { DatabaseIndicator, RabbitMqIndicator } from './readiness.indicators';

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: DatabaseIndicator,
    private readonly rabbitmq: RabbitMqIndicator,
  ) {}

  /** The process is up and its event loop answers; nothing external is checked. */
  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  /** Ready for work: the database and the broker both answer (503 otherwise, naming which). */
  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([() => this.database.check(), () => this.rabbitmq.check()]);
  }
}
