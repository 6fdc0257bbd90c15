import { Injectable } from '@nestjs/common';
import { AuditTrail } from '@ams/audit-trail';
import { BILLING_SUBSCRIPTION_CHANGED_V1, type Tier } from '@ams/contracts';
import type { Tx } from '@ams/db';
import { Outbox } from '@ams/messaging';

/** A user's subscription before and after one change, and what caused it. */
export interface SubscriptionChange {
  userId: string;
  previous: { tier: Tier; status: string };
  current: { tier: Tier; status: string; endsAt: Date | null };
  source: 'stripe' | 'period-end';
  stripeEventId: string | null;
}

/** Announces subscription changes: to other services, and to the audit trail. */
@Injectable()
export class SubscriptionEvents {
  constructor(
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
  ) {}

  /**
   * Queue both events in the transaction that made the change (so they exist if and only if it
   * commits). Nothing when neither tier nor status moved; returns whether anything was queued.
   */
  async changed(tx: Tx, change: SubscriptionChange): Promise<boolean> {
    const { previous, current } = change;
    if (previous.tier === current.tier && previous.status === current.status) return false;
    const changedAt = new Date().toISOString();
    const endsAt = current.endsAt?.toISOString() ?? null;
    await this.outbox.add(tx, BILLING_SUBSCRIPTION_CHANGED_V1, {
      userId: change.userId,
      previous,
      current: { tier: current.tier, status: current.status, endsAt },
      source: change.source,
      stripeEventId: change.stripeEventId,
      changedAt,
    });
    await this.audit.recordIn(tx, 'billing.subscription_changed', {
      action: change.source === 'stripe' ? 'stripe_update' : 'period_end_fallback',
      actorType: 'system',
      actorIdentifier: change.source === 'stripe' ? 'stripe' : 'billing',
      userId: change.userId,
      targetType: 'user',
      targetId: change.userId,
      description: `Subscription ${previous.tier}/${previous.status} → ${current.tier}/${current.status}`,
      oldValues: { ...previous },
      newValues: { tier: current.tier, status: current.status, endsAt },
      metadata: { source: change.source, stripeEventId: change.stripeEventId },
    });
    return true;
  }
}
