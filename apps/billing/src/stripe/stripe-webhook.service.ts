import { Inject, Injectable, Logger } from '@nestjs/common';
import Stripe from 'stripe';
import { AuditTrail } from '@ams/audit-trail';
import { BILLING_STRIPE_WEBHOOK_V1, DomainError, type ReplyOf, type RequestOf } from '@ams/contracts';
import { Database, isStripeEventRecorded } from '@ams/db';
import { STRIPE_CLIENT, STRIPE_SETTINGS } from './stripe.client';
import { callStripe, NOT_CONFIGURED } from './stripe-call';
import type { StripeSettings } from './stripe.config';
import { SubscriptionSync, type StripeEventFacts } from './subscription-sync';
import { checkoutUserId, idOf, invoiceFacts, subscriptionFacts } from './subscription-state';

type Delivery = RequestOf<typeof BILLING_STRIPE_WEBHOOK_V1>;
type Receipt = ReplyOf<typeof BILLING_STRIPE_WEBHOOK_V1>;

/** The event types billing acts on; any other verified event is recorded as `ignored`. */
const HANDLED = new Set([
  'checkout.session.completed',
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.subscription.deleted',
  'invoice.paid',
  'invoice.payment_failed',
]);

/** Stripe webhook deliveries: verified, then applied once, in order of Stripe's clock. */
@Injectable()
export class StripeWebhookService {
  private readonly logger = new Logger(StripeWebhookService.name);

  constructor(
    private readonly database: Database,
    private readonly audit: AuditTrail,
    private readonly sync: SubscriptionSync,
    @Inject(STRIPE_CLIENT) private readonly stripe: Stripe | null,
    @Inject(STRIPE_SETTINGS) private readonly settings: StripeSettings,
  ) {}

  async receive(delivery: Delivery): Promise<Receipt> {
    const secret = this.settings.webhookSecret;
    if (!secret) throw NOT_CONFIGURED();
    const event = await this.verify(delivery, secret);
    const receipt = (outcome: Receipt['outcome']): Receipt => ({ eventId: event.id, type: event.type, outcome });
    if (!HANDLED.has(event.type)) return receipt(await this.sync.record(event, null));
    // What Stripe must still tell us is asked before the (short) transaction, never inside it.
    if (event.type === 'checkout.session.completed' && (await this.seenBefore(event.id))) return receipt('duplicate');
    const facts = await this.factsOf(event);
    const outcome = await this.sync.record(event, facts);
    this.logger.log({ stripeEventId: event.id, type: event.type, outcome }, 'stripe event received');
    return receipt(outcome);
  }

  /** The event, if the signature over the raw body holds; otherwise an audit record and INVALID_WEBHOOK. */
  private async verify(delivery: Delivery, secret: string): Promise<Stripe.Event> {
    if (!delivery.signature) return this.refuse(delivery, 'missing_signature');
    try {
      return Stripe.webhooks.constructEvent(delivery.rawBody, delivery.signature, secret);
    } catch (error) {
      const reason =
        error instanceof Stripe.errors.StripeSignatureVerificationError ? 'signature_mismatch' : 'unreadable_payload';
      return this.refuse(delivery, reason);
    }
  }

  private async refuse(delivery: Delivery, reason: string): Promise<never> {
    // Who sent it, never what: the payload and the signature stay out of the trail.
    // The request context (the sender's IP and user agent, the request id) comes with the RPC.
    await this.database.service((tx) =>
      this.audit.recordIn(tx, 'billing.webhook_signature_failed', {
        userId: null,
        actorIdentifier: 'stripe-webhook',
        description: 'A Stripe webhook delivery was refused: its signature did not verify.',
        metadata: { reason },
      }),
    );
    this.logger.warn(
      { reason, ipAddress: delivery.ipAddress, requestId: delivery.requestId },
      'stripe webhook refused',
    );
    throw new DomainError('INVALID_WEBHOOK', 'The webhook signature could not be verified.');
  }

  private seenBefore(eventId: string): Promise<boolean> {
    return this.database.service((tx) => isStripeEventRecorded(tx, eventId));
  }

  /** What the event says about a subscription; null when it concerns none (e.g. a one-off payment). */
  private async factsOf(event: Stripe.Event): Promise<StripeEventFacts | null> {
    const prices = this.settings.prices;
    switch (event.type) {
      case 'checkout.session.completed': {
        const session = event.data.object;
        const subscription = session.mode === 'subscription' ? await this.subscriptionOf(session) : null;
        if (!subscription) return null;
        const facts = subscriptionFacts(subscription, prices);
        // Checkout is where a user gets a (new) subscription: it replaces whatever is stored.
        return { ...facts, userIdHint: checkoutUserId(session) ?? facts.userIdHint, replacesSubscription: true };
      }
      case 'customer.subscription.created':
      case 'customer.subscription.updated':
      case 'customer.subscription.deleted':
        return { ...subscriptionFacts(event.data.object, prices), replacesSubscription: false };
      case 'invoice.paid':
      case 'invoice.payment_failed': {
        const facts = invoiceFacts(
          event.data.object,
          event.type === 'invoice.paid' ? 'paid' : 'payment_failed',
          prices,
        );
        return facts && { ...facts, replacesSubscription: false };
      }
      default:
        return null;
    }
  }

  /** The session's subscription as it is now (the event carries only its id). */
  private async subscriptionOf(session: Stripe.Checkout.Session): Promise<Stripe.Subscription | null> {
    if (session.subscription && typeof session.subscription !== 'string') return session.subscription;
    const id = idOf(session.subscription);
    if (!id) return null;
    const stripe = this.stripe;
    if (!stripe) throw NOT_CONFIGURED();
    return callStripe('subscriptions.retrieve', () => stripe.subscriptions.retrieve(id));
  }
}
