import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { JobType } from '@ams/contracts';
import { jobCostCommitments, periodSpending, type Tx } from '@ams/db';
import type { PriceTable } from '@ams/providers';
import { PRICE_TABLE } from '../providers/providers.tokens';
import { estimateCostUsd, estimateUsage, type FileFacts, type ProviderChoice } from './cost-estimate';

export type CostDecision =
  { allowed: true } | { allowed: false; spentUsd: number; estimatedUsd: number; capUsd: number };

/**
 * The tier's monthly AI cost cap, applied before a job runs: a job whose estimate would take the
 * user's spending this period (recorded, plus their other running jobs' estimates) past the cap
 * is refused. Free work (local providers) is never refused.
 */
@Injectable()
export class CostGuard {
  private readonly providers: ProviderChoice;
  private readonly keyframes: { everySeconds: number; maxFrames: number };
  /** With only local providers every job runs at no cost: no check, no query per job. */
  private readonly anyPaidProvider: boolean;

  constructor(
    @Inject(PRICE_TABLE) private readonly prices: PriceTable,
    config: ConfigService,
  ) {
    this.providers = {
      vision: config.get('VISION_PROVIDER') ?? 'local',
      video: config.get('VIDEO_PROVIDER') ?? 'keyframes',
      speech: config.get('SPEECH_PROVIDER') ?? 'local',
      language: config.get('LANGUAGE_PROVIDER') ?? 'local',
      summary: config.get('SUMMARY_PROVIDER') ?? 'local',
      storage: config.get('STORAGE_PROVIDER') ?? 'local',
    };
    const { vision, video, speech, language, summary } = this.providers;
    this.anyPaidProvider = [vision, video, speech, language].includes('aws') || summary === 'openai';
    this.keyframes = {
      everySeconds: config.getOrThrow<number>('KEYFRAME_INTERVAL_SECONDS'),
      maxFrames: config.getOrThrow<number>('KEYFRAME_MAX'),
    };
  }

  /** What `jobType` on this file will most likely cost, in USD. */
  estimate(jobType: JobType, file: FileFacts): number {
    return estimateCostUsd(this.prices, estimateUsage(jobType, file, this.providers, this.keyframes));
  }

  /** Whether the job may start now, in the transaction that would claim it. */
  async check(tx: Tx, jobId: string): Promise<CostDecision> {
    if (!this.anyPaidProvider) return { allowed: true };
    const commitments = await jobCostCommitments(tx, jobId);
    if (!commitments || commitments.estimatedUsd <= 0) return { allowed: true };
    const spending = await periodSpending(tx, commitments.userId);
    if (!spending || spending.capUsd === null) return { allowed: true };
    const spentUsd = spending.spentUsd + commitments.inFlightUsd;
    if (spentUsd + commitments.estimatedUsd <= spending.capUsd) return { allowed: true };
    return { allowed: false, spentUsd, estimatedUsd: commitments.estimatedUsd, capUsd: spending.capUsd };
  }
}
