import { SubscriptionPeriodEndTask } from '../src/stripe/period-end.task';
import { FakeStripe } from './fake-stripe';
import { createUser, outboxOf, startBilling, stripeEnv, userRow, type BillingApps } from './stripe-billing-app';

describe('the fall-back to free when a cancelled or unpaid subscription reaches its end', () => {
  let stripe: FakeStripe;
  let billing: BillingApps;

  beforeAll(async () => {
    stripe = await FakeStripe.start();
    billing = await startBilling(stripeEnv(stripe.url), 2);
  });

  afterAll(async () => {
    await billing?.close();
    await stripe?.close();
  });

  const runBothReplicas = () => Promise.all(billing.apps.map((app) => app.get(SubscriptionPeriodEndTask).tick()));

  it('moves an ended cancelled plan to free once, even when two replicas run at once, and announces it once', async () => {
    const userId = await createUser(billing.pool, {
      subscription_tier: 'ultimate',
      subscription_status: 'cancelled',
      subscription_ends_at: new Date(Date.now() - 60_000),
    });
    await runBothReplicas();
    expect(await userRow(billing.pool, userId)).toMatchObject({
      subscription_tier: 'free',
      subscription_status: 'cancelled',
    });
    const events = await outboxOf(billing.pool, userId);
    expect(events.map((e) => e.name)).toEqual(['billing.subscription-changed.v1', 'audit.record.v1']);
    expect(events[0]!.payload).toMatchObject({
      previous: { tier: 'ultimate', status: 'cancelled' },
      current: { tier: 'free', status: 'cancelled' },
      source: 'period-end',
      stripeEventId: null,
    });
    expect(events[1]!.payload).toMatchObject({ category: 'billing', action: 'period_end_fallback' });
  });

  it('moves an unpaid (inactive) plan to free at its end too', async () => {
    const userId = await createUser(billing.pool, {
      subscription_tier: 'premium',
      subscription_status: 'inactive',
      subscription_ends_at: new Date(Date.now() - 1_000),
    });
    await runBothReplicas();
    expect((await userRow(billing.pool, userId)).subscription_tier).toBe('free');
  });

  it.each([
    ['a cancelled plan whose period has not ended', { subscription_status: 'cancelled', ends: 60 * 60_000 }],
    ['an active plan past its recorded end (Stripe renews it)', { subscription_status: 'active', ends: -60_000 }],
    ['a suspended account (an administrator’s call)', { subscription_status: 'suspended', ends: -60_000 }],
  ])('leaves %s alone', async (_, { subscription_status, ends }) => {
    const userId = await createUser(billing.pool, {
      subscription_tier: 'premium',
      subscription_status,
      subscription_ends_at: new Date(Date.now() + ends),
    });
    await runBothReplicas();
    expect((await userRow(billing.pool, userId)).subscription_tier).toBe('premium');
    expect(await outboxOf(billing.pool, userId)).toEqual([]);
  });
});
