import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import {
  MAX_QUERY_LENGTH,
  MAX_SEARCH_LIMIT,
  MAX_TAG_LENGTH,
  MEDIA_KINDS,
  MEDIA_STATUSES,
  searchHistoryEntrySchema,
  searchHitSchema,
  searchReplySchema,
  SEARCH_ANALYTICS_V1,
  SEARCH_MODES,
  SEARCH_SORTS,
  SENTIMENT_VALUES,
  type SearchHit,
} from '@ams/contracts';
import { fromMoment, strictQuery, toMoment } from '../../common/query-params';
import { thumbnailUrl } from '../../media/dto/media.dto';

/** `a,b` or `x=a&x=b` (or both): the list of terms, blanks dropped. */
const termList = z
  .union([z.string(), z.array(z.string())])
  .transform((value) =>
    (Array.isArray(value) ? value : [value])
      .flatMap((part) => part.split(','))
      .map((term) => term.trim())
      .filter((term) => term.length > 0),
  )
  .pipe(
    z
      .array(z.string().max(MAX_TAG_LENGTH, `each term must be at most ${MAX_TAG_LENGTH} characters`))
      .max(20, 'at most 20 terms'),
  );

const boolean = z.enum(['true', 'false']).transform((value) => value === 'true');
const seconds = z.coerce.number().nonnegative();

export const searchQuerySchema = strictQuery({
  q: z
    .string()
    .trim()
    .min(1, 'Type something to search for')
    .max(MAX_QUERY_LENGTH, `A search is at most ${MAX_QUERY_LENGTH} characters`)
    .describe('What to find, in plain language'),
  mode: z.enum(SEARCH_MODES).optional().describe('hybrid (default): meaning and words; semantic; keyword'),
  type: z.enum(MEDIA_KINDS).optional(),
  status: z.enum(MEDIA_STATUSES).optional(),
  from: fromMoment.optional(),
  to: toMoment.optional(),
  tags: termList.optional().describe('Every one of these tags (comma-separated or repeated)'),
  excludeTags: termList.optional().describe('None of these tags'),
  labels: termList.optional().describe('Every one of these detected labels'),
  excludeLabels: termList.optional().describe('None of these detected labels'),
  excludeText: termList.optional().describe('Files mentioning any of these words anywhere are left out'),
  hasFaces: boolean.optional(),
  sentiment: z
    .preprocess((value) => (typeof value === 'string' ? value.toUpperCase() : value), z.enum(SENTIMENT_VALUES))
    .optional()
    .describe('The overall sentiment found (any case)'),
  minDuration: seconds.optional().describe('Videos at least this long (seconds)'),
  maxDuration: seconds.optional().describe('Videos at most this long (seconds)'),
  filename: z.string().trim().min(1).max(255).optional().describe('Part of the file name, any case'),
  minScore: z.coerce.number().min(0).max(1).optional().describe('Leave out results scoring below this (0..1)'),
  sort: z.enum(SEARCH_SORTS).optional(),
  order: z.enum(['asc', 'desc']).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_SEARCH_LIMIT).default(20),
  cursor: z.string().max(1000).optional().describe('nextCursor of the previous page'),
  sessionId: z.uuid().optional().describe('The client’s session, for analytics'),
  source: z.string().max(100).optional().describe('The page the search was made from, for analytics'),
})
  .refine((query) => !query.from || !query.to || Date.parse(query.from) < Date.parse(query.to), {
    message: '`from` must be before `to`',
    path: ['from'],
  })
  .refine(
    (query) =>
      query.minDuration === undefined || query.maxDuration === undefined || query.minDuration <= query.maxDuration,
    { message: '`minDuration` must not exceed `maxDuration`', path: ['minDuration'] },
  );

export class SearchQuery extends createZodDto(searchQuerySchema) {}

/** A hit as clients see it: everything the search service found, plus where to get its preview. */
const publicHit = searchHitSchema.extend({
  thumbnailUrl: z.string().nullable().describe('GET this (with your token) for a small preview; null without one'),
});
export type PublicSearchHit = z.infer<typeof publicHit>;

export class SearchHitDto extends createZodDto(publicHit) {}
export class SearchPageDto extends createZodDto(searchReplySchema.extend({ items: z.array(publicHit) })) {}
export class SimilarMediaDto extends createZodDto(z.object({ items: z.array(publicHit), model: z.string() })) {}

export function toPublicHit(hit: SearchHit): PublicSearchHit {
  return { ...hit, thumbnailUrl: thumbnailUrl({ id: hit.mediaId, hasThumbnail: hit.hasThumbnail }) };
}

export class SimilarMediaQuery extends createZodDto(
  strictQuery({ limit: z.coerce.number().int().min(1).max(MAX_SEARCH_LIMIT).default(20) }),
) {}

export class SearchClickBody extends createZodDto(z.object({ mediaId: z.uuid() }).strict()) {}
export class SearchClickDto extends createZodDto(
  z.object({
    searchId: z.uuid(),
    clickedResults: z.array(z.uuid()),
    clickThroughRate: z.number().min(0).max(1),
  }),
) {}

export class SearchHistoryQuery extends createZodDto(
  strictQuery({
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().max(200).optional().describe('nextCursor of the previous page'),
  }),
) {}
export class SearchHistoryPageDto extends createZodDto(
  z.object({ items: z.array(searchHistoryEntrySchema), nextCursor: z.string().nullable() }),
) {}

export class SearchAnalyticsQuery extends createZodDto(
  strictQuery({ days: z.coerce.number().int().min(1).max(366).default(30).describe('The last this many days') }),
) {}
export class SearchAnalyticsDto extends createZodDto(SEARCH_ANALYTICS_V1.reply) {}
