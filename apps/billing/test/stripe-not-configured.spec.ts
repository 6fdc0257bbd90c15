import { BILLING_CHECKOUT_V1, BILLING_PORTAL_V1, BILLING_STRIPE_WEBHOOK_V1 } from '@ams/contracts';
import { createUser, startBilling, type BillingApps } from './stripe-billing-app';

describe('billing without Stripe configured', () => {
  let billing: BillingApps;

  beforeAll(async () => {
    // Whatever the environment says, this app has no Stripe settings.
    billing = await startBilling({
      STRIPE_SECRET_KEY: '',
      STRIPE_WEBHOOK_SECRET: '',
      STRIPE_PRICE_PREMIUM: '',
      STRIPE_PRICE_ULTIMATE: '',
    });
  });

  afterAll(async () => {
    await billing?.close();
  });

  it('answers checkout, portal and webhooks with BILLING_UNAVAILABLE "Billing is not configured."', async () => {
    const userId = await createUser(billing.pool, { stripe_customer_id: `cus_NoStripe${Date.now()}` });
    const notConfigured = { code: 'BILLING_UNAVAILABLE', message: 'Billing is not configured.' };
    await expect(billing.bus.request(BILLING_CHECKOUT_V1, { userId, tier: 'premium' })).rejects.toMatchObject(
      notConfigured,
    );
    await expect(billing.bus.request(BILLING_PORTAL_V1, { userId })).rejects.toMatchObject(notConfigured);
    await expect(
      billing.bus.request(BILLING_STRIPE_WEBHOOK_V1, {
        rawBody: '{}',
        signature: 't=1,v1=00',
        ipAddress: null,
        userAgent: null,
        requestId: null,
      }),
    ).rejects.toMatchObject(notConfigured);
  });
});
