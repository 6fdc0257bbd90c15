import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import { useLocation, useNavigate, useSearchParams } from 'react-router';
import type { AmsClient, SearchHit } from '@ams/sdk';
import { useClient } from '../services';
import { EmptyState, ErrorNotice, Loading } from '../ui/states';
import { RecentSearches } from './recent-searches';
import { SearchForm } from './search-form';
import {
  activeFilterCount,
  EMPTY_FILTERS,
  readFilters,
  toApiQuery,
  toUrlParams,
  type FilterValues,
} from './search-params';
import { SearchResults, type ResultActions, type ResultEntry } from './search-results';
import './search.css';

const SIMILAR_LIMIT = 24;

const searchKey = (query: ReturnType<typeof toApiQuery>) => ['search', 'results', query] as const;

/** One id per visit to the screen, for the API's analytics; left out where the browser offers none (non-HTTPS). */
function newSessionId(): string | undefined {
  return globalThis.crypto?.randomUUID?.();
}

/** "This result was opened": analytics only, so failures are ignored and navigation never waits. */
function recordClick(client: AmsClient, searchId: string | null, mediaId: string) {
  if (!searchId) return;
  void client
    .call(client.api.POST('/v1/search/{searchId}/click', { params: { path: { searchId } }, body: { mediaId } }))
    .catch(() => undefined);
}

export function SearchScreen() {
  const client = useClient();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const [params, setParams] = useSearchParams();
  const [sessionId] = useState(newSessionId);

  const q = params.get('q') ?? '';
  const similar = params.get('similar');
  const paramsKey = params.toString();
  const filters = useMemo(() => readFilters(new URLSearchParams(paramsKey)), [paramsKey]);

  const submit = useCallback(
    (query: string, nextFilters: FilterValues) => {
      // A new submission starts from page one, even when it repeats the search on screen.
      if (query) void queryClient.resetQueries({ queryKey: searchKey(toApiQuery(query, nextFilters)), exact: true });
      setParams(toUrlParams(query, nextFilters));
    },
    [queryClient, setParams],
  );

  const actions: ResultActions = useMemo(
    () => ({
      onOpen: (entry) => recordClick(client, entry.searchId, entry.hit.mediaId),
      onMoreLikeThis: (hit: SearchHit) =>
        void navigate(`/search?similar=${encodeURIComponent(hit.mediaId)}`, { state: { similarTo: hit.filename } }),
    }),
    [client, navigate],
  );

  const similarTo = (location.state as { similarTo?: string } | null)?.similarTo;

  return (
    <div className="search-screen">
      <h1>Search</h1>
      <SearchForm key={paramsKey} initialQuery={q} initialFilters={filters} onSubmit={submit} />
      {similar ? (
        <SimilarResults mediaId={similar} filename={similarTo} actions={actions} />
      ) : q ? (
        <QueryResults
          query={q}
          filters={filters}
          sessionId={sessionId}
          actions={actions}
          onClearFilters={() => submit(q, EMPTY_FILTERS)}
        />
      ) : (
        <RecentSearches onPick={(query) => submit(query, EMPTY_FILTERS)} />
      )}
    </div>
  );
}

function QueryResults({
  query,
  filters,
  sessionId,
  actions,
  onClearFilters,
}: {
  query: string;
  filters: FilterValues;
  sessionId: string | undefined;
  actions: ResultActions;
  onClearFilters: () => void;
}) {
  const client = useClient();
  const queryClient = useQueryClient();
  const apiQuery = useMemo(() => toApiQuery(query, filters), [query, filters]);
  const search = useInfiniteQuery({
    queryKey: searchKey(apiQuery),
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam, signal }) => {
      const page = await client.call(
        client.api.GET('/v1/search', {
          params: { query: { ...apiQuery, cursor: pageParam, sessionId, source: 'search' } },
          signal,
        }),
      );
      // The search is now in the history; the recent list should show it next time.
      void queryClient.invalidateQueries({ queryKey: ['search', 'history'] });
      return page;
    },
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

  if (search.isPending) return <Loading label="Searching…" />;
  if (search.isError && !search.data)
    return <ErrorNotice error={search.error} title="The search failed" onRetry={() => void search.refetch()} />;

  const entries: ResultEntry[] = search.data.pages.flatMap((page) =>
    page.items.map((hit) => ({ hit, searchId: page.searchId })),
  );
  if (entries.length === 0)
    return (
      <EmptyState title={`No matches for “${query}”`}>
        <p>Try describing it in other words{activeFilterCount(filters) > 0 ? ', or clear the filters' : ''}.</p>
        {activeFilterCount(filters) > 0 && (
          <button type="button" onClick={onClearFilters}>
            Clear filters
          </button>
        )}
      </EmptyState>
    );

  const tookMs = search.data.pages[0]?.tookMs ?? 0;
  return (
    <>
      <p className="muted small search-meta">
        {entries.length} {entries.length === 1 ? 'result' : 'results'}
        {search.hasNextPage ? ' so far' : ''} in {tookMs} ms
      </p>
      <SearchResults entries={entries} query={query} actions={actions} />
      {search.isFetchNextPageError && <ErrorNotice error={search.error} title="More results could not be loaded" />}
      {search.hasNextPage && (
        <div className="search-more">
          <button type="button" onClick={() => void search.fetchNextPage()} disabled={search.isFetchingNextPage}>
            {search.isFetchingNextPage ? 'Loading more…' : 'Load more results'}
          </button>
        </div>
      )}
    </>
  );
}

function SimilarResults({
  mediaId,
  filename,
  actions,
}: {
  mediaId: string;
  filename: string | undefined;
  actions: ResultActions;
}) {
  const client = useClient();
  const similar = useQuery({
    queryKey: ['search', 'similar', mediaId],
    queryFn: ({ signal }) =>
      client.call(
        client.api.GET('/v1/media/{id}/similar', {
          params: { path: { id: mediaId }, query: { limit: SIMILAR_LIMIT } },
          signal,
        }),
      ),
  });

  return (
    <>
      <h2 className="search-similar-title">Similar to {filename ?? 'this item'}</h2>
      {similar.isPending ? (
        <Loading label="Finding similar files…" />
      ) : similar.isError ? (
        <ErrorNotice
          error={similar.error}
          title="Similar files could not be found"
          onRetry={() => void similar.refetch()}
        />
      ) : similar.data.items.length === 0 ? (
        <EmptyState title="Nothing similar yet">
          <p>Files appear here once more of your library has been analysed.</p>
        </EmptyState>
      ) : (
        <SearchResults
          entries={similar.data.items.map((hit) => ({ hit, searchId: null }))}
          query=""
          actions={actions}
        />
      )}
    </>
  );
}
