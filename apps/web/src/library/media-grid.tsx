import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import type { MediaListQuery, MediaSummary } from '@ams/sdk';
import { useClient } from '../services';
import { formatBytes } from '../ui/format';
import { EmptyState, ErrorNotice, Loading } from '../ui/states';
import { Thumbnail } from '../ui/thumbnail';
import { STATUS_LABELS } from './library-filters';

export const PAGE_SIZE = 50;

/** Every screen that changes files invalidates ['media']; the library's lists live under it. */
export const mediaListKey = (query: MediaListQuery) => ['media', 'list', query] as const;

export function useMediaPages(query: MediaListQuery) {
  const client = useClient();
  return useInfiniteQuery({
    queryKey: mediaListKey(query),
    queryFn: ({ pageParam, signal }) =>
      client.call(
        client.api.GET('/v1/media', { params: { query: { ...query, limit: PAGE_SIZE, cursor: pageParam } }, signal }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // Changing a filter keeps the old cards until the new ones arrive instead of flashing empty.
    placeholderData: keepPreviousData,
  });
}

/** Calls `onNear` whenever the returned element scrolls within reach of the viewport. */
function useNearBottom(onNear: () => void, enabled: boolean) {
  const ref = useRef<HTMLDivElement>(null);
  const latest = useRef(onNear);
  latest.current = onNear;
  useEffect(() => {
    const element = ref.current;
    // Without IntersectionObserver the "Load more" button does the job.
    if (!enabled || !element || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && latest.current(), {
      rootMargin: '600px',
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [enabled]);
  return ref;
}

export function MediaGrid({
  query,
  filtered,
  emptyHint,
}: {
  query: MediaListQuery;
  filtered: boolean;
  emptyHint: string;
}) {
  const pages = useMediaPages(query);
  const canLoadMore = Boolean(pages.hasNextPage) && !pages.isFetchNextPageError;
  const loadMore = () => {
    if (pages.hasNextPage && !pages.isFetchingNextPage) void pages.fetchNextPage();
  };
  const sentinel = useNearBottom(loadMore, canLoadMore && !pages.isFetchingNextPage);

  if (pages.isPending) return <Loading label="Loading your library…" />;
  if (pages.isError && !pages.data)
    return (
      <ErrorNotice error={pages.error} title="Your library could not be loaded" onRetry={() => void pages.refetch()} />
    );

  const items = pages.data.pages.flatMap((page) => page.items);
  if (items.length === 0) {
    return filtered ? (
      <EmptyState title="No media matches these filters">
        <p>Try other filters, or clear them to see your whole library.</p>
      </EmptyState>
    ) : (
      <EmptyState title="Your library is empty">
        <p>{emptyHint}</p>
      </EmptyState>
    );
  }

  return (
    <section aria-label="Media" aria-busy={pages.isFetching} className="library-results">
      {pages.isError && pages.isRefetchError && (
        <ErrorNotice
          error={pages.error}
          title="The library could not be refreshed"
          onRetry={() => void pages.refetch()}
        />
      )}
      <ul className="grid">
        {items.map((item) => (
          <MediaCard key={item.id} item={item} />
        ))}
      </ul>
      <div ref={sentinel} className="library-sentinel" aria-hidden="true" />
      {pages.isFetchNextPageError && (
        <ErrorNotice
          error={pages.error}
          title="More files could not be loaded"
          onRetry={() => void pages.fetchNextPage()}
        />
      )}
      {canLoadMore && (
        <div className="library-more">
          <button type="button" onClick={loadMore} disabled={pages.isFetchingNextPage}>
            {pages.isFetchingNextPage ? 'Loading more…' : 'Load more'}
          </button>
        </div>
      )}
    </section>
  );
}

function MediaCard({ item }: { item: MediaSummary }) {
  const status = item.status === 'deleted' ? 'Deleted' : STATUS_LABELS[item.status];
  return (
    <li className="card">
      {/* The link is named by the filename alone, so the preview and title inside do not repeat it. */}
      <Link to={`/media/${item.id}`} aria-label={item.filename} className="library-card-link">
        <Thumbnail mediaId={item.id} hasThumbnail={item.hasThumbnail} fileType={item.fileType} alt={item.filename} />
        <span className="card-title" title={item.filename}>
          {item.filename}
        </span>
      </Link>
      <div className="card-body">
        <div className="library-card-meta">
          <span className={`badge ${item.status}`}>{status}</span>
          <span className="muted small">
            {item.fileType === 'video' ? 'Video' : 'Image'} · {formatBytes(item.sizeBytes)}
          </span>
        </div>
        {item.tags.length > 0 && (
          <ul className="library-tags" aria-label={`Tags of ${item.filename}`}>
            {item.tags.map((tag) => (
              <li key={tag} className="badge">
                {tag}
              </li>
            ))}
          </ul>
        )}
      </div>
    </li>
  );
}
