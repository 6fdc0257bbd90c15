import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { BILLING_USAGE_V1 } from '@ams/contracts';
import { MessageBus } from '@ams/messaging';
import { UsageSummaryService } from './usage-summary.service';

@Injectable()
export class UsageSummaryHandler implements OnApplicationBootstrap {
  constructor(
    private readonly bus: MessageBus,
    private readonly usage: UsageSummaryService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.bus.respond(BILLING_USAGE_V1, { queue: 'billing.usage' }, ({ userId }) => this.usage.summary(userId));
  }
}
