import { Injectable } from '@nestjs/common';
import {
  applySubscriptionState,
  billingAccount,
  claimStripeEvent,
  Database,
  lockBillingAccount,
  settleStripeEvent,
  userIdOfStripeCustomer,
  type BillingAccount,
  type StripeEventOutcome,
  type SubscriptionState,
  type Tx,
} from '@ams/db';
import { SubscriptionEvents } from './subscription-events';
import type { StripeSubscriptionFacts } from './subscription-state';

export interface StripeEventFacts extends StripeSubscriptionFacts {
  /** Checkout links a new subscription; other events only speak for the one the user has. */
  replacesSubscription: boolean;
}

/** The parts of a Stripe event the ledger needs: its id, type and Stripe's time (unix seconds). */
export interface StripeEventHeader {
  id: string;
  type: string;
  created: number;
}

/**
 * An event about another subscription than the user's current one (say, the late `deleted` of a
 * replaced one) changes nothing, unless the stored one is over and this one is live.
 */
export function concernsCurrentSubscription(account: BillingAccount, state: SubscriptionState): boolean {
  if (!account.stripeSubscriptionId || !state.stripeSubscriptionId) return true;
  if (account.stripeSubscriptionId === state.stripeSubscriptionId) return true;
  return account.status === 'cancelled' && state.status !== 'cancelled';
}

/** Applies verified Stripe events to users, each once, in one short transaction per event. */
@Injectable()
export class SubscriptionSync {
  constructor(
    private readonly database: Database,
    private readonly events: SubscriptionEvents,
  ) {}

  /**
   * Record the event first (a redelivery stops there: `duplicate`), then apply `facts` to the
   * user they name, unless a later event was applied already (`stale`). No facts, or no user we
   * know: `ignored`. Everything, announcements included, commits or rolls back together.
   */
  record(event: StripeEventHeader, facts: StripeEventFacts | null): Promise<StripeEventOutcome | 'duplicate'> {
    const observedAt = new Date(event.created * 1000);
    return this.database.service(async (tx) => {
      if (!(await claimStripeEvent(tx, { id: event.id, type: event.type, createdAt: observedAt }))) return 'duplicate';
      const userId = facts ? await this.userOf(tx, facts) : null;
      const outcome = facts && userId ? await this.apply(tx, userId, facts, event.id, observedAt) : 'ignored';
      await settleStripeEvent(tx, event.id, outcome, userId);
      return outcome;
    });
  }

  private async apply(
    tx: Tx,
    userId: string,
    facts: StripeEventFacts,
    eventId: string,
    observedAt: Date,
  ): Promise<StripeEventOutcome> {
    const account = await lockBillingAccount(tx, userId);
    if (!account) return 'ignored';
    if (!facts.replacesSubscription && !concernsCurrentSubscription(account, facts.state)) return 'ignored';
    const applied = await applySubscriptionState(tx, userId, facts.state, observedAt);
    if (!applied) return 'stale';
    await this.events.changed(tx, {
      userId,
      previous: { tier: account.tier, status: account.status },
      current: { tier: applied.tier, status: applied.status, endsAt: applied.endsAt },
      source: 'stripe',
      stripeEventId: eventId,
    });
    return 'processed';
  }

  /** The customer's user; else the user the metadata names, if that user has no other customer. */
  private async userOf(tx: Tx, { state, userIdHint }: StripeEventFacts): Promise<string | null> {
    if (state.stripeCustomerId) {
      const owner = await userIdOfStripeCustomer(tx, state.stripeCustomerId);
      if (owner) return owner;
    }
    if (!userIdHint) return null;
    const hinted = await billingAccount(tx, userIdHint);
    if (!hinted) return null;
    if (hinted.stripeCustomerId && hinted.stripeCustomerId !== state.stripeCustomerId) return null;
    return hinted.id;
  }
}
