import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { BILLING_CHECKOUT_V1, BILLING_PORTAL_V1 } from '@ams/contracts';
import { MessageBus } from '@ams/messaging';
import { CheckoutService } from './checkout.service';

/** The gateway's POST /v1/billing/checkout and /portal. */
@Injectable()
export class CheckoutHandler implements OnApplicationBootstrap {
  constructor(
    private readonly bus: MessageBus,
    private readonly checkout: CheckoutService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.bus.respond(BILLING_CHECKOUT_V1, { queue: 'billing.checkout' }, ({ userId, tier }) =>
      this.checkout.checkout(userId, tier),
    );
    await this.bus.respond(BILLING_PORTAL_V1, { queue: 'billing.portal' }, ({ userId }) =>
      this.checkout.portal(userId),
    );
  }
}
