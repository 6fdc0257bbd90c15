import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import { BILLING_CHECKOUT_V1, BILLING_STRIPE_WEBHOOK_V1, DomainError, type RequestOf } from '@ams/contracts';
import { MessageBus } from '@ams/messaging';
import { startGatewayStack, type GatewayStack } from './gateway-stack';

const SECRET = 'whsec_gateway_test_0123456789abcdefghijkl';

/**
 * The billing routes as the gateway serves them. Billing itself is played by responders in this
 * process (its own behaviour is tested in apps/billing, the whole chain in e2e/), on a vhost of
 * this file's own so no billing service elsewhere answers first.
 */
describe('the billing routes of the gateway', () => {
  let stack: GatewayStack;
  let vhost: string;
  const deliveries: RequestOf<typeof BILLING_STRIPE_WEBHOOK_V1>[] = [];
  const checkouts: RequestOf<typeof BILLING_CHECKOUT_V1>[] = [];

  beforeAll(async () => {
    vhost = `ams-gateway-billing-${randomUUID().slice(0, 8)}`;
    execFileSync('rabbitmqctl', ['add_vhost', vhost], { stdio: 'ignore' });
    execFileSync('rabbitmqctl', ['set_permissions', '-p', vhost, 'guest', '.*', '.*', '.*'], { stdio: 'ignore' });
    const amqp = new URL(process.env['AMQP_URL']!);
    amqp.pathname = `/${vhost}`;
    stack = await startGatewayStack({ AMQP_URL: amqp.toString() });
    const bus = stack.gateway.get(MessageBus);
    // Billing's side of the webhook: record what arrived, verify it as billing does.
    await bus.respond(BILLING_STRIPE_WEBHOOK_V1, { queue: 'billing.stripe-webhook' }, async (delivery) => {
      deliveries.push(delivery);
      try {
        const event = Stripe.webhooks.constructEvent(delivery.rawBody, delivery.signature ?? '', SECRET);
        return { eventId: event.id, type: event.type, outcome: 'processed' as const };
      } catch {
        throw new DomainError('INVALID_WEBHOOK', 'The webhook signature could not be verified.');
      }
    });
    await bus.respond(BILLING_CHECKOUT_V1, { queue: 'billing.checkout' }, async (request) => {
      checkouts.push(request);
      return { sessionId: 'cs_test_a1', url: 'https://checkout.stripe.com/c/pay/cs_test_a1' };
    });
  });

  afterAll(async () => {
    await stack?.close();
    execFileSync('rabbitmqctl', ['delete_vhost', vhost], { stdio: 'ignore' });
  });

  describe('POST /v1/billing/webhook', () => {
    // Tabs, a blank line, odd spacing, key order and non-ASCII: any re-serialisation changes these bytes.
    const body =
      '{\n\t"id":   "evt_1RawBytes",\n\n  "type" : "invoice.paid",  "object":"event",\n' +
      '  "created": 1767225600, "data": {"object": {"description": "Café — 月額"}}   }\r\n';
    const signature = () => Stripe.webhooks.generateTestHeaderString({ payload: body, secret: SECRET });

    it('passes the exact raw bytes, the signature, address, user agent and correlation id to billing', async () => {
      const header = signature();
      const response = await stack
        .http()
        .post('/v1/billing/webhook')
        .set('content-type', 'application/json; charset=utf-8')
        .set('stripe-signature', header)
        .set('user-agent', 'Stripe/1.0 (+https://stripe.com/docs/webhooks)')
        .set('x-correlation-id', 'corr-webhook-1')
        .send(body);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        received: true,
        eventId: 'evt_1RawBytes',
        type: 'invoice.paid',
        outcome: 'processed',
      });
      const delivery = deliveries.find((d) => d.requestId === 'corr-webhook-1');
      expect(delivery).toMatchObject({
        rawBody: body,
        signature: header,
        userAgent: 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
        ipAddress: expect.any(String),
      });
    });

    it('needs no sign-in, and answers INVALID_WEBHOOK as 400 problem+json when the signature does not verify', async () => {
      const response = await stack
        .http()
        .post('/v1/billing/webhook')
        .set('content-type', 'application/json')
        .set('stripe-signature', signature())
        .send(body.replace('Café', 'Cafe'));
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({ code: 'INVALID_WEBHOOK', status: 400 });
    });

    it('forwards a delivery without a signature as such (null), for billing to refuse', async () => {
      const response = await stack
        .http()
        .post('/v1/billing/webhook')
        .set('content-type', 'application/json')
        .set('x-correlation-id', 'corr-webhook-unsigned')
        .send(body);
      expect(response.status).toBe(400);
      expect(deliveries.find((d) => d.requestId === 'corr-webhook-unsigned')).toMatchObject({
        signature: null,
        rawBody: body,
      });
    });
  });

  describe('POST /v1/billing/checkout', () => {
    it('refuses an anonymous caller with 401', async () => {
      const response = await stack.http().post('/v1/billing/checkout').send({ tier: 'premium' });
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('UNAUTHENTICATED');
    });

    it.each([
      ['an unknown tier', { tier: 'gold' }, 'tier'],
      ['the free tier', { tier: 'free' }, 'tier'],
      ['an unknown field', { tier: 'premium', coupon: 'FREE' }, 'coupon'],
    ])('refuses %s with 400 naming the field, before asking billing', async (_, payload, field) => {
      const user = await stack.signIn();
      const before = checkouts.length;
      const response = await stack
        .http()
        .post('/v1/billing/checkout')
        .set('authorization', `Bearer ${user.token}`)
        .send(payload);
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(checkouts.length).toBe(before);
    });

    it('asks billing for the signed-in user’s session and answers 201 with it', async () => {
      const user = await stack.signIn();
      const response = await stack
        .http()
        .post('/v1/billing/checkout')
        .set('authorization', `Bearer ${user.token}`)
        .send({ tier: 'ultimate' });
      expect(response.status).toBe(201);
      expect(response.body).toEqual({ sessionId: 'cs_test_a1', url: 'https://checkout.stripe.com/c/pay/cs_test_a1' });
      expect(checkouts.at(-1)).toEqual({ userId: user.userId, tier: 'ultimate' });
    });
  });

  it('refuses the portal to an anonymous caller with 401', async () => {
    const response = await stack.http().post('/v1/billing/portal');
    expect(response.status).toBe(401);
  });
});
