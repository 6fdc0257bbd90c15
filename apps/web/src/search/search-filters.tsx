import { useState, type ReactNode } from 'react';
import { activeFilterCount, type FilterKey, type FilterValues } from './search-params';

type Option = [value: string, label: string];

const TYPE_OPTIONS: Option[] = [
  ['', 'Any'],
  ['image', 'Images'],
  ['video', 'Videos'],
];
const MODE_OPTIONS: Option[] = [
  ['hybrid', 'Hybrid'],
  ['semantic', 'Semantic'],
  ['keyword', 'Keyword'],
];
const FACE_OPTIONS: Option[] = [
  ['', 'Any'],
  ['true', 'With faces'],
  ['false', 'Without faces'],
];
const SENTIMENT_OPTIONS: Option[] = [
  ['', 'Any'],
  ['POSITIVE', 'Positive'],
  ['NEGATIVE', 'Negative'],
  ['NEUTRAL', 'Neutral'],
  ['MIXED', 'Mixed'],
];
const SORT_OPTIONS: Option[] = [
  ['relevance', 'Relevance'],
  ['date', 'Date'],
];

/** Every filter and exclusion GET /v1/search takes, folded away until wanted. */
export function SearchFilters({
  values,
  onChange,
  onClear,
}: {
  values: FilterValues;
  onChange: (key: FilterKey, value: string) => void;
  onClear: () => void;
}) {
  const active = activeFilterCount(values);
  // Open from the start when the URL already carries filters, so they are never hidden; the user's toggling wins after.
  const [openInitially] = useState(active > 0);
  const select = (key: FilterKey, label: string, options: Option[]) => (
    <label>
      {label}
      <select value={values[key] || (options[0]?.[0] ?? '')} onChange={(e) => onChange(key, e.target.value)}>
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
  const input = (key: FilterKey, label: string, props: Record<string, unknown> = {}): ReactNode => (
    <label>
      {label}
      <input value={values[key]} onChange={(e) => onChange(key, e.target.value)} {...props} />
    </label>
  );

  return (
    <details className="search-filters" open={openInitially || undefined}>
      <summary>Filters</summary>
      <div className="search-filters-grid">
        {select('type', 'Type', TYPE_OPTIONS)}
        {select('mode', 'Mode', MODE_OPTIONS)}
        {select('sort', 'Sort', SORT_OPTIONS)}
        {input('from', 'From', { type: 'date' })}
        {input('to', 'To', { type: 'date' })}
        {select('hasFaces', 'Faces', FACE_OPTIONS)}
        {select('sentiment', 'Sentiment', SENTIMENT_OPTIONS)}
        {input('minDuration', 'Min duration (s)', { type: 'number', min: 0, step: 'any', inputMode: 'decimal' })}
        {input('maxDuration', 'Max duration (s)', { type: 'number', min: 0, step: 'any', inputMode: 'decimal' })}
        {input('tags', 'Tags', { placeholder: 'beach, family' })}
        {input('excludeTags', 'Exclude tags', { placeholder: 'comma separated' })}
        {input('labels', 'Labels', { placeholder: 'dog, car' })}
        {input('excludeLabels', 'Exclude labels', { placeholder: 'comma separated' })}
        {input('excludeText', 'Exclude words', { placeholder: 'comma separated' })}
      </div>
      <p className="muted small">Lists are comma separated. Filters apply when you search.</p>
      {active > 0 && (
        <button type="button" className="link-button" onClick={onClear}>
          Reset filters
        </button>
      )}
    </details>
  );
}
