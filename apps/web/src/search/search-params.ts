import type { SearchQuery } from '@ams/sdk';

/**
 * The search view lives in the URL (so reload, back and forward work): `q`, the filters under
 * the API's own names, and `similar` for "More like this". Lists stay as the comma-separated
 * text the user typed; they become repeated parameters only when sent.
 */
export const FILTER_KEYS = [
  'type',
  'mode',
  'from',
  'to',
  'tags',
  'excludeTags',
  'labels',
  'excludeLabels',
  'excludeText',
  'hasFaces',
  'sentiment',
  'minDuration',
  'maxDuration',
  'sort',
] as const;

export type FilterKey = (typeof FILTER_KEYS)[number];
export type FilterValues = Record<FilterKey, string>;

export const EMPTY_FILTERS: FilterValues = Object.fromEntries(FILTER_KEYS.map((key) => [key, ''])) as FilterValues;

/** Values that mean "the API's default": left out of the URL and the request. */
const DEFAULTS: Partial<FilterValues> = { mode: 'hybrid', sort: 'relevance' };

export function readFilters(params: URLSearchParams): FilterValues {
  const filters = { ...EMPTY_FILTERS };
  for (const key of FILTER_KEYS) filters[key] = params.get(key) ?? '';
  return filters;
}

export function activeFilterCount(filters: FilterValues): number {
  return FILTER_KEYS.filter((key) => isSet(filters, key)).length;
}

function isSet(filters: FilterValues, key: FilterKey): boolean {
  const value = filters[key].trim();
  return value !== '' && value !== DEFAULTS[key];
}

/** The URL of a search: the query and every filter that is set. */
export function toUrlParams(q: string, filters: FilterValues): URLSearchParams {
  const params = new URLSearchParams();
  if (q.trim()) params.set('q', q.trim());
  for (const key of FILTER_KEYS) if (isSet(filters, key)) params.set(key, filters[key].trim());
  return params;
}

const splitList = (text: string) =>
  text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);

const toNumber = (text: string) => {
  const value = Number(text);
  return text.trim() !== '' && Number.isFinite(value) && value >= 0 ? value : undefined;
};

const oneOf = <T extends string>(value: string, allowed: readonly T[]): T | undefined =>
  (allowed as readonly string[]).includes(value) ? (value as T) : undefined;

const listOrUndefined = (text: string) => {
  const list = splitList(text);
  return list.length ? list : undefined;
};

/** The request for GET /v1/search (without cursor and sessionId): only what is set. */
export function toApiQuery(q: string, filters: FilterValues): SearchQuery {
  const query: SearchQuery = {
    q: q.trim(),
    type: oneOf(filters.type, ['image', 'video'] as const),
    mode: isSet(filters, 'mode') ? oneOf(filters.mode, ['hybrid', 'semantic', 'keyword'] as const) : undefined,
    // <input type="date"> gives YYYY-MM-DD, which the API takes as a whole day.
    from: filters.from || undefined,
    to: filters.to || undefined,
    tags: listOrUndefined(filters.tags),
    excludeTags: listOrUndefined(filters.excludeTags),
    labels: listOrUndefined(filters.labels),
    excludeLabels: listOrUndefined(filters.excludeLabels),
    excludeText: listOrUndefined(filters.excludeText),
    hasFaces: oneOf(filters.hasFaces, ['true', 'false'] as const),
    sentiment: oneOf(filters.sentiment, ['POSITIVE', 'NEGATIVE', 'NEUTRAL', 'MIXED'] as const),
    minDuration: toNumber(filters.minDuration),
    maxDuration: toNumber(filters.maxDuration),
    sort: isSet(filters, 'sort') ? oneOf(filters.sort, ['relevance', 'date'] as const) : undefined,
  };
  // Unset keys are dropped so the cache key and the URL sent stay minimal.
  return Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined)) as SearchQuery;
}
