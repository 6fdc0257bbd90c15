import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { BILLING_CHECKOUT_V1, BILLING_PORTAL_V1, BILLING_STRIPE_WEBHOOK_V1, paidTierSchema } from '@ams/contracts';

/** Strict: a misspelt field is refused by name rather than ignored. */
export class CheckoutBody extends createZodDto(
  z.object({ tier: paidTierSchema.describe('The plan to subscribe to') }).strict(),
) {}

export class CheckoutSessionDto extends createZodDto(BILLING_CHECKOUT_V1.reply) {}
export class PortalSessionDto extends createZodDto(BILLING_PORTAL_V1.reply) {}
export class WebhookReceiptDto extends createZodDto(
  BILLING_STRIPE_WEBHOOK_V1.reply.extend({ received: z.literal(true) }),
) {}
