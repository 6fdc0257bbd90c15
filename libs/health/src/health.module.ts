import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { DatabaseIndicator, RabbitMqIndicator } from './readiness.indicators';

/** GET /health/live and GET /health/ready, reporting `database` and `rabbitmq` by name. */
@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController],
  providers: [DatabaseIndicator, RabbitMqIndicator],
})
export class HealthModule {}
