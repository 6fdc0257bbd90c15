import { Module } from '@nestjs/common';
import { OutboxModule } from '@ams/messaging';
import { CheckoutHandler } from './checkout.handler';
import { CheckoutService } from './checkout.service';
import { SubscriptionPeriodEndTask } from './period-end.task';
import { stripeProviders } from './stripe.client';
import { StripeWebhookHandler } from './stripe-webhook.handler';
import { StripeWebhookService } from './stripe-webhook.service';
import { SubscriptionEvents } from './subscription-events';
import { SubscriptionSync } from './subscription-sync';

/** Paid plans through Stripe: Checkout, the Customer Portal, webhooks, and the end of a paid period. */
@Module({
  imports: [OutboxModule],
  providers: [
    ...stripeProviders,
    CheckoutService,
    CheckoutHandler,
    StripeWebhookService,
    StripeWebhookHandler,
    SubscriptionSync,
    SubscriptionEvents,
    SubscriptionPeriodEndTask,
  ],
  exports: [CheckoutService, StripeWebhookService, SubscriptionPeriodEndTask],
})
export class StripeModule {}
