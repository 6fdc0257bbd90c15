import { Inject, Injectable, Logger } from '@nestjs/common';
import type Stripe from 'stripe';
import { DomainError, type PaidTier } from '@ams/contracts';
import { billingAccount, Database, storeStripeCustomer, type BillingAccount } from '@ams/db';
import { STRIPE_CLIENT, STRIPE_SETTINGS } from './stripe.client';
import { callStripe, NOT_CONFIGURED } from './stripe-call';
import type { StripeSettings } from './stripe.config';

/** A paid plan Stripe is still billing (past_due included): changes go through the portal, not a second subscription. */
function hasLiveSubscription(account: BillingAccount): boolean {
  return (
    account.stripeSubscriptionId !== null &&
    account.tier !== 'free' &&
    (account.status === 'active' || account.status === 'inactive')
  );
}

/** Starting a subscription (Stripe Checkout) and managing it (the Customer Portal). */
@Injectable()
export class CheckoutService {
  private readonly logger = new Logger(CheckoutService.name);

  constructor(
    private readonly database: Database,
    @Inject(STRIPE_CLIENT) private readonly stripe: Stripe | null,
    @Inject(STRIPE_SETTINGS) private readonly settings: StripeSettings,
  ) {}

  /** A Checkout Session for `tier`, for the user's one Stripe customer (created on first use). */
  async checkout(userId: string, tier: PaidTier): Promise<{ sessionId: string; url: string }> {
    const stripe = this.stripe;
    const price = this.settings.prices[tier];
    if (!stripe || !price) throw NOT_CONFIGURED();
    const account = await this.account(userId);
    if (hasLiveSubscription(account))
      throw new DomainError(
        'ALREADY_SUBSCRIBED',
        'You already have a subscription; change or cancel it in the billing portal.',
        { tier: account.tier },
      );
    const customer = account.stripeCustomerId ?? (await this.createCustomer(stripe, account));
    const metadata = { userId, tier };
    const session = await callStripe('checkout.sessions.create', () =>
      stripe.checkout.sessions.create({
        mode: 'subscription',
        customer,
        line_items: [{ price, quantity: 1 }],
        client_reference_id: userId,
        metadata,
        subscription_data: { metadata },
        success_url: `${this.settings.publicUrl}/billing/success?session_id={CHECKOUT_SESSION_ID}`,
        cancel_url: `${this.settings.publicUrl}/billing/cancelled`,
      }),
    );
    if (!session.url) throw new DomainError('BILLING_UNAVAILABLE', 'Checkout could not be started; try again.');
    this.logger.log({ userId, tier, sessionId: session.id }, 'checkout session created');
    return { sessionId: session.id, url: session.url };
  }

  /** A Customer Portal session for the user's Stripe customer. */
  async portal(userId: string): Promise<{ url: string }> {
    const stripe = this.stripe;
    if (!stripe) throw NOT_CONFIGURED();
    const account = await this.account(userId);
    if (!account.stripeCustomerId)
      throw new DomainError('NO_SUBSCRIPTION', 'You have no subscription to manage yet; choose a plan first.');
    const customer = account.stripeCustomerId;
    const session = await callStripe('billingPortal.sessions.create', () =>
      stripe.billingPortal.sessions.create({ customer, return_url: `${this.settings.publicUrl}/billing` }),
    );
    return { url: session.url };
  }

  private async account(userId: string): Promise<BillingAccount> {
    const account = await this.database.tenant(userId, (tx) => billingAccount(tx, userId));
    if (!account) throw new DomainError('NOT_FOUND', 'No such account.');
    return account;
  }

  /**
   * One customer per user, even when two checkouts race: Stripe answers the same idempotency key
   * with the same customer, and the conditional store keeps the first one stored either way.
   */
  private async createCustomer(stripe: Stripe, account: BillingAccount): Promise<string> {
    const created = await callStripe('customers.create', () =>
      stripe.customers.create(
        { email: account.email, metadata: { userId: account.id } },
        { idempotencyKey: `ams-customer-${account.id}` },
      ),
    );
    const stored = await this.database.tenant(account.id, (tx) => storeStripeCustomer(tx, account.id, created.id));
    if (!stored) throw new DomainError('NOT_FOUND', 'No such account.');
    if (stored !== created.id)
      this.logger.warn(
        { userId: account.id, kept: stored, unused: created.id },
        'a second stripe customer was left unused',
      );
    return stored;
  }
}
