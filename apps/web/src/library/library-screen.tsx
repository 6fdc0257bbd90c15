import { LibraryFilterBar, toMediaQuery, useLibraryFilters } from './library-filters';
import { MediaGrid } from './media-grid';
import { UploadPanel } from './upload-queue';
import './library.css';

/** Your files: upload by dropping or choosing them, then browse and filter what is there. */
export function LibraryScreen() {
  const { filters, update, clear, active } = useLibraryFilters();
  // React Query compares keys by value: a fresh object per render is the same query.
  const query = toMediaQuery(filters);

  return (
    <div className="library">
      <h1>Library</h1>
      <UploadPanel />
      <LibraryFilterBar filters={filters} active={active} onChange={update} onClear={clear} />
      <MediaGrid
        query={query}
        filtered={active}
        emptyHint="Drop photos or videos on the area above, or use “Choose files”, to add your first ones."
      />
    </div>
  );
}
