import { outboxOf, PRICE_PREMIUM, PRICE_ULTIMATE, userRow } from './stripe-billing-app';
import {
  checkoutCompletedSession,
  invoiceObject,
  stripeEvent,
  stripeId,
  subscriptionObject,
  unix,
} from './stripe-fixtures';
import { at, DAY, startWebhookBench, type WebhookBench } from './stripe-webhook-kit';

describe('Stripe webhook deliveries in the billing service: signatures, redeliveries, order', () => {
  let bench: WebhookBench;
  let stripe: WebhookBench['stripe'];
  let billing: WebhookBench['billing'];
  let deliver: WebhookBench['deliver'];
  let subscriber: WebhookBench['subscriber'];
  let ledgerOf: WebhookBench['ledgerOf'];

  beforeAll(async () => {
    bench = await startWebhookBench();
    ({ stripe, billing, deliver, subscriber, ledgerOf } = bench);
  });

  afterAll(async () => {
    await bench?.close();
  });

  describe('signatures', () => {
    it.each([
      ['signed with another secret', { secret: 'whsec_someone_else_entirely_000000000000' }],
      ['whose body was changed after signing', { tamper: (body: string) => body.replace('"canceled"', '"active"') }],
      ['without a signature', { signature: null }],
      ['with a signature header that is not Stripe’s format', { signature: 'sha256=deadbeef' }],
    ])('refuses a delivery %s with INVALID_WEBHOOK and leaves a high-risk audit record', async (_, options) => {
      const { customer } = await subscriber();
      const event = stripeEvent(
        'customer.subscription.deleted',
        subscriptionObject({
          customer,
          status: 'canceled',
          price: PRICE_PREMIUM,
          periodStart: at(-DAY),
          periodEnd: at(-1),
        }),
      );
      const requestId = stripeId('req');
      await expect(deliver(event, { ...options, requestId })).rejects.toMatchObject({ code: 'INVALID_WEBHOOK' });

      const { rows } = await billing.pool.query(
        `SELECT payload FROM outbox_events WHERE event_name = 'audit.record.v1' AND payload->>'requestId' = $1`,
        [requestId],
      );
      expect(rows).toHaveLength(1);
      expect(rows[0].payload).toMatchObject({
        category: 'security',
        eventType: 'billing.webhook_signature_failed',
        action: 'webhook_rejected',
        actorType: 'system',
        riskLevel: 'high',
        userId: null,
        ipAddress: '203.0.113.7',
        userAgent: 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
        requestId,
      });
      // Neither the payload nor the signature is kept.
      const audit = JSON.stringify(rows[0].payload);
      expect(audit).not.toContain(event.id);
      expect(audit).not.toContain(customer);
      expect(audit).not.toMatch(/v1=|sha256/);
      expect(await ledgerOf(event.id)).toEqual([]);
    });
  });

  describe('redeliveries and order', () => {
    it('processes an event once: a replay answers duplicate and changes nothing', async () => {
      const { userId, customer, subscription } = await subscriber();
      const event = stripeEvent(
        'invoice.paid',
        invoiceObject({
          customer,
          subscription,
          paid: true,
          price: PRICE_PREMIUM,
          periodStart: at(2 * DAY),
          periodEnd: at(32 * DAY),
        }),
      );
      await expect(deliver(event)).resolves.toMatchObject({ outcome: 'processed' });
      // Usage after the reset; a second application would zero it again.
      await billing.pool.query(`UPDATE users SET searches_this_month = 3 WHERE id = $1`, [userId]);
      const before = await userRow(billing.pool, userId);

      await expect(deliver(event)).resolves.toEqual({ eventId: event.id, type: 'invoice.paid', outcome: 'duplicate' });
      expect(await userRow(billing.pool, userId)).toEqual(before);
      expect(await ledgerOf(event.id)).toEqual([{ outcome: 'processed', user_id: userId }]);
    });

    it('answers duplicate to a replayed checkout.session.completed without asking Stripe again', async () => {
      const { userId, customer, subscription } = await subscriber();
      stripe.subscriptions.set(
        subscription,
        subscriptionObject({
          id: subscription,
          customer,
          status: 'active',
          price: PRICE_PREMIUM,
          periodStart: at(-DAY),
          periodEnd: at(2 * DAY),
        }),
      );
      const event = stripeEvent(
        'checkout.session.completed',
        checkoutCompletedSession({ userId, customer, subscription, tier: 'premium' }),
      );
      await deliver(event);
      await expect(deliver(event)).resolves.toMatchObject({ outcome: 'duplicate' });
      expect(stripe.requestsTo('GET', new RegExp(`^/v1/subscriptions/${subscription}$`))).toHaveLength(1);
    });

    it('answers duplicate to the same event delivered twice at once, applying it once', async () => {
      const { userId, customer, subscription } = await subscriber();
      const event = stripeEvent(
        'customer.subscription.updated',
        subscriptionObject({
          id: subscription,
          customer,
          status: 'past_due',
          price: PRICE_PREMIUM,
          periodStart: at(-DAY),
          periodEnd: at(2 * DAY),
        }),
      );
      const outcomes = await Promise.all([deliver(event), deliver(event)]);
      expect(outcomes.map((o) => o.outcome).sort()).toEqual(['duplicate', 'processed']);
      expect(await outboxOf(billing.pool, userId)).toHaveLength(2); // one change, one audit record
    });

    it('treats an event older than the state already applied as stale and changes nothing', async () => {
      const { userId, customer, subscription } = await subscriber();
      const newer = stripeEvent(
        'customer.subscription.updated',
        subscriptionObject({
          id: subscription,
          customer,
          status: 'active',
          price: PRICE_ULTIMATE,
          periodStart: at(-28 * DAY),
          periodEnd: at(2 * DAY),
        }),
        at(0),
      );
      const older = stripeEvent(
        'customer.subscription.updated',
        subscriptionObject({
          id: subscription,
          customer,
          status: 'past_due',
          price: PRICE_PREMIUM,
          periodStart: at(-28 * DAY),
          periodEnd: at(2 * DAY),
        }),
        at(-60_000),
      );
      await expect(deliver(newer)).resolves.toMatchObject({ outcome: 'processed' });
      const before = await userRow(billing.pool, userId);
      await expect(deliver(older)).resolves.toMatchObject({ outcome: 'stale' });
      expect(await userRow(billing.pool, userId)).toEqual(before);
      expect(before).toMatchObject({
        subscription_tier: 'ultimate',
        subscription_synced_at: new Date(newer.created * 1000),
      });
      expect(await ledgerOf(older.id)).toEqual([{ outcome: 'stale', user_id: userId }]);
      expect(await outboxOf(billing.pool, userId)).toHaveLength(2); // the newer event's change only
    });
  });

  describe('events billing does not act on', () => {
    it('records an event type it does not handle as ignored', async () => {
      const event = stripeEvent('customer.created', {
        id: stripeId('cus'),
        object: 'customer',
        email: null,
        metadata: {},
      });
      await expect(deliver(event)).resolves.toEqual({
        eventId: event.id,
        type: 'customer.created',
        outcome: 'ignored',
      });
      expect(await ledgerOf(event.id)).toEqual([{ outcome: 'ignored', user_id: null }]);
    });

    it('ignores a subscription of a customer no user has', async () => {
      const event = stripeEvent(
        'customer.subscription.updated',
        subscriptionObject({
          customer: stripeId('cus'),
          status: 'active',
          price: PRICE_PREMIUM,
          periodStart: at(-DAY),
          periodEnd: at(DAY),
        }),
      );
      await expect(deliver(event)).resolves.toMatchObject({ outcome: 'ignored' });
    });

    it('ignores an invoice that is not a subscription’s', async () => {
      const { customer } = await subscriber();
      const invoice = invoiceObject({
        customer,
        subscription: stripeId('sub'),
        paid: true,
        price: PRICE_PREMIUM,
        periodStart: at(-DAY),
        periodEnd: at(-DAY),
      });
      const oneOff = { ...invoice, parent: null, billing_reason: 'manual', period_start: unix(at(-DAY)) };
      await expect(deliver(stripeEvent('invoice.paid', oneOff))).resolves.toMatchObject({ outcome: 'ignored' });
    });
  });
});
