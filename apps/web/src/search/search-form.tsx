import { useState, type FormEvent } from 'react';
import { SearchFilters } from './search-filters';
import { EMPTY_FILTERS, type FilterValues } from './search-params';

/**
 * The box and its filters, edited locally and applied on submit. The screen remounts it
 * whenever the URL changes, so back/forward and recent-search picks show in the controls.
 */
export function SearchForm({
  initialQuery,
  initialFilters,
  onSubmit,
}: {
  initialQuery: string;
  initialFilters: FilterValues;
  onSubmit: (query: string, filters: FilterValues) => void;
}) {
  const [query, setQuery] = useState(initialQuery);
  const [filters, setFilters] = useState(initialFilters);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit(query.trim(), filters);
  };

  return (
    <form role="search" className="search-form" onSubmit={submit}>
      <div className="search-box">
        <label className="search-box-label">
          Search your library
          <input
            type="search"
            name="q"
            value={query}
            maxLength={500}
            autoComplete="off"
            placeholder="e.g. kids laughing at the beach"
            onChange={(e) => setQuery(e.target.value)}
          />
        </label>
        <button type="submit" className="primary">
          Search
        </button>
      </div>
      <SearchFilters
        values={filters}
        onChange={(key, value) => setFilters((current) => ({ ...current, [key]: value }))}
        onClear={() => setFilters(EMPTY_FILTERS)}
      />
    </form>
  );
}
