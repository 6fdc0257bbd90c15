import { randomBytes } from 'node:crypto';
import Stripe from 'stripe';

/**
 * Stripe API objects in the shapes the API (version 2026-10-28) sends, trimmed of the fields
 * billing never reads, with made-up ids of the real formats.
 */
export const stripeId = (prefix: string) => `${prefix}_${randomBytes(12).toString('base64url').replace(/[-_]/g, 'x')}`;
export const unix = (date: Date) => Math.floor(date.getTime() / 1000);
const now = () => Math.floor(Date.now() / 1000);

/** Keys of a bracketed form body that share a prefix, e.g. metadata[...] → { userId, tier }. */
function formObject(form: Record<string, string>, prefix: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(form)
      .filter(([key]) => key.startsWith(`${prefix}[`))
      .map(([key, value]) => [key.slice(prefix.length + 1, -1), value]),
  );
}

export function customerObject(form: Record<string, string>) {
  return {
    id: stripeId('cus'),
    object: 'customer',
    address: null,
    balance: 0,
    created: now(),
    currency: null,
    default_source: null,
    delinquent: false,
    description: null,
    email: form['email'] ?? null,
    invoice_prefix: randomBytes(4).toString('hex').toUpperCase(),
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
    livemode: false,
    metadata: formObject(form, 'metadata'),
    name: null,
    phone: null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: 'none',
    test_clock: null,
  };
}

export function checkoutSessionObject(form: Record<string, string>) {
  const id = `cs_test_${randomBytes(24).toString('base64url').replace(/[-_]/g, 'a')}`;
  return {
    id,
    object: 'checkout.session',
    amount_subtotal: 999,
    amount_total: 999,
    billing_address_collection: null,
    cancel_url: form['cancel_url'] ?? null,
    client_reference_id: form['client_reference_id'] ?? null,
    created: now(),
    currency: 'usd',
    customer: form['customer'] ?? null,
    customer_email: null,
    expires_at: now() + 86_400,
    livemode: false,
    locale: null,
    metadata: formObject(form, 'metadata'),
    mode: form['mode'],
    payment_intent: null,
    payment_method_types: ['card'],
    payment_status: 'unpaid',
    status: 'open',
    submit_type: null,
    subscription: null,
    success_url: form['success_url'],
    ui_mode: 'hosted',
    url: `https://checkout.stripe.com/c/pay/${id}#fidkdWxOYHwnPyd1blpxYHZxWjA0`,
  };
}

export function portalSessionObject(form: Record<string, string>) {
  return {
    id: stripeId('bps'),
    object: 'billing_portal.session',
    configuration: stripeId('bpc'),
    created: now(),
    customer: form['customer'],
    flow: null,
    livemode: false,
    locale: null,
    on_behalf_of: null,
    return_url: form['return_url'] ?? null,
    url: `https://billing.stripe.com/p/session/test_${randomBytes(24).toString('base64url')}`,
  };
}

export interface SubscriptionSpec {
  id?: string;
  customer: string;
  status: Stripe.Subscription.Status;
  price: string;
  periodStart: Date;
  periodEnd: Date;
  startDate?: Date;
  metadata?: Record<string, string>;
}

export function subscriptionObject(spec: SubscriptionSpec) {
  const id = spec.id ?? stripeId('sub');
  const start = unix(spec.startDate ?? spec.periodStart);
  const canceled = spec.status === 'canceled';
  return {
    id,
    object: 'subscription',
    application: null,
    billing_cycle_anchor: unix(spec.periodStart),
    cancel_at: null,
    cancel_at_period_end: false,
    canceled_at: canceled ? now() : null,
    cancellation_details: { comment: null, feedback: null, reason: canceled ? 'cancellation_requested' : null },
    collection_method: 'charge_automatically',
    created: start,
    currency: 'usd',
    customer: spec.customer,
    default_payment_method: stripeId('pm'),
    description: null,
    discounts: [],
    ended_at: canceled ? now() : null,
    items: {
      object: 'list',
      data: [
        {
          id: stripeId('si'),
          object: 'subscription_item',
          created: start,
          current_period_end: unix(spec.periodEnd),
          current_period_start: unix(spec.periodStart),
          discounts: [],
          metadata: {},
          price: priceObject(spec.price),
          quantity: 1,
          subscription: id,
          tax_rates: [],
        },
      ],
      has_more: false,
      total_count: 1,
      url: `/v1/subscription_items?subscription=${id}`,
    },
    latest_invoice: stripeId('in'),
    livemode: false,
    metadata: spec.metadata ?? {},
    pause_collection: null,
    schedule: null,
    start_date: start,
    status: spec.status,
    test_clock: null,
    trial_end: null,
    trial_start: null,
  };
}

function priceObject(id: string) {
  return {
    id,
    object: 'price',
    active: true,
    billing_scheme: 'per_unit',
    created: now() - 86_400 * 90,
    currency: 'usd',
    livemode: false,
    lookup_key: null,
    metadata: {},
    nickname: null,
    product: 'prod_AmsPlan00000',
    recurring: { interval: 'month', interval_count: 1, meter: null, usage_type: 'licensed' },
    tax_behavior: 'unspecified',
    type: 'recurring',
    unit_amount: 999,
    unit_amount_decimal: '999',
  };
}

export interface InvoiceSpec {
  customer: string;
  subscription: string;
  paid: boolean;
  price: string;
  periodStart: Date;
  periodEnd: Date;
  metadata?: Record<string, string>;
}

/** A renewal invoice: one subscription line for the new period (period_start/end are the previous one's). */
export function invoiceObject(spec: InvoiceSpec) {
  const id = stripeId('in');
  return {
    id,
    object: 'invoice',
    amount_due: 999,
    amount_paid: spec.paid ? 999 : 0,
    amount_remaining: spec.paid ? 0 : 999,
    attempt_count: 1,
    attempted: true,
    billing_reason: 'subscription_cycle',
    collection_method: 'charge_automatically',
    created: unix(spec.periodStart),
    currency: 'usd',
    customer: spec.customer,
    customer_email: null,
    lines: {
      object: 'list',
      data: [
        {
          id: stripeId('il'),
          object: 'line_item',
          amount: 999,
          currency: 'usd',
          description: '1 × AMS plan (at $9.99 / month)',
          discount_amounts: [],
          discountable: true,
          discounts: [],
          invoice: id,
          livemode: false,
          metadata: {},
          parent: {
            invoice_item_details: null,
            subscription_item_details: {
              invoice_item: null,
              proration: false,
              proration_details: { credited_items: null },
              subscription: spec.subscription,
              subscription_item: stripeId('si'),
            },
            type: 'subscription_item_details',
          },
          period: { end: unix(spec.periodEnd), start: unix(spec.periodStart) },
          pretax_credit_amounts: [],
          pricing: {
            price_details: { price: spec.price, product: 'prod_AmsPlan00000' },
            type: 'price_details',
            unit_amount_decimal: '999',
          },
          quantity: 1,
          taxes: [],
        },
      ],
      has_more: false,
      total_count: 1,
      url: `/v1/invoices/${id}/lines`,
    },
    livemode: false,
    metadata: {},
    parent: {
      quote_details: null,
      subscription_details: { metadata: spec.metadata ?? {}, subscription: spec.subscription },
      type: 'subscription_details',
    },
    period_end: unix(spec.periodStart),
    period_start: unix(spec.periodStart) - 30 * 86_400,
    status: spec.paid ? 'paid' : 'open',
    total: 999,
  };
}

export function checkoutCompletedSession(spec: {
  userId: string;
  customer: string;
  subscription: string;
  tier: string;
}) {
  return {
    ...checkoutSessionObject({
      mode: 'subscription',
      customer: spec.customer,
      client_reference_id: spec.userId,
      'metadata[userId]': spec.userId,
      'metadata[tier]': spec.tier,
      success_url: 'http://localhost:3000/billing/success?session_id={CHECKOUT_SESSION_ID}',
      cancel_url: 'http://localhost:3000/billing/cancelled',
    }),
    payment_status: 'paid',
    status: 'complete',
    subscription: spec.subscription,
    url: null,
  };
}

/** An event envelope as Stripe delivers it. `created` defaults to now. */
export function stripeEvent(type: string, object: object, created = new Date()) {
  return {
    id: stripeId('evt'),
    object: 'event',
    api_version: Stripe.API_VERSION,
    created: unix(created),
    data: { object },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
  };
}

/** The body exactly as Stripe sends it (pretty-printed JSON) and its stripe-signature header. */
export function signed(event: object, secret: string, body = JSON.stringify(event, null, 2)) {
  return { body, signature: Stripe.webhooks.generateTestHeaderString({ payload: body, secret }) };
}
