import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { BillingController } from './billing.controller';
import { StripeWebhookController } from './stripe-webhook.controller';

@Module({ imports: [AuthModule], controllers: [BillingController, StripeWebhookController] })
export class BillingModule {}
