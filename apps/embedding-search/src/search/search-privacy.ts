import type { SearchFilters } from '@ams/contracts';

/** Filters that are the user's own words, not a choice among values: kept only with the query. */
const FREE_TEXT_FILTERS = ['excludeText', 'filename'] as const;

/** The filters without free text: what the audit trail (and an opted-out history row) may keep. */
export function structuredFilters(filters: SearchFilters): SearchFilters {
  const kept: SearchFilters = { ...filters };
  for (const key of FREE_TEXT_FILTERS) delete kept[key];
  return kept;
}

/**
 * What a search may keep about its query, by the user's `store_search_queries` choice. Opted in:
 * the text and the filters parsed from it. Opted out: no text, no query vector (it can be read
 * back into words), and only the filters given as parameters (`tag:x` typed in the box is query
 * text too), without free text.
 */
export function keptQuery(
  keepsText: boolean,
  request: { query: string; filters: SearchFilters },
  parsedFilters: SearchFilters,
): { text: string | null; filters: SearchFilters } {
  return keepsText
    ? { text: request.query, filters: parsedFilters }
    : { text: null, filters: structuredFilters(request.filters) };
}
