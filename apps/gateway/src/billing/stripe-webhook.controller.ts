import { Controller, Headers, HttpCode, Ip, Post, Req, type RawBodyRequest } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { BILLING_STRIPE_WEBHOOK_V1 } from '@ams/contracts';
import { MessageBus } from '@ams/messaging';
import { SkipRateLimit } from '../rate-limit/rate-limit.decorators';
import { WebhookReceiptDto } from './dto/billing.dto';

/** Where keepRawBody (gateway-setup) keeps the exact bytes. */
export const STRIPE_WEBHOOK_ROUTE = { method: 'POST', url: '/v1/billing/webhook' };

/**
 * Stripe's deliveries. No sign-in: the signature over the raw body is the authentication, and
 * billing checks it. Never rate-limited: Stripe retries whatever is refused.
 */
@ApiTags('billing')
@Controller('v1/billing/webhook')
export class StripeWebhookController {
  constructor(private readonly bus: MessageBus) {}

  @Post()
  @HttpCode(200)
  @SkipRateLimit()
  @ApiOperation({ summary: 'Stripe webhook endpoint (for Stripe only): subscription and invoice events' })
  @ApiOkResponse({ type: WebhookReceiptDto })
  @ApiBadRequestResponse({ description: 'INVALID_WEBHOOK: the Stripe-Signature does not verify' })
  async receive(
    @Req() request: RawBodyRequest<FastifyRequest>,
    @Headers('stripe-signature') signature: string | undefined,
    @Headers('user-agent') userAgent: string | undefined,
    @Ip() ipAddress: string | undefined,
  ): Promise<WebhookReceiptDto> {
    const receipt = await this.bus.request(BILLING_STRIPE_WEBHOOK_V1, {
      rawBody: request.rawBody?.toString('utf8') ?? '',
      signature: signature ?? null,
      ipAddress: ipAddress ?? null,
      userAgent: userAgent ?? null,
      // The correlation id (x-correlation-id, or one made for this request).
      requestId: String(request.id),
    });
    return { received: true, ...receipt };
  }
}
