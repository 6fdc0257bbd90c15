import { Injectable } from '@nestjs/common';
import { AuditTrail } from '@ams/audit-trail';
import { DomainError, isUuid, type ReplyOf, type SEARCH_ANALYTICS_V1, type SEARCH_HISTORY_V1 } from '@ams/contracts';
import { Database, mediaVisible, recordSearchClick, searchAnalytics, searchHistoryPage, type Tx } from '@ams/db';
import { SearchHistoryWriter } from './search-history.writer';

/** The caller's own searches: clicks, history, analytics (tenant path: RLS keeps them to their owner). */
@Injectable()
export class SearchHistoryService {
  constructor(
    private readonly database: Database,
    private readonly writer: SearchHistoryWriter,
    private readonly audit: AuditTrail,
  ) {}

  async click(userId: string, searchId: string, mediaId: string) {
    let clicked = await this.database.tenant(userId, (tx) => clickOwnMedia(tx, userId, searchId, mediaId));
    if (clicked === null) {
      // The search may still sit in this replica's buffer.
      await this.writer.flush();
      clicked = await this.database.tenant(userId, (tx) => clickOwnMedia(tx, userId, searchId, mediaId));
    }
    if (clicked === 'media-not-visible') {
      this.audit.recordRefusedId({ userId, targetType: 'media_file', targetId: mediaId, operation: 'search.click' });
      throw new DomainError('NOT_FOUND', 'No such file in your library.');
    }
    if (!clicked) {
      this.audit.recordRefusedId({ userId, targetType: 'search', targetId: searchId, operation: 'search.click' });
      throw new DomainError('NOT_FOUND', 'No such search in your history.');
    }
    return { searchId, ...clicked };
  }

  async history(userId: string, limit: number, cursor?: string): Promise<ReplyOf<typeof SEARCH_HISTORY_V1>> {
    const after = cursor ? decodeHistoryCursor(cursor) : undefined;
    const rows = await this.database.tenant(userId, (tx) => searchHistoryPage(tx, userId, limit + 1, after));
    const shown = rows.slice(0, limit);
    const last = shown.at(-1);
    return {
      items: shown.map((row) => ({
        searchId: row.id,
        query: row.queryText,
        filters: row.filters,
        sort: row.sortBy,
        resultsCount: row.resultsCount,
        responseTimeMs: row.responseTimeMs,
        cacheHit: row.cacheHit,
        clickedResults: row.clickedResults,
        clickThroughRate: row.clickThroughRate,
        searchedAt: row.searchedAt.toISOString(),
      })),
      nextCursor:
        rows.length > limit && last
          ? Buffer.from(`${last.searchedAt.toISOString()}|${last.id}`).toString('base64url')
          : null,
    };
  }

  async analytics(userId: string, days: number): Promise<ReplyOf<typeof SEARCH_ANALYTICS_V1>> {
    const stats = await this.database.tenant(userId, (tx) => searchAnalytics(tx, userId, days));
    return { days, ...stats };
  }
}

/** A click counts only on one of the caller's own files (RLS hides the others). */
async function clickOwnMedia(tx: Tx, userId: string, searchId: string, mediaId: string) {
  if (!(await mediaVisible(tx, mediaId))) return 'media-not-visible' as const;
  return recordSearchClick(tx, userId, searchId, mediaId);
}

/** A history cursor only positions the caller's own rows (RLS), so it needs no signature: just validation. */
function decodeHistoryCursor(cursor: string): { searchedAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const searchedAt = new Date(at ?? '');
  if (!id || !isUuid(id) || Number.isNaN(searchedAt.getTime()))
    throw new DomainError('INVALID_CURSOR', 'This cursor is not valid; list your history again without it.');
  return { searchedAt, id };
}
