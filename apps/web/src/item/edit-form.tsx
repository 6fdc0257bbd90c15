import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { Media, MediaUpdate } from '@ams/sdk';
import { useClient } from '../services';
import { ErrorNotice } from '../ui/states';

interface FieldRow {
  /** Stable React key: rows are added and removed in the middle. */
  rowId: number;
  key: string;
  value: string;
  /** The value as the API sent it, kept when the text was not touched so numbers stay numbers. */
  original?: unknown;
}

const displayValue = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

export function parseTags(text: string): string[] {
  const seen = new Set<string>();
  for (const part of text.split(',')) {
    const tag = part.trim();
    if (tag) seen.add(tag);
  }
  return [...seen];
}

let nextRowId = 1;
const rowsFrom = (metadata: Record<string, unknown>): FieldRow[] =>
  Object.entries(metadata).map(([key, value]) => ({ rowId: nextRowId++, key, value: displayValue(value), original: value }));

/** Rows → custom_metadata, or a message saying what to fix first. */
function toMetadata(rows: FieldRow[]): Record<string, unknown> | string {
  const metadata: Record<string, unknown> = {};
  for (const row of rows) {
    const key = row.key.trim();
    if (!key && !row.value.trim()) continue;
    if (!key) return 'Every custom field needs a key.';
    if (key in metadata) return `The key "${key}" is used twice.`;
    metadata[key] = row.original !== undefined && displayValue(row.original) === row.value ? row.original : row.value;
  }
  return metadata;
}

/** Tags, custom fields and privacy of one file: one form, one PATCH. */
export function EditForm({ media }: { media: Media }) {
  const client = useClient();
  const queryClient = useQueryClient();
  const [tagsText, setTagsText] = useState(media.tags.join(', '));
  const [rows, setRows] = useState<FieldRow[]>(() => rowsFrom(media.customMetadata));
  const [isPrivate, setIsPrivate] = useState(media.isPrivate);
  const [problem, setProblem] = useState<string | null>(null);

  const save = useMutation({
    mutationFn: (body: MediaUpdate) =>
      client.call(client.api.PATCH('/v1/media/{id}', { params: { path: { id: media.id } }, body })),
    onSuccess: (updated) => {
      queryClient.setQueryData(['media', media.id], updated);
      void queryClient.invalidateQueries({ queryKey: ['media'] });
    },
  });

  const tags = parseTags(tagsText);
  const edited = () => {
    save.reset();
    setProblem(null);
  };
  const updateRow = (rowId: number, change: Partial<FieldRow>) => {
    edited();
    setRows((current) => current.map((row) => (row.rowId === rowId ? { ...row, ...change } : row)));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const metadata = toMetadata(rows);
    if (typeof metadata === 'string') return setProblem(metadata);
    setProblem(null);
    save.mutate({ tags, custom_metadata: metadata, is_private: isPrivate });
  };

  return (
    <form className="edit-form" aria-label="Edit details" onSubmit={submit} noValidate>
      <h2>Edit details</h2>
      <label>
        Tags
        <input
          type="text"
          value={tagsText}
          placeholder="holiday, beach"
          aria-describedby={`tags-help-${media.id}`}
          onChange={(event) => {
            edited();
            setTagsText(event.target.value);
          }}
        />
      </label>
      <p id={`tags-help-${media.id}`} className="muted small">
        Separate tags with commas.
      </p>
      {tags.length > 0 && (
        <ul className="chips" aria-label="Tags to save">
          {tags.map((tag) => (
            <li key={tag} className="chip">
              {tag}
            </li>
          ))}
        </ul>
      )}

      <fieldset className="custom-fields">
        <legend>Custom fields</legend>
        {rows.length === 0 && <p className="muted small">No custom fields.</p>}
        {rows.map((row, index) => (
          <div key={row.rowId} className="field-row">
            <label>
              Key
              <input type="text" value={row.key} onChange={(event) => updateRow(row.rowId, { key: event.target.value })} />
            </label>
            <label>
              Value
              <input
                type="text"
                value={row.value}
                onChange={(event) => updateRow(row.rowId, { value: event.target.value })}
              />
            </label>
            <button
              type="button"
              className="link-button"
              onClick={() => {
                edited();
                setRows((current) => current.filter((r) => r.rowId !== row.rowId));
              }}
            >
              Remove {row.key.trim() || `field ${index + 1}`}
            </button>
          </div>
        ))}
        <button
          type="button"
          onClick={() => {
            edited();
            setRows((current) => [...current, { rowId: nextRowId++, key: '', value: '' }]);
          }}
        >
          Add field
        </button>
      </fieldset>

      <label className="checkbox">
        <input
          type="checkbox"
          checked={isPrivate}
          onChange={(event) => {
            edited();
            setIsPrivate(event.target.checked);
          }}
        />
        Private
      </label>

      {problem && (
        <p className="notice notice-error" role="alert">
          {problem}
        </p>
      )}
      {save.isError && <ErrorNotice error={save.error} title="Your changes were not saved" />}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={save.isPending}>
          Save changes
        </button>
        <span role="status" aria-live="polite">
          {save.isPending && 'Saving…'}
          {save.isSuccess && 'Saved'}
        </span>
      </div>
    </form>
  );
}
