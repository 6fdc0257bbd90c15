import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { BILLING_CONSUME_SEARCH_V1 } from '@ams/contracts';
import { MessageBus } from '@ams/messaging';
import { SearchQuotaService } from './search-quota.service';

/** The gateway asks before every search whether the caller's plan allows it (and counts it). */
@Injectable()
export class SearchQuotaHandler implements OnApplicationBootstrap {
  constructor(
    private readonly bus: MessageBus,
    private readonly quota: SearchQuotaService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.bus.respond(BILLING_CONSUME_SEARCH_V1, { queue: 'billing.consume-search' }, ({ userId }) =>
      this.quota.consume(userId),
    );
  }
}
