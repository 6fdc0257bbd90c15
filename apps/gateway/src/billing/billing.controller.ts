import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { BILLING_CHECKOUT_V1, BILLING_PORTAL_V1 } from '@ams/contracts';
import { MessageBus } from '@ams/messaging';
import { AuthGuard } from '../auth/auth.guard';
import { CurrentUser } from '../auth/current-user.decorator';
import type { SignedInUser } from '../users/signed-in-user';
import { CheckoutBody, CheckoutSessionDto, PortalSessionDto } from './dto/billing.dto';

const UNAVAILABLE = 'BILLING_UNAVAILABLE: billing is not configured, or Stripe cannot be reached (try again later)';

/** Paid plans: subscribing through Stripe Checkout, managing the subscription in Stripe's portal. */
@ApiTags('billing')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Controller('v1/billing')
export class BillingController {
  constructor(private readonly bus: MessageBus) {}

  @Post('checkout')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Subscribe to a paid plan: a Stripe Checkout page to send the user to (`url`)',
    description: 'The plan changes once Stripe confirms the payment (webhook), not when this answers.',
  })
  @ApiCreatedResponse({ type: CheckoutSessionDto })
  @ApiConflictResponse({ description: 'ALREADY_SUBSCRIBED: change or cancel the plan in the portal instead' })
  @ApiServiceUnavailableResponse({ description: UNAVAILABLE })
  checkout(@CurrentUser() user: SignedInUser, @Body() body: CheckoutBody): Promise<CheckoutSessionDto> {
    return this.bus.request(BILLING_CHECKOUT_V1, { userId: user.id, tier: body.tier });
  }

  @Post('portal')
  @HttpCode(200)
  @ApiOperation({ summary: 'Manage your subscription (plan, payment method, invoices, cancel) in Stripe’s portal' })
  @ApiOkResponse({ type: PortalSessionDto })
  @ApiConflictResponse({ description: 'NO_SUBSCRIPTION: subscribe first' })
  @ApiServiceUnavailableResponse({ description: UNAVAILABLE })
  portal(@CurrentUser() user: SignedInUser): Promise<PortalSessionDto> {
    return this.bus.request(BILLING_PORTAL_V1, { userId: user.id });
  }
}
