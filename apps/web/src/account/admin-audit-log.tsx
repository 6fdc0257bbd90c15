import { useInfiniteQuery } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { useClient } from '../services';
import { EmptyState, ErrorNotice, Loading } from '../ui/states';
import { AuditTable } from './audit-table';
import { CATEGORIES, NO_FILTERS, RISK_LEVELS, filtersFromParams, toAuditQuery, withFilters, type AuditFilters } from './audit-filters';

const PAGE_SIZE = 50;

/** Everyone's audit trail, for administrators: filtered by user, category, risk, event type and dates. */
export function AdminAuditLog() {
  const client = useClient();
  const headingId = useId();
  const [params, setParams] = useSearchParams();
  const filters = filtersFromParams(params);

  const log = useInfiniteQuery({
    queryKey: ['audit', 'admin', filters],
    queryFn: ({ pageParam }) =>
      client.call(
        client.api.GET('/v1/admin/audit-logs', {
          params: { query: { ...toAuditQuery(filters), limit: PAGE_SIZE, cursor: pageParam } },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const entries = log.data?.pages.flatMap((page) => page.items) ?? [];
  const apply = (next: AuditFilters) => setParams((current) => withFilters(current, next));

  return (
    <section className="account-panel" aria-labelledby={headingId}>
      <h2 id={headingId}>Audit log</h2>
      {/* Keyed on the applied filters so back/forward refills the form from the URL. */}
      <AuditFilterForm key={JSON.stringify(filters)} initial={filters} onApply={apply} />
      {log.isPending && <Loading label="Loading audit entries…" />}
      {log.isError && !log.data && (
        <ErrorNotice error={log.error} title="The audit log could not be loaded" onRetry={() => void log.refetch()} />
      )}
      {log.isSuccess && entries.length === 0 && (
        <EmptyState title="No audit entries">
          <p>Nothing matches these filters.</p>
        </EmptyState>
      )}
      {entries.length > 0 && <AuditTable label="Audit entries" entries={entries} detailed />}
      {log.isFetchNextPageError && <ErrorNotice error={log.error} title="More entries could not be loaded" />}
      {log.hasNextPage && (
        <button type="button" onClick={() => void log.fetchNextPage()} disabled={log.isFetchingNextPage}>
          {log.isFetchingNextPage ? 'Loading more audit entries…' : 'Load more audit entries'}
        </button>
      )}
    </section>
  );
}

function AuditFilterForm({ initial, onApply }: { initial: AuditFilters; onApply: (filters: AuditFilters) => void }) {
  const [draft, setDraft] = useState(initial);
  const set = (key: keyof AuditFilters) => (event: { target: { value: string } }) =>
    setDraft((current) => ({ ...current, [key]: event.target.value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(draft);
  };

  return (
    <form className="toolbar audit-filters" aria-label="Audit filters" onSubmit={submit}>
      <label>
        User id
        <input value={draft.userId} onChange={set('userId')} placeholder="uuid" spellCheck={false} autoComplete="off" />
      </label>
      <label>
        Category
        <select value={draft.category} onChange={set('category')}>
          <option value="">Any</option>
          {CATEGORIES.map((category) => (
            <option key={category} value={category}>
              {category}
            </option>
          ))}
        </select>
      </label>
      <label>
        Risk
        <select value={draft.riskLevel} onChange={set('riskLevel')}>
          <option value="">Any</option>
          {RISK_LEVELS.map((level) => (
            <option key={level} value={level}>
              {level}
            </option>
          ))}
        </select>
      </label>
      <label>
        Event type
        <input value={draft.eventType} onChange={set('eventType')} placeholder="e.g. auth.sign_in" spellCheck={false} maxLength={50} />
      </label>
      <label>
        From
        <input type="date" value={draft.from} onChange={set('from')} />
      </label>
      <label>
        To
        <input type="date" value={draft.to} onChange={set('to')} min={draft.from || undefined} />
      </label>
      <button type="submit" className="primary">
        Apply
      </button>
      <button type="button" onClick={() => onApply(NO_FILTERS)}>
        Clear filters
      </button>
    </form>
  );
}
