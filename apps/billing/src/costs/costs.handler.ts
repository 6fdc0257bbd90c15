import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { COST_INCURRED_V1 } from '@ams/contracts';
import { MessageBus } from '@ams/messaging';
import { CostRecorder } from './cost-recorder.service';

/** Every service's paid provider calls arrive here as `cost.incurred.v1`. */
@Injectable()
export class CostsHandler implements OnApplicationBootstrap {
  constructor(
    private readonly bus: MessageBus,
    private readonly recorder: CostRecorder,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.bus.subscribe(COST_INCURRED_V1, { queue: 'billing.cost-incurred' }, async (cost, { eventId }) => {
      await this.recorder.record(cost, eventId);
    });
  }
}
