import { useInfiniteQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { useClient } from '../services';
import { EmptyState, ErrorNotice, Loading } from '../ui/states';
import { AuditTable } from './audit-table';

const PAGE_SIZE = 20;

/** The signed-in user's own audit trail, newest first. */
export function MyActivity() {
  const client = useClient();
  const headingId = useId();
  const activity = useInfiniteQuery({
    queryKey: ['audit', 'me'],
    queryFn: ({ pageParam }) =>
      client.call(client.api.GET('/v1/audit/me', { params: { query: { limit: PAGE_SIZE, cursor: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const entries = activity.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <section className="account-panel" aria-labelledby={headingId}>
      <h2 id={headingId}>My activity</h2>
      {activity.isPending && <Loading label="Loading your activity…" />}
      {activity.isError && !activity.data && (
        <ErrorNotice error={activity.error} title="Your activity could not be loaded" onRetry={() => void activity.refetch()} />
      )}
      {activity.isSuccess && entries.length === 0 && (
        <EmptyState title="No activity yet">
          <p>Sign-ins, uploads, plan changes and refused requests will show here.</p>
        </EmptyState>
      )}
      {entries.length > 0 && <AuditTable label="My activity entries" entries={entries} />}
      {activity.isFetchNextPageError && <ErrorNotice error={activity.error} title="More activity could not be loaded" />}
      {activity.hasNextPage && (
        <button type="button" onClick={() => void activity.fetchNextPage()} disabled={activity.isFetchingNextPage}>
          {activity.isFetchingNextPage ? 'Loading more activity…' : 'Load more activity'}
        </button>
      )}
    </section>
  );
}
