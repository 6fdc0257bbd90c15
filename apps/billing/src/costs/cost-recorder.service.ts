import { Injectable, Logger } from '@nestjs/common';
import { AuditTrail } from '@ams/audit-trail';
import { BILLING_COST_ALERT_V1, isUuid, type PayloadOf, type COST_INCURRED_V1 } from '@ams/contracts';
import { claimCostAlert, Database, periodSpending, recordCost, type Tx } from '@ams/db';
import { Outbox } from '@ams/messaging';
import { costItem } from './cost-items';

type CostIncurred = PayloadOf<typeof COST_INCURRED_V1>;

/**
 * Files every paid provider call in cost_tracking and alerts once per billing period when a
 * user's spending reaches the tier's alert threshold of its monthly cap.
 */
@Injectable()
export class CostRecorder {
  private readonly logger = new Logger(CostRecorder.name);

  constructor(
    private readonly database: Database,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
  ) {}

  /** Record one cost event (a redelivery records nothing). Returns whether a row was written. */
  async record(cost: CostIncurred, eventId: string): Promise<boolean> {
    const item = costItem(cost.item);
    if (!item) {
      // Local models report free calls ("local.vision"): nothing to bill, and no spec service to file them under.
      if (cost.amountUsd === 0) return false;
      // A priced item billing cannot file: fail loudly (dead-lettered, not lost).
      throw new Error(`cost item "${cost.item}" has no cost_tracking service`);
    }
    return this.database.service(async (tx) => {
      const written = await recordCost(tx, {
        sourceEventId: isUuid(eventId) ? eventId : crypto.randomUUID(),
        userId: cost.userId,
        mediaId: cost.mediaId,
        jobId: cost.jobId,
        ...item,
        units: cost.units,
        amountUsd: cost.amountUsd,
        incurredAt: new Date(cost.incurredAt),
        metadata: { provider: cost.provider, item: cost.item, durationMs: cost.durationMs },
      });
      if (written && cost.amountUsd > 0) await this.alertIfThresholdCrossed(tx, cost.userId);
      return written;
    });
  }

  private async alertIfThresholdCrossed(tx: Tx, userId: string): Promise<void> {
    const spending = await periodSpending(tx, userId);
    if (!spending || spending.capUsd === null || spending.alertThreshold === null) return;
    if (spending.spentUsd < spending.capUsd * spending.alertThreshold) return;
    const claimed = await claimCostAlert(tx, {
      userId,
      periodStart: spending.periodStart,
      spentUsd: spending.spentUsd,
      capUsd: spending.capUsd,
    });
    if (!claimed) return;
    const alertedAt = new Date().toISOString();
    await this.outbox.add(tx, BILLING_COST_ALERT_V1, {
      userId,
      tier: spending.tier,
      periodStart: spending.periodStart.toISOString(),
      spentUsd: spending.spentUsd,
      capUsd: spending.capUsd,
      threshold: spending.alertThreshold,
      alertedAt,
    });
    await this.audit.recordIn(tx, 'billing.cost_alert', {
      userId,
      actorType: 'system',
      targetType: 'user',
      targetId: userId,
      description: `AI spending reached ${Math.round(spending.alertThreshold * 100)}% of the monthly cap`,
      metadata: {
        spentUsd: spending.spentUsd,
        capUsd: spending.capUsd,
        periodStart: spending.periodStart.toISOString(),
      },
    });
    this.logger.log({ userId, spentUsd: spending.spentUsd, capUsd: spending.capUsd }, 'cost alert raised');
  }
}
