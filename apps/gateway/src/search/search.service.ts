import { Injectable } from '@nestjs/common';
import {
  BILLING_CONSUME_SEARCH_V1,
  DomainError,
  SEARCH_QUERY_V1,
  type SearchFilters,
  type SearchRequest,
} from '@ams/contracts';
import { MessageBus } from '@ams/messaging';
import type { SignedInUser } from '../users/signed-in-user';
import { toPublicHit, type SearchPageDto, type SearchQuery } from './dto/search.dto';

/** Where the request came from: kept in the caller's search history, never shown to others. */
export interface SearchClient {
  userAgent?: string;
  ip?: string;
}

/** A search on behalf of the signed-in user: counted against the plan first (its first page), then run. */
@Injectable()
export class SearchService {
  constructor(private readonly bus: MessageBus) {}

  async search(user: SignedInUser, query: SearchQuery, client: SearchClient): Promise<SearchPageDto> {
    // A later page of a search already counted (its cursor is signed by the search service).
    const quota = query.cursor
      ? { allowed: true as const }
      : await this.bus.request(BILLING_CONSUME_SEARCH_V1, { userId: user.id });
    if (!quota.allowed) {
      throw new DomainError('SEARCH_QUOTA_EXCEEDED', 'You have used all searches of your plan for this month.', {
        limit: quota.limit,
        used: quota.used,
      });
    }
    const reply = await this.bus.request(SEARCH_QUERY_V1, toSearchRequest(user.id, query, client));
    return { ...reply, items: reply.items.map(toPublicHit) };
  }
}

/** The public query string as the search contract's request. */
export function toSearchRequest(userId: string, query: SearchQuery, client: SearchClient): SearchRequest {
  const filters: SearchFilters = {
    fileType: query.type,
    status: query.status,
    from: query.from,
    to: query.to,
    tags: query.tags,
    excludeTags: query.excludeTags,
    labels: query.labels,
    excludeLabels: query.excludeLabels,
    excludeText: query.excludeText,
    hasFaces: query.hasFaces,
    sentiment: query.sentiment,
    minDuration: query.minDuration,
    maxDuration: query.maxDuration,
    filename: query.filename,
  };
  return {
    userId,
    query: query.q,
    mode: query.mode ?? 'hybrid',
    filters: withoutUndefined(filters),
    minScore: query.minScore,
    sort: query.sort ?? 'relevance',
    order: query.order ?? 'desc',
    limit: query.limit,
    cursor: query.cursor,
    origin: withoutUndefined({
      sessionId: query.sessionId,
      sourcePage: query.source,
      // Bounded like the history columns; a longer header is cut, not refused.
      userAgent: client.userAgent?.slice(0, 1000),
      ip: client.ip?.slice(0, 64),
    }),
  };
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
