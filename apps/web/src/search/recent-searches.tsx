import { useQuery } from '@tanstack/react-query';
import { useClient } from '../services';
import { ErrorNotice, Loading } from '../ui/states';

const RECENT_LIMIT = 8;

/** The user's last searches as one-click re-runs; queries they chose not to store have no text and are skipped. */
export function RecentSearches({ onPick }: { onPick: (query: string) => void }) {
  const client = useClient();
  const history = useQuery({
    queryKey: ['search', 'history', RECENT_LIMIT],
    queryFn: () => client.call(client.api.GET('/v1/search/history', { params: { query: { limit: RECENT_LIMIT } } })),
  });

  if (history.isPending) return <Loading label="Loading recent searches…" />;
  if (history.isError) return <ErrorNotice error={history.error} title="Recent searches are unavailable" />;

  // The same words searched twice show once, newest first.
  const queries = [
    ...new Set(history.data.items.map((entry) => entry.query?.trim()).filter((q): q is string => Boolean(q))),
  ];
  if (queries.length === 0)
    return (
      <p className="muted search-hint">
        Describe what you are looking for, e.g. “dog running on the beach” or “someone talking about budgets”.
      </p>
    );
  return (
    <section className="recent-searches" aria-labelledby="recent-searches-title">
      <h2 id="recent-searches-title">Recent searches</h2>
      <ul>
        {queries.map((query) => (
          <li key={query}>
            <button type="button" onClick={() => onPick(query)}>
              {query}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
