import type { SearchHit } from '@ams/sdk';
import { Link, useNavigate } from 'react-router';
import { formatDuration, formatPercent } from '../ui/format';
import { Thumbnail } from '../ui/thumbnail';
import { Highlight } from './highlight';

/** One result and the search it came from (each page has its own searchId; similar items have none). */
export interface ResultEntry {
  hit: SearchHit;
  searchId: string | null;
}

export interface ResultActions {
  /** Fire-and-forget "this result was opened"; never delays the navigation. */
  onOpen: (entry: ResultEntry) => void;
  onMoreLikeThis: (hit: SearchHit) => void;
}

export function SearchResults({
  entries,
  query,
  actions,
}: {
  entries: ResultEntry[];
  query: string;
  actions: ResultActions;
}) {
  return (
    <section aria-label="Search results" className="search-results">
      <ul className="search-result-list">
        {entries.map((entry) => (
          <ResultCard
            key={`${entry.searchId ?? 'similar'}-${entry.hit.mediaId}`}
            entry={entry}
            query={query}
            actions={actions}
          />
        ))}
      </ul>
    </section>
  );
}

function ResultCard({ entry, query, actions }: { entry: ResultEntry; query: string; actions: ResultActions }) {
  const navigate = useNavigate();
  const { hit } = entry;
  const playFrom = (start: number) => {
    actions.onOpen(entry);
    void navigate(`/media/${hit.mediaId}?t=${start}`);
  };

  return (
    <li className="card search-result">
      <Link
        to={`/media/${hit.mediaId}`}
        className="search-result-thumb"
        tabIndex={-1}
        aria-hidden="true"
        onClick={() => actions.onOpen(entry)}
      >
        <Thumbnail mediaId={hit.mediaId} hasThumbnail={hit.hasThumbnail} fileType={hit.fileType} alt={hit.filename} />
      </Link>
      <div className="card-body search-result-body">
        <div className="search-result-head">
          <Link
            to={`/media/${hit.mediaId}`}
            className="card-title search-result-title"
            onClick={() => actions.onOpen(entry)}
          >
            {hit.filename}
          </Link>
          <span className="badge search-score">match {formatPercent(hit.score)}</span>
        </div>
        <p className="muted small search-result-meta">
          {hit.fileType === 'video' ? 'Video' : 'Image'}
          {hit.durationSeconds != null && <> · {formatDuration(hit.durationSeconds)}</>}
        </p>
        {hit.snippet && (
          <p className="search-snippet">
            <Highlight text={hit.snippet} query={query} />
          </p>
        )}
        {hit.moments.length > 0 && (
          <ul className="search-moments" aria-label={`Matching moments in ${hit.filename}`}>
            {hit.moments.map((moment) => (
              <li key={`${moment.start}-${moment.kind}`}>
                <button type="button" className="search-moment" onClick={() => playFrom(moment.start)}>
                  Play from {formatDuration(moment.start)}
                </button>
                {moment.snippet && (
                  <span className="small search-moment-snippet">
                    <Highlight text={moment.snippet} query={query} />
                  </span>
                )}
              </li>
            ))}
          </ul>
        )}
        <div>
          <button
            type="button"
            className="link-button"
            aria-label={`More like this: ${hit.filename}`}
            onClick={() => actions.onMoreLikeThis(hit)}
          >
            More like this
          </button>
        </div>
      </div>
    </li>
  );
}
