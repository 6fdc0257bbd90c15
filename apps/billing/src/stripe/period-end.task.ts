import { Injectable } from '@nestjs/common';
import { Database, fallBackToFreeAtPeriodEnd } from '@ams/db';
import { PeriodicTask } from '@ams/runtime';
import { SubscriptionEvents } from './subscription-events';

/**
 * A cancelled or unpaid subscription keeps its tier until the period it was paid for ends, then
 * falls back to free. Every 10 minutes bounds how long past its end a plan lasts; two replicas
 * running it at once move each user once (see fallBackToFreeAtPeriodEnd).
 */
@Injectable()
export class SubscriptionPeriodEndTask extends PeriodicTask {
  protected readonly name = 'subscription-period-end';
  protected readonly intervalMs = 10 * 60 * 1000;

  constructor(
    private readonly database: Database,
    private readonly events: SubscriptionEvents,
  ) {
    super();
  }

  protected async runOnce() {
    const moved = await this.database.service(async (tx) => {
      const users = await fallBackToFreeAtPeriodEnd(tx);
      for (const user of users) {
        await this.events.changed(tx, {
          userId: user.userId,
          previous: { tier: user.previousTier, status: user.status },
          current: { tier: 'free', status: user.status, endsAt: user.endsAt },
          source: 'period-end',
          stripeEventId: null,
        });
      }
      return users.length;
    });
    return { usersMovedToFree: moved };
  }
}
