import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { PeriodicTask } from '@ams/runtime';
import { JobsService } from './jobs.service';

/** Sends due retries back to the queue and takes over jobs whose worker died. */
@Injectable()
export class JobSweeper extends PeriodicTask {
  protected readonly name = 'analysis job sweep';
  protected readonly intervalMs: number;

  constructor(
    private readonly jobs: JobsService,
    config: ConfigService,
  ) {
    super();
    this.intervalMs = config.getOrThrow<number>('JOB_SWEEP_INTERVAL_MS');
  }

  protected runOnce(): Promise<Record<string, unknown>> {
    return this.jobs.sweep();
  }
}
