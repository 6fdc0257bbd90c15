import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import Stripe from 'stripe';
import request from 'supertest';
import { startSystem, type RunningSystem } from './running-system';

const SECRET = 'whsec_e2e_0123456789abcdefghijklmnopqrstu';
const PRICE_PREMIUM = 'price_1E2ePremium';
const now = () => Math.floor(Date.now() / 1000);

/**
 * Subscribing through the running gateway and billing processes, with Stripe's API played by a
 * local server (STRIPE_API_URL) and its webhooks signed as Stripe signs them. Billing is
 * configured differently from other tests' billing, so this runs on a vhost of its own.
 */
describe('Stripe subscriptions, end to end', () => {
  let system: RunningSystem;
  let fakeStripe: Server;
  let vhost: string;
  let dataDir: string;
  let pool: Pool;
  const subscriptions = new Map<string, object>();
  const calls: { method: string; path: string; form: Record<string, string> }[] = [];
  const http = () => request(system.gatewayUrl);

  beforeAll(async () => {
    fakeStripe = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk));
      req.on('end', () => {
        const path = req.url!.split('?')[0]!;
        const form = Object.fromEntries(new URLSearchParams(body));
        calls.push({ method: req.method!, path, form });
        const [status, answer] = stripeAnswer(req.method!, path, form, subscriptions);
        res.writeHead(status, {
          'content-type': 'application/json',
          'request-id': `req_${randomBytes(6).toString('hex')}`,
        });
        res.end(JSON.stringify(answer));
      });
    });
    await new Promise<void>((resolve) => fakeStripe.listen(0, '127.0.0.1', resolve));

    vhost = `ams-e2e-stripe-${randomUUID().slice(0, 8)}`;
    execFileSync('rabbitmqctl', ['add_vhost', vhost], { stdio: 'ignore' });
    execFileSync('rabbitmqctl', ['set_permissions', '-p', vhost, 'guest', '.*', '.*', '.*'], { stdio: 'ignore' });
    const amqp = new URL(process.env['AMQP_URL']!);
    amqp.pathname = `/${vhost}`;
    dataDir = mkdtempSync(join(tmpdir(), 'ams-e2e-stripe-'));
    system = await startSystem(
      {
        AMQP_URL: amqp.toString(),
        DATA_DIR: dataDir,
        USER_CACHE_TTL_MS: '0',
        RPC_TIMEOUT_MS: '15000',
        STRIPE_SECRET_KEY: 'sk_test_e2e',
        STRIPE_WEBHOOK_SECRET: SECRET,
        STRIPE_PRICE_PREMIUM: PRICE_PREMIUM,
        STRIPE_PRICE_ULTIMATE: 'price_1E2eUltimate',
        STRIPE_API_URL: `http://127.0.0.1:${(fakeStripe.address() as AddressInfo).port}`,
        PUBLIC_URL: 'https://app.example.com',
      },
      ['gateway', 'billing'],
    );
    pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: 2 });
  });

  afterAll(async () => {
    await system?.stop();
    await pool?.end();
    fakeStripe?.closeAllConnections();
    await new Promise((resolve) => fakeStripe?.close(resolve));
    if (vhost) execFileSync('rabbitmqctl', ['delete_vhost', vhost], { stdio: 'ignore' });
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  async function signIn() {
    const email = `stripe-e2e-${randomUUID().slice(0, 8)}@example.com`;
    const { body } = await http().post('/v1/auth/dev-token').send({ email }).expect(200);
    const auth = { authorization: `Bearer ${body.token}` };
    const me = await http().get('/v1/me').set(auth).expect(200);
    return { auth, userId: me.body.id as string };
  }

  function postWebhook(body: string, signature: string | null) {
    const call = http().post('/v1/billing/webhook').set('content-type', 'application/json; charset=utf-8');
    return (signature ? call.set('stripe-signature', signature) : call).send(body);
  }

  it('subscribes a user: checkout through the gateway, then Stripe’s signed webhook (sent with odd whitespace) upgrades the plan', async () => {
    const { auth, userId } = await signIn();
    const checkout = await http().post('/v1/billing/checkout').set(auth).send({ tier: 'premium' }).expect(201);
    expect(checkout.body.url).toMatch(/^https:\/\/checkout\.stripe\.com\/c\/pay\/cs_test_/);
    const session = calls.find((c) => c.path === '/v1/checkout/sessions' && c.form['client_reference_id'] === userId)!;
    expect(session.form['line_items[0][price]']).toBe(PRICE_PREMIUM);
    const customer = session.form['customer']!;

    // The customer pays; Stripe reports it.
    const subscription = `sub_${randomBytes(8).toString('hex')}`;
    subscriptions.set(subscription, subscriptionObject(subscription, customer));
    const eventId = `evt_${randomBytes(8).toString('hex')}`;
    const body =
      `{\n  "id": "${eventId}",\n\t"object":"event",   "type": "checkout.session.completed",\r\n` +
      `  "created": ${now()}, "api_version": "${Stripe.API_VERSION}", "livemode": false,\n` +
      `  "data": { "object": { "id": "cs_test_e2e", "object": "checkout.session", "mode": "subscription",\n` +
      `    "customer": "${customer}", "client_reference_id": "${userId}", "subscription": "${subscription}",\n` +
      `    "metadata": {"userId": "${userId}", "tier": "premium"}, "status": "complete" } }  }\n\n`;
    const signature = Stripe.webhooks.generateTestHeaderString({ payload: body, secret: SECRET });

    const delivered = await postWebhook(body, signature).expect(200);
    expect(delivered.body).toEqual({
      received: true,
      eventId,
      type: 'checkout.session.completed',
      outcome: 'processed',
    });
    const me = await http().get('/v1/me').set(auth).expect(200);
    expect(me.body.subscription).toMatchObject({ tier: 'premium', status: 'active' });
    const { rows } = await pool.query(
      `SELECT subscription_tier, subscription_status, stripe_subscription_id FROM users WHERE id = $1`,
      [userId],
    );
    expect(rows[0]).toEqual({
      subscription_tier: 'premium',
      subscription_status: 'active',
      stripe_subscription_id: subscription,
    });

    // Stripe redelivers; nothing happens twice.
    const again = await postWebhook(body, signature).expect(200);
    expect(again.body.outcome).toBe('duplicate');

    // Subscribed: a second checkout is refused, the portal opens.
    const refused = await http().post('/v1/billing/checkout').set(auth).send({ tier: 'ultimate' }).expect(409);
    expect(refused.body.code).toBe('ALREADY_SUBSCRIBED');
    const portal = await http().post('/v1/billing/portal').set(auth).expect(200);
    expect(portal.body.url).toMatch(/^https:\/\/billing\.stripe\.com\/p\/session\//);
  });

  it('refuses a forged delivery with 400 problem+json and leaves a security audit record', async () => {
    const body = JSON.stringify({
      id: 'evt_forged',
      object: 'event',
      type: 'invoice.paid',
      created: now(),
      data: { object: {} },
    });
    const forged = Stripe.webhooks.generateTestHeaderString({
      payload: body,
      secret: 'whsec_not_the_real_one_000000000000',
    });
    const correlationId = `e2e-forged-${randomUUID()}`;
    const response = await postWebhook(body, forged).set('x-correlation-id', correlationId).expect(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ code: 'INVALID_WEBHOOK', correlationId });
    const { rows } = await pool.query(
      `SELECT payload FROM outbox_events WHERE event_name = 'audit.record.v1' AND payload->>'requestId' = $1`,
      [correlationId],
    );
    expect(rows.map((r) => r.payload)).toEqual([
      expect.objectContaining({
        category: 'security',
        eventType: 'billing.webhook_signature_failed',
        riskLevel: 'high',
      }),
    ]);
  });
});

/** The few Stripe API answers this flow needs, in the API's shapes (trimmed). */
function stripeAnswer(
  method: string,
  path: string,
  form: Record<string, string>,
  subscriptions: Map<string, object>,
): [number, object] {
  const id = (prefix: string) => `${prefix}_${randomBytes(8).toString('hex')}`;
  if (method === 'POST' && path === '/v1/customers')
    return [
      200,
      { id: id('cus'), object: 'customer', email: form['email'], metadata: { userId: form['metadata[userId]'] } },
    ];
  if (method === 'POST' && path === '/v1/checkout/sessions') {
    const session = id('cs_test');
    return [
      200,
      {
        id: session,
        object: 'checkout.session',
        mode: form['mode'],
        customer: form['customer'],
        client_reference_id: form['client_reference_id'],
        status: 'open',
        url: `https://checkout.stripe.com/c/pay/${session}`,
      },
    ];
  }
  if (method === 'POST' && path === '/v1/billing_portal/sessions')
    return [
      200,
      {
        id: id('bps'),
        object: 'billing_portal.session',
        customer: form['customer'],
        url: `https://billing.stripe.com/p/session/test_${id('x')}`,
      },
    ];
  const subscription = /^\/v1\/subscriptions\/(.+)$/.exec(path);
  if (method === 'GET' && subscription && subscriptions.has(subscription[1]!))
    return [200, subscriptions.get(subscription[1]!)!];
  return [404, { error: { type: 'invalid_request_error', message: `Unrecognized request URL (${method}: ${path}).` } }];
}

function subscriptionObject(id: string, customer: string): object {
  const start = now() - 60;
  return {
    id,
    object: 'subscription',
    customer,
    status: 'active',
    start_date: start,
    metadata: {},
    items: {
      object: 'list',
      data: [
        {
          id: `si_${id.slice(4)}`,
          object: 'subscription_item',
          current_period_start: start,
          current_period_end: start + 30 * 86_400,
          price: { id: PRICE_PREMIUM, object: 'price' },
          quantity: 1,
          subscription: id,
        },
      ],
      has_more: false,
    },
  };
}
