import { Injectable, Logger } from '@nestjs/common';
import { AuditTrail } from '@ams/audit-trail';
import { consumeSearch, Database, type SearchConsumption } from '@ams/db';

/** The monthly search quota: one search counted, or refused, per call. */
@Injectable()
export class SearchQuotaService {
  private readonly logger = new Logger(SearchQuotaService.name);

  constructor(
    private readonly database: Database,
    private readonly audit: AuditTrail,
  ) {}

  /** Count one search for `userId` if the tier allows another this month (the user's own row: tenant path). */
  async consume(userId: string): Promise<SearchConsumption> {
    const outcome = await this.database.tenant(userId, (tx) => consumeSearch(tx, userId));
    if (!outcome.allowed) {
      this.logger.log({ userId, used: outcome.used, limit: outcome.limit }, 'search refused by quota');
      this.audit.record('quota.exceeded', {
        userId,
        targetType: 'search',
        metadata: { quota: 'searches_per_month', limit: outcome.limit, used: outcome.used },
      });
    }
    return outcome;
  }
}
