import { Controller, Get } from '@nestjs/common';
import { StatusService, type SystemStatus } from './status.service';

@Controller('v1/status')
export class StatusController {
  constructor(private readonly status: StatusService) {}

  /** Each service's name, version and broker round-trip time. */
  @Get()
  get(): Promise<SystemStatus> {
    return this.status.systemStatus();
  }
}
