import { z } from 'zod';
import { defineEvent, defineRpc } from './contract';
import { MAX_TAG_LENGTH, MEDIA_KINDS, MEDIA_STATUSES } from './media';
import { SENTIMENT_VALUES } from './analysis';

const owned = { userId: z.uuid(), mediaId: z.uuid() };
const timestamp = z.iso.datetime({ offset: true });

export const MAX_QUERY_LENGTH = 500;
export const MAX_SEARCH_LIMIT = 100;
export const SEARCH_MODES = ['hybrid', 'semantic', 'keyword'] as const;
export type SearchMode = (typeof SEARCH_MODES)[number];
export const SEARCH_SORTS = ['relevance', 'date'] as const;

const term = z.string().trim().min(1).max(MAX_TAG_LENGTH);
const terms = z.array(term).max(20);

/** What narrows a search: every field is optional; lists of terms are ANDed, exclusions drop a file. */
export const searchFiltersSchema = z
  .object({
    fileType: z.enum(MEDIA_KINDS).optional(),
    status: z.enum(MEDIA_STATUSES).optional(),
    /** On the day the file was taken (EXIF) or, lacking that, uploaded. */
    from: timestamp.optional(),
    to: timestamp.optional(),
    tags: terms.optional(),
    excludeTags: terms.optional(),
    labels: terms.optional(),
    excludeLabels: terms.optional(),
    /** Words that must not appear in anything found in the file (text, transcript, summary…). */
    excludeText: terms.optional(),
    hasFaces: z.boolean().optional(),
    sentiment: z.enum(SENTIMENT_VALUES).optional(),
    minDuration: z.number().nonnegative().optional(),
    maxDuration: z.number().nonnegative().optional(),
    /** Part of the file name, any case. */
    filename: z.string().trim().min(1).max(255).optional(),
  })
  .strict();
export type SearchFilters = z.infer<typeof searchFiltersSchema>;

/** Who searched and from where: written to search_history, never returned to others. */
export const searchOriginSchema = z.object({
  sessionId: z.uuid().optional(),
  sourcePage: z.string().max(100).optional(),
  userAgent: z.string().max(1000).optional(),
  ip: z.string().max(64).optional(),
});

export const searchRequestSchema = z.object({
  userId: z.uuid(),
  query: z.string().trim().min(1).max(MAX_QUERY_LENGTH),
  mode: z.enum(SEARCH_MODES).default('hybrid'),
  filters: searchFiltersSchema.default({}),
  /** Results scoring below this (0..1) are left out rather than padded in. */
  minScore: z.number().min(0).max(1).optional(),
  sort: z.enum(SEARCH_SORTS).default('relevance'),
  order: z.enum(['asc', 'desc']).default('desc'),
  limit: z.number().int().min(1).max(MAX_SEARCH_LIMIT).default(20),
  cursor: z.string().max(1000).optional(),
  origin: searchOriginSchema.default({}),
});
export type SearchRequest = z.infer<typeof searchRequestSchema>;

/** A stretch of a video that matches, to jump to. */
export const momentSchema = z.object({
  start: z.number().nonnegative(),
  end: z.number().nonnegative(),
  score: z.number().min(0).max(1),
  /** What matched there: `visual` (what is shown), `audio` (what is said), `temporal` (both). */
  kind: z.enum(['temporal', 'audio', 'visual']),
  snippet: z.string().nullable(),
});
export type Moment = z.infer<typeof momentSchema>;

export const searchHitSchema = z.object({
  mediaId: z.uuid(),
  fileType: z.enum(MEDIA_KINDS),
  filename: z.string(),
  hasThumbnail: z.boolean(),
  /** 0..1: how well the file matches (the same scale `minScore` cuts on). */
  score: z.number().min(0).max(1),
  /** Fields where the query's words (or close meanings) were found: summary, labels, text, transcript, tags, filename… */
  matchedFields: z.array(z.string()),
  /** The best matching passage, matched words wrapped in `<mark>`…`</mark>` (the rest HTML-escaped). */
  snippet: z.string().nullable(),
  /** Videos: the best matching moments, best first. */
  moments: z.array(momentSchema),
  uploadedAt: timestamp,
  takenAt: timestamp.nullable(),
  durationSeconds: z.number().nullable(),
});
export type SearchHit = z.infer<typeof searchHitSchema>;

export const searchReplySchema = z.object({
  searchId: z.uuid(),
  items: z.array(searchHitSchema),
  nextCursor: z.string().nullable(),
  model: z.string(),
  cacheHit: z.boolean(),
  tookMs: z.number().int().nonnegative(),
});
export type SearchReply = z.infer<typeof searchReplySchema>;

/** Search the caller's library in plain language. */
export const SEARCH_QUERY_V1 = defineRpc('search.query.v1', searchRequestSchema, searchReplySchema);

/** More like this one: the caller's files nearest to one of their files. */
export const SEARCH_SIMILAR_V1 = defineRpc(
  'search.similar.v1',
  z.object({ ...owned, limit: z.number().int().min(1).max(MAX_SEARCH_LIMIT).default(20) }),
  z.object({ items: z.array(searchHitSchema), model: z.string() }),
);

/** A result of one of the caller's searches was opened. */
export const SEARCH_CLICK_V1 = defineRpc(
  'search.click.v1',
  z.object({ ...owned, searchId: z.uuid() }),
  z.object({ searchId: z.uuid(), clickedResults: z.array(z.uuid()), clickThroughRate: z.number().min(0).max(1) }),
);

export const searchHistoryEntrySchema = z.object({
  searchId: z.uuid(),
  query: z.string().nullable(),
  filters: z.record(z.string(), z.unknown()),
  sort: z.string().nullable(),
  resultsCount: z.number().int().nonnegative(),
  responseTimeMs: z.number().int().nullable(),
  cacheHit: z.boolean(),
  clickedResults: z.array(z.uuid()),
  clickThroughRate: z.number().nullable(),
  searchedAt: timestamp,
});

export const SEARCH_HISTORY_V1 = defineRpc(
  'search.history.v1',
  z.object({
    userId: z.uuid(),
    limit: z.number().int().min(1).max(100).default(20),
    cursor: z.string().max(200).optional(),
  }),
  z.object({ items: z.array(searchHistoryEntrySchema), nextCursor: z.string().nullable() }),
);

export const SEARCH_ANALYTICS_V1 = defineRpc(
  'search.analytics.v1',
  z.object({ userId: z.uuid(), days: z.number().int().min(1).max(366).default(30) }),
  z.object({
    days: z.number().int(),
    totals: z.object({
      searches: z.number().int(),
      avgResponseTimeMs: z.number().nullable(),
      clickThroughRate: z.number().nullable(),
      cacheHitRate: z.number().nullable(),
    }),
    daily: z.array(
      z.object({
        date: z.string(),
        searches: z.number().int(),
        avgResponseTimeMs: z.number().nullable(),
        clickThroughRate: z.number().nullable(),
      }),
    ),
  }),
);

export const reindexRunSchema = z.object({
  id: z.uuid(),
  model: z.string(),
  status: z.enum(['running', 'completed', 'failed']),
  total: z.number().int().nonnegative(),
  done: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  /** The model searches use right now: the previous one until this run completes. */
  servingModel: z.string(),
  startedAt: timestamp,
  completedAt: timestamp.nullable(),
  error: z.string().nullable(),
});
export type ReindexRun = z.infer<typeof reindexRunSchema>;

/** Admin: re-embed every file with the configured model, in the background. */
export const SEARCH_REINDEX_V1 = defineRpc('search.reindex.v1', z.object({ requestedBy: z.uuid() }), reindexRunSchema);
export const SEARCH_REINDEX_STATUS_V1 = defineRpc(
  'search.reindex-status.v1',
  z.object({ runId: z.uuid().optional() }),
  reindexRunSchema.nullable(),
);

/** A file's embeddings were written: it is searchable. */
export const SEARCH_INDEXED_V1 = defineEvent(
  'search.indexed.v1',
  z.object({ ...owned, model: z.string(), embeddings: z.number().int().nonnegative(), indexedAt: timestamp }),
);

/** A file could not be embedded after retries (the embedding provider kept failing). */
export const SEARCH_INDEX_FAILED_V1 = defineEvent(
  'search.index-failed.v1',
  z.object({ ...owned, failedAt: timestamp, errorCode: z.string(), message: z.string() }),
);

/** Billing: count one search against the caller's monthly quota, or refuse it. */
export const BILLING_CONSUME_SEARCH_V1 = defineRpc(
  'billing.consume-search.v1',
  z.object({ userId: z.uuid() }),
  z.discriminatedUnion('allowed', [
    z.object({ allowed: z.literal(true), used: z.number().int(), limit: z.number().int().nullable() }),
    z.object({ allowed: z.literal(false), used: z.number().int(), limit: z.number().int() }),
  ]),
);
