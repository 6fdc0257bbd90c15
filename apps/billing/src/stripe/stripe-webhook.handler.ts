import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { BILLING_STRIPE_WEBHOOK_V1 } from '@ams/contracts';
import { MessageBus } from '@ams/messaging';
import { StripeWebhookService } from './stripe-webhook.service';

/** Stripe's webhook deliveries, as the gateway's POST /v1/billing/webhook received them. */
@Injectable()
export class StripeWebhookHandler implements OnApplicationBootstrap {
  constructor(
    private readonly bus: MessageBus,
    private readonly webhooks: StripeWebhookService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.bus.respond(BILLING_STRIPE_WEBHOOK_V1, { queue: 'billing.stripe-webhook' }, (delivery) =>
      this.webhooks.receive(delivery),
    );
  }
}
