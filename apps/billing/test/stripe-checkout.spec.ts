import { BILLING_CHECKOUT_V1, BILLING_PORTAL_V1 } from '@ams/contracts';
import { Database, storeStripeCustomer } from '@ams/db';
import { FakeStripe } from './fake-stripe';
import {
  createUser,
  PRICE_PREMIUM,
  PRICE_ULTIMATE,
  startBilling,
  stripeEnv,
  userRow,
  type BillingApps,
} from './stripe-billing-app';

describe('Stripe Checkout and the Customer Portal in the billing service', () => {
  let stripe: FakeStripe;
  let billing: BillingApps;

  beforeAll(async () => {
    stripe = await FakeStripe.start();
    billing = await startBilling(stripeEnv(stripe.url));
  });

  afterAll(async () => {
    await billing?.close();
    await stripe?.close();
  });

  const customerRequestsOf = (userId: string) =>
    stripe.requestsTo('POST', /^\/v1\/customers$/).filter((r) => r.form['metadata[userId]'] === userId);
  const sessionRequestsOf = (userId: string) =>
    stripe.requestsTo('POST', /^\/v1\/checkout\/sessions$/).filter((r) => r.form['client_reference_id'] === userId);

  it('creates the user’s Stripe customer, then a subscription Checkout Session for the tier’s price, and returns its URL', async () => {
    const userId = await createUser(billing.pool);
    const reply = await billing.bus.request(BILLING_CHECKOUT_V1, { userId, tier: 'premium' });

    const [customerRequest] = customerRequestsOf(userId);
    expect(customerRequest!.headers['idempotency-key']).toBe(`ams-customer-${userId}`);
    expect(customerRequest!.headers['authorization']).toBe('Bearer sk_test_51AmsBillingTestKey');
    const stored = (await userRow(billing.pool, userId)).stripe_customer_id;
    expect(stored).toMatch(/^cus_/);

    const [session] = sessionRequestsOf(userId);
    expect(session!.form).toMatchObject({
      mode: 'subscription',
      customer: stored,
      'line_items[0][price]': PRICE_PREMIUM,
      'line_items[0][quantity]': '1',
      client_reference_id: userId,
      'metadata[userId]': userId,
      'metadata[tier]': 'premium',
      'subscription_data[metadata][userId]': userId,
      'subscription_data[metadata][tier]': 'premium',
      success_url: 'https://app.example.com/billing/success?session_id={CHECKOUT_SESSION_ID}',
      cancel_url: 'https://app.example.com/billing/cancelled',
    });
    expect(reply.sessionId).toMatch(/^cs_test_/);
    expect(reply.url).toBe(`https://checkout.stripe.com/c/pay/${reply.sessionId}#fidkdWxOYHwnPyd1blpxYHZxWjA0`);
  });

  it('reuses the stored customer on a later checkout and uses the ultimate price for ultimate', async () => {
    const userId = await createUser(billing.pool);
    await billing.bus.request(BILLING_CHECKOUT_V1, { userId, tier: 'premium' });
    await billing.bus.request(BILLING_CHECKOUT_V1, { userId, tier: 'ultimate' });
    expect(customerRequestsOf(userId)).toHaveLength(1);
    const sessions = sessionRequestsOf(userId);
    expect(sessions.map((s) => s.form['line_items[0][price]'])).toEqual([PRICE_PREMIUM, PRICE_ULTIMATE]);
    expect(new Set(sessions.map((s) => s.form['customer']))).toEqual(
      new Set([(await userRow(billing.pool, userId)).stripe_customer_id]),
    );
  });

  it('keeps one customer when two checkouts start at once', async () => {
    const userId = await createUser(billing.pool);
    const replies = await Promise.all([
      billing.bus.request(BILLING_CHECKOUT_V1, { userId, tier: 'premium' }),
      billing.bus.request(BILLING_CHECKOUT_V1, { userId, tier: 'premium' }),
    ]);
    expect(new Set(replies.map((r) => r.sessionId)).size).toBe(2);
    const stored = (await userRow(billing.pool, userId)).stripe_customer_id;
    // Every creation attempt carried the user's key, so Stripe made (at most) one customer ...
    expect(new Set(customerRequestsOf(userId).map((r) => r.headers['idempotency-key']))).toEqual(
      new Set([`ams-customer-${userId}`]),
    );
    // ... and both sessions bill the one that is stored.
    expect(sessionRequestsOf(userId).map((s) => s.form['customer'])).toEqual([stored, stored]);
  });

  it('stores a customer only where none is stored: a second one never replaces the first', async () => {
    const userId = await createUser(billing.pool);
    const database = billing.apps[0]!.get(Database);
    const [one, other] = [`cus_First${userIdTag()}`, `cus_Second${userIdTag()}`];
    const first = await database.tenant(userId, (tx) => storeStripeCustomer(tx, userId, one));
    const second = await database.tenant(userId, (tx) => storeStripeCustomer(tx, userId, other));
    expect([first, second]).toEqual([one, one]);
  });

  it('refuses ALREADY_SUBSCRIBED to a user with a live paid subscription, without calling Stripe', async () => {
    const userId = await createUser(billing.pool, {
      subscription_tier: 'premium',
      subscription_status: 'active',
      stripe_customer_id: `cus_Live${userIdTag()}`,
      stripe_subscription_id: 'sub_Live',
    });
    const before = stripe.requests.length;
    await expect(billing.bus.request(BILLING_CHECKOUT_V1, { userId, tier: 'ultimate' })).rejects.toMatchObject({
      code: 'ALREADY_SUBSCRIBED',
    });
    expect(stripe.requests.length).toBe(before);
  });

  it('lets a user whose paid plan was cancelled and has fallen back to free subscribe again', async () => {
    const customer = `cus_Back${userIdTag()}`;
    const userId = await createUser(billing.pool, {
      subscription_tier: 'free',
      subscription_status: 'cancelled',
      stripe_customer_id: customer,
      stripe_subscription_id: 'sub_Old',
    });
    await billing.bus.request(BILLING_CHECKOUT_V1, { userId, tier: 'premium' });
    expect(sessionRequestsOf(userId).map((s) => s.form['customer'])).toEqual([customer]);
  });

  it('opens the Customer Portal for the stored customer with the return URL', async () => {
    const customer = `cus_Portal${userIdTag()}`;
    const userId = await createUser(billing.pool, { stripe_customer_id: customer });
    const reply = await billing.bus.request(BILLING_PORTAL_V1, { userId });
    expect(reply.url).toMatch(/^https:\/\/billing\.stripe\.com\/p\/session\/test_/);
    const [request] = stripe
      .requestsTo('POST', /^\/v1\/billing_portal\/sessions$/)
      .filter((r) => r.form['customer'] === customer);
    expect(request!.form).toEqual({ customer, return_url: 'https://app.example.com/billing' });
  });

  it('refuses the portal with NO_SUBSCRIPTION to a user who never had a Stripe customer', async () => {
    const userId = await createUser(billing.pool);
    await expect(billing.bus.request(BILLING_PORTAL_V1, { userId })).rejects.toMatchObject({ code: 'NO_SUBSCRIPTION' });
  });

  it('retries a Stripe 503 and still creates the session', async () => {
    const userId = await createUser(billing.pool, { stripe_customer_id: `cus_Retry${userIdTag()}` });
    stripe.failNext(/^\/v1\/checkout\/sessions$/, { status: 503 });
    const reply = await billing.bus.request(BILLING_CHECKOUT_V1, { userId, tier: 'premium' });
    expect(reply.sessionId).toMatch(/^cs_test_/);
    const attempts = sessionRequestsOf(userId);
    expect(attempts).toHaveLength(2);
    // The retry is the same request: Stripe dedupes it by the key the SDK added.
    expect(attempts[1]!.headers['idempotency-key']).toBe(attempts[0]!.headers['idempotency-key']);
  });

  it.each([
    ['a 500 on every attempt', { status: 500 }, 3],
    ['a dropped connection on every attempt', 'hang-up' as const, 3],
    // Rate limiting is not retried by the SDK unless Stripe says so (Stripe-Should-Retry).
    ['rate limiting (429)', { status: 429 }, 1],
  ])('answers BILLING_UNAVAILABLE after %s', async (_, failure, attempts) => {
    const userId = await createUser(billing.pool, { stripe_customer_id: `cus_Down${userIdTag()}` });
    stripe.failNext(/^\/v1\/checkout\/sessions$/, failure, attempts);
    await expect(billing.bus.request(BILLING_CHECKOUT_V1, { userId, tier: 'premium' })).rejects.toMatchObject({
      code: 'BILLING_UNAVAILABLE',
      message: 'Payments are temporarily unavailable; try again in a few minutes.',
    });
    expect(sessionRequestsOf(userId)).toHaveLength(attempts);
  });
});

function userIdTag(): string {
  return Math.random().toString(36).slice(2, 10);
}
