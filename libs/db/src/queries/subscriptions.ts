import type { Tx } from '../database';

export type SubscriptionTier = 'free' | 'premium' | 'ultimate';
/** The statuses billing sets; `suspended` (an admin's decision) is never set nor cleared here. */
export type BillingStatus = 'active' | 'inactive' | 'cancelled';

/** A user's subscription columns, as billing reads them. */
export interface BillingAccount {
  id: string;
  email: string;
  tier: SubscriptionTier;
  status: string;
  stripeCustomerId: string | null;
  stripeSubscriptionId: string | null;
  endsAt: Date | null;
  /** Stripe's time of the subscription state last applied (event.created). */
  syncedAt: Date | null;
}

type AccountRow = {
  id: string;
  email: string;
  tier: SubscriptionTier;
  status: string;
  stripe_customer_id: string | null;
  stripe_subscription_id: string | null;
  ends_at: Date | null;
  synced_at: Date | null;
};

const toAccount = (row: AccountRow): BillingAccount => ({
  id: row.id,
  email: row.email,
  tier: row.tier,
  status: row.status,
  stripeCustomerId: row.stripe_customer_id,
  stripeSubscriptionId: row.stripe_subscription_id,
  endsAt: row.ends_at,
  syncedAt: row.synced_at,
});

/** The user's subscription columns (tenant or service path). */
export async function billingAccount(tx: Tx, userId: string): Promise<BillingAccount | null> {
  const [row] = await tx.$queryRaw<AccountRow[]>`
    SELECT id, email, subscription_tier AS tier, subscription_status AS status, stripe_customer_id,
           stripe_subscription_id, subscription_ends_at AS ends_at, subscription_synced_at AS synced_at
      FROM users WHERE id = ${userId}::uuid AND deleted_at IS NULL`;
  return row ? toAccount(row) : null;
}

/** Same, locked until the transaction ends: the state a webhook decides on cannot move under it. */
export async function lockBillingAccount(tx: Tx, userId: string): Promise<BillingAccount | null> {
  const [row] = await tx.$queryRaw<AccountRow[]>`
    SELECT id, email, subscription_tier AS tier, subscription_status AS status, stripe_customer_id,
           stripe_subscription_id, subscription_ends_at AS ends_at, subscription_synced_at AS synced_at
      FROM users WHERE id = ${userId}::uuid
       FOR UPDATE`;
  return row ? toAccount(row) : null;
}

/** The user a Stripe customer belongs to (service path). */
export async function userIdOfStripeCustomer(tx: Tx, customerId: string): Promise<string | null> {
  const [row] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM users WHERE stripe_customer_id = ${customerId}`;
  return row?.id ?? null;
}

/**
 * Keep `customerId` as the user's Stripe customer unless one is stored already, and return the
 * one stored: two concurrent checkouts both end up with the same customer.
 */
export async function storeStripeCustomer(tx: Tx, userId: string, customerId: string): Promise<string | null> {
  await tx.$executeRaw`
    UPDATE users SET stripe_customer_id = ${customerId}
     WHERE id = ${userId}::uuid AND stripe_customer_id IS NULL`;
  const [row] = await tx.$queryRaw<{ stripe_customer_id: string | null }[]>`
    SELECT stripe_customer_id FROM users WHERE id = ${userId}::uuid`;
  return row?.stripe_customer_id ?? null;
}

export type StripeEventOutcome = 'processed' | 'ignored' | 'stale';

/**
 * Record a Stripe event as seen, first thing in the transaction that acts on it. False: it was
 * recorded before (a redelivery), or a concurrent delivery holds it and committed first.
 */
export async function claimStripeEvent(tx: Tx, event: { id: string; type: string; createdAt: Date }): Promise<boolean> {
  const inserted = await tx.$executeRaw`
    INSERT INTO stripe_webhook_events (event_id, event_type, stripe_created_at, outcome)
    VALUES (${event.id}, ${event.type}, ${event.createdAt}::timestamptz, 'processed')
    ON CONFLICT (event_id) DO NOTHING`;
  return inserted > 0;
}

/** The outcome (and user) of an event claimed in this transaction. */
export async function settleStripeEvent(
  tx: Tx,
  eventId: string,
  outcome: StripeEventOutcome,
  userId: string | null,
): Promise<void> {
  await tx.$executeRaw`
    UPDATE stripe_webhook_events SET outcome = ${outcome}, user_id = ${userId}::uuid WHERE event_id = ${eventId}`;
}

/** Whether a Stripe event was processed before (a cheap check before calling Stripe about it). */
export async function isStripeEventRecorded(tx: Tx, eventId: string): Promise<boolean> {
  const [row] = await tx.$queryRaw<{ found: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM stripe_webhook_events WHERE event_id = ${eventId}) AS found`;
  return row?.found ?? false;
}

/** A subscription state from Stripe; null fields keep what is stored. */
export interface SubscriptionState {
  tier: Exclude<SubscriptionTier, 'free'> | null;
  status: BillingStatus;
  startedAt: Date | null;
  endsAt: Date | null;
  /** The billing period Stripe reports (a subscription item's current period, an invoice line's). */
  period: { start: Date; end: Date } | null;
  stripeCustomerId: string | null;
  stripeSubscriptionId: string | null;
}

export interface AppliedSubscription {
  tier: SubscriptionTier;
  status: string;
  endsAt: Date | null;
  /** True when the Stripe period was a new one: the monthly counters were zeroed with it. */
  periodReset: boolean;
}

/**
 * Apply a Stripe subscription state observed at `observedAt` (event.created), in one UPDATE;
 * null (nothing changed) when a later state was applied already (an older event arriving late).
 * Service path, after `lockBillingAccount` in the same transaction.
 *
 * - A cancelled or inactive state whose end has passed is `free` at once.
 * - A suspended account stays suspended (the tier and period still follow Stripe).
 * - A period starting at or after the stored period end (or replacing a stored one that is over)
 *   is the next one: it replaces the stored period and zeroes the monthly counters in the same
 *   statement, so a period is reset once whether Stripe or the hourly reset gets there first. A
 *   running period overlapping the stored one only moves its end; a past one changes nothing.
 */
export async function applySubscriptionState(
  tx: Tx,
  userId: string,
  state: SubscriptionState,
  observedAt: Date,
): Promise<AppliedSubscription | null> {
  const start = state.period?.start ?? null;
  const end = state.period?.end ?? null;
  const [row] = await tx.$queryRaw<
    { tier: SubscriptionTier; status: string; ends_at: Date | null; period_reset: boolean }[]
  >`
    WITH target AS (
      SELECT id,
             -- Only a period still running is written: a late event's past period changes nothing.
             COALESCE(${end}::timestamptz > now(), false)
               AND (billing_period_end IS NULL
                    OR ${start}::timestamptz >= billing_period_end
                    -- The stored period is over and its reset due: never stretch it past that reset.
                    OR billing_period_end <= now()) AS new_period,
             COALESCE(${end}::timestamptz > now(), false)
               AND (billing_period_start IS NULL OR ${end}::timestamptz > billing_period_start) AS current_period,
             COALESCE(${state.endsAt}::timestamptz, subscription_ends_at) AS ends_at
        FROM users
       WHERE id = ${userId}::uuid
         AND (subscription_synced_at IS NULL OR subscription_synced_at <= ${observedAt}::timestamptz)
    )
    UPDATE users u SET
           subscription_tier = CASE
             WHEN ${state.status} IN ('cancelled', 'inactive') AND t.ends_at <= now() THEN 'free'
             ELSE COALESCE(${state.tier}, u.subscription_tier) END,
           -- An administrator's suspension is not billing's to lift.
           subscription_status = CASE WHEN u.subscription_status = 'suspended' THEN u.subscription_status
                                      ELSE ${state.status} END,
           subscription_started_at = COALESCE(${state.startedAt}::timestamptz, u.subscription_started_at),
           subscription_ends_at = t.ends_at,
           stripe_customer_id = COALESCE(u.stripe_customer_id, ${state.stripeCustomerId}),
           stripe_subscription_id = COALESCE(${state.stripeSubscriptionId}, u.stripe_subscription_id),
           subscription_synced_at = ${observedAt}::timestamptz,
           billing_period_start = CASE WHEN t.new_period THEN ${start}::timestamptz ELSE u.billing_period_start END,
           billing_period_end = CASE WHEN t.new_period OR t.current_period THEN ${end}::timestamptz
                                     ELSE u.billing_period_end END,
           uploads_this_month = CASE WHEN t.new_period THEN 0 ELSE u.uploads_this_month END,
           searches_this_month = CASE WHEN t.new_period THEN 0 ELSE u.searches_this_month END
      FROM target t
     WHERE u.id = t.id
       AND (u.subscription_synced_at IS NULL OR u.subscription_synced_at <= ${observedAt}::timestamptz)
    RETURNING u.subscription_tier AS tier, u.subscription_status AS status, u.subscription_ends_at AS ends_at,
              t.new_period AS period_reset`;
  return row ? { tier: row.tier, status: row.status, endsAt: row.ends_at, periodReset: row.period_reset } : null;
}

export interface FreeFallback {
  userId: string;
  previousTier: SubscriptionTier;
  status: string;
  endsAt: Date;
}

/**
 * Users whose cancelled or unpaid subscription reached its end go back to `free`, in one
 * conditional UPDATE: two replicas running it at once move each user once (the second finds the
 * row already free once the first commits). Service path.
 */
export async function fallBackToFreeAtPeriodEnd(tx: Tx): Promise<FreeFallback[]> {
  const rows = await tx.$queryRaw<
    { user_id: string; previous_tier: SubscriptionTier; status: string; ends_at: Date }[]
  >`
    UPDATE users u SET subscription_tier = 'free'
      FROM (SELECT id, subscription_tier
              FROM users
             WHERE subscription_tier <> 'free'
               AND subscription_status IN ('cancelled', 'inactive')
               AND subscription_ends_at <= now()
             ORDER BY id -- one lock order for every locker of many rows: no deadlock between them
               FOR UPDATE) due
     WHERE u.id = due.id
    RETURNING u.id AS user_id, due.subscription_tier AS previous_tier, u.subscription_status AS status,
              u.subscription_ends_at AS ends_at`;
  return rows.map((row) => ({
    userId: row.user_id,
    previousTier: row.previous_tier,
    status: row.status,
    endsAt: row.ends_at,
  }));
}
