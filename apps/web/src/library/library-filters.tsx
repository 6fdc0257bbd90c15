import { useEffect, useId, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { MediaListQuery } from '@ams/sdk';

export type TypeFilter = '' | 'image' | 'video';
export type StatusFilter = '' | 'uploaded' | 'queued' | 'processing' | 'completed' | 'failed';

/** What the URL says the library shows; '' = not filtered. Dates are the inputs' YYYY-MM-DD. */
export interface LibraryFilters {
  type: TypeFilter;
  status: StatusFilter;
  tag: string;
  from: string;
  to: string;
}

export const STATUS_LABELS: Record<Exclude<StatusFilter, ''>, string> = {
  uploaded: 'Uploaded',
  queued: 'Queued',
  processing: 'Processing',
  completed: 'Completed',
  failed: 'Failed',
};

const TYPES: readonly TypeFilter[] = ['image', 'video'];
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const FILTER_KEYS = ['type', 'status', 'tag', 'from', 'to'] as const;
/** How long typing in "Tag" pauses before the list is asked again. */
const TAG_DEBOUNCE_MS = 300;

function pick<T extends string>(value: string | null, allowed: readonly T[]): T | '' {
  return allowed.includes(value as T) ? (value as T) : '';
}

const dateParam = (value: string | null) => (value && DATE.test(value) ? value : '');

/** Filters read from (and written to) the URL, so back/forward, reload and shared links keep them. */
export function useLibraryFilters() {
  const [params, setParams] = useSearchParams();
  const filters: LibraryFilters = {
    type: pick(params.get('type'), TYPES),
    status: pick(params.get('status'), Object.keys(STATUS_LABELS) as StatusFilter[]),
    tag: params.get('tag') ?? '',
    from: dateParam(params.get('from')),
    to: dateParam(params.get('to')),
  };

  // setParams' own "previous" is the params of the render it came from; a debounced tag write
  // would undo a date chosen meanwhile. The ref always holds the latest.
  const latest = useRef(params);
  latest.current = params;

  const update = (patch: Partial<LibraryFilters>) => {
    const next = new URLSearchParams(latest.current);
    for (const [key, value] of Object.entries(patch)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next);
  };

  const clear = () => {
    const next = new URLSearchParams(latest.current);
    for (const key of FILTER_KEYS) next.delete(key);
    setParams(next);
  };

  return { filters, update, clear, active: hasActiveFilters(filters) };
}

export function hasActiveFilters(filters: LibraryFilters): boolean {
  return Boolean(filters.type || filters.status || filters.tag.trim() || filters.from || filters.to);
}

/** A YYYY-MM-DD of the date input as an instant in the user's own time zone. */
function localDay(date: string, endOfDay: boolean): string {
  const [year, month, day] = date.split('-').map(Number);
  const instant = endOfDay ? new Date(year, month - 1, day, 23, 59, 59, 999) : new Date(year, month - 1, day);
  return instant.toISOString();
}

/** The GET /v1/media query for these filters (paging is added by the grid). */
export function toMediaQuery(filters: LibraryFilters): MediaListQuery {
  const query: MediaListQuery = {};
  if (filters.type) query.type = filters.type;
  if (filters.status) query.status = filters.status;
  if (filters.tag.trim()) query.tag = filters.tag.trim();
  if (filters.from) query.from = localDay(filters.from, false);
  if (filters.to) query.to = localDay(filters.to, true);
  return query;
}

export function LibraryFilterBar({
  filters,
  active,
  onChange,
  onClear,
}: {
  filters: LibraryFilters;
  active: boolean;
  onChange: (patch: Partial<LibraryFilters>) => void;
  onClear: () => void;
}) {
  const id = useId();
  // The tag is typed: keep the keystrokes here and write the URL once typing pauses.
  const [tagDraft, setTagDraft] = useState(filters.tag);
  useEffect(() => setTagDraft(filters.tag), [filters.tag]);
  useEffect(() => {
    if (tagDraft === filters.tag) return;
    const timer = setTimeout(() => onChange({ tag: tagDraft }), TAG_DEBOUNCE_MS);
    return () => clearTimeout(timer);
    // Only the draft decides when to write (onChange is new every render and reads the latest URL).
  }, [tagDraft]);

  const datesReversed = Boolean(filters.from && filters.to && filters.from > filters.to);

  return (
    <form
      className="toolbar library-filters"
      aria-label="Filters"
      onSubmit={(event) => {
        event.preventDefault();
        if (tagDraft !== filters.tag) onChange({ tag: tagDraft });
      }}
    >
      <label htmlFor={`${id}-type`}>
        Type
        <select
          id={`${id}-type`}
          value={filters.type}
          onChange={(e) => onChange({ type: e.target.value as TypeFilter })}
        >
          <option value="">All</option>
          <option value="image">Image</option>
          <option value="video">Video</option>
        </select>
      </label>
      <label htmlFor={`${id}-status`}>
        Status
        <select
          id={`${id}-status`}
          value={filters.status}
          onChange={(e) => onChange({ status: e.target.value as StatusFilter })}
        >
          <option value="">All</option>
          {Object.entries(STATUS_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label htmlFor={`${id}-tag`}>
        Tag
        <input
          id={`${id}-tag`}
          type="text"
          value={tagDraft}
          maxLength={64}
          autoComplete="off"
          onChange={(e) => setTagDraft(e.target.value)}
        />
      </label>
      <label htmlFor={`${id}-from`}>
        From
        <input
          id={`${id}-from`}
          type="date"
          value={filters.from}
          max={filters.to || undefined}
          onChange={(e) => onChange({ from: e.target.value })}
        />
      </label>
      <label htmlFor={`${id}-to`}>
        To
        <input
          id={`${id}-to`}
          type="date"
          value={filters.to}
          min={filters.from || undefined}
          onChange={(e) => onChange({ to: e.target.value })}
        />
      </label>
      {active && (
        <button
          type="button"
          onClick={() => {
            setTagDraft('');
            onClear();
          }}
        >
          Clear filters
        </button>
      )}
      {datesReversed && <p className="muted small library-filters-hint">“From” is after “To”: nothing can match.</p>}
    </form>
  );
}
