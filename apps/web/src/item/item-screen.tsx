import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import type { Media } from '@ams/sdk';
import { useClient } from '../services';
import { useObjectUrl } from '../ui/object-url';
import { formatDate } from '../ui/format';
import { ErrorNotice, Loading } from '../ui/states';
import { AnalysisPanel, MetadataSection } from './analysis-panel';
import { hasAnyResult } from './analysis-data';
import { DeleteControl } from './delete-control';
import { EditForm } from './edit-form';
import { isInProgress, JobsPanel, jobsKey, useLiveProgress } from './jobs-panel';
import { MediaPlayer, parseStartAt, playQuietly } from './media-player';
import './item.css';

/** One file: the file itself, everything analysis found, editing, deleting, and its jobs. */
export function ItemScreen() {
  const { id = '' } = useParams();
  const client = useClient();
  const media = useQuery({
    queryKey: ['media', id],
    queryFn: () => client.call(client.api.GET('/v1/media/{id}', { params: { path: { id } } })),
    enabled: id !== '',
  });

  if (media.isPending) return <Loading label="Loading file details…" />;
  if (media.isError)
    return (
      <>
        <h1>File</h1>
        <ErrorNotice error={media.error} title="This file could not be opened" onRetry={() => void media.refetch()} />
        <p>
          <Link to="/">Back to library</Link>
        </p>
      </>
    );
  return <ItemDetails key={media.data.id} media={media.data} />;
}

function ItemDetails({ media }: { media: Media }) {
  const [params] = useSearchParams();
  const startAt = parseStartAt(params.get('t'));
  const file = useObjectUrl(`/v1/media/${media.id}/content`);
  const videoRef = useRef<HTMLVideoElement>(null);
  const liveError = useLiveProgress(media);

  const seek = (seconds: number) => {
    const video = videoRef.current;
    if (!video) return;
    video.currentTime = seconds;
    playQuietly(video);
    video.focus();
  };

  // A new ?t= for a video already loaded (another moment of the same file): no metadata event comes.
  useEffect(() => {
    const video = videoRef.current;
    if (startAt !== null && video && video.readyState >= HTMLMediaElement.HAVE_METADATA) {
      video.currentTime = startAt;
      playQuietly(video);
    }
  }, [startAt]);

  return (
    <article className="item">
      <header className="item-header">
        <h1>{media.filename}</h1>
        <p className="muted small">
          <span className={`badge ${media.status}`}>{media.status}</span> · uploaded {formatDate(media.uploadedAt)}
          {media.isPrivate && ' · private'}
        </p>
        <div className="toolbar item-actions">
          <Link to={`/search?similar=${encodeURIComponent(media.id)}`}>More like this</Link>
          {file.url && (
            <a href={file.url} download={media.filename}>
              Download
            </a>
          )}
          <DeleteControl media={media} />
        </div>
      </header>

      <div className="item-layout">
        <div className="item-main">
          <div className="player">
            <MediaPlayer media={media} file={file} startAt={startAt} videoRef={videoRef} />
          </div>
          <AnalysisStatus media={media} />
          {(media.status === 'completed' || hasAnyResult(media.analysis)) && (
            <AnalysisPanel media={media} onSeek={seek} />
          )}
        </div>
        <aside className="item-side" aria-label="File details">
          <EditForm key={media.id} media={media} />
          <MetadataSection media={media} />
          <JobsPanel mediaId={media.id} liveError={liveError} />
        </aside>
      </div>
    </article>
  );
}

/** Why there are no results yet: still running, or failed (with the way to try again). */
function AnalysisStatus({ media }: { media: Media }) {
  const client = useClient();
  const queryClient = useQueryClient();
  const reprocess = useMutation({
    mutationFn: () => client.call(client.api.POST('/v1/media/{id}/reprocess', { params: { path: { id: media.id } } })),
    onSuccess: (jobs) => {
      queryClient.setQueryData(jobsKey(media.id), jobs);
      void queryClient.invalidateQueries({ queryKey: ['media'] });
    },
  });

  if (media.status === 'failed')
    return (
      <div className="analysis-status">
        <ErrorNotice title="Analysis failed" error={new Error(media.processing.error ?? 'Analysis of this file failed.')} />
        {reprocess.isError && <ErrorNotice error={reprocess.error} title="Reprocessing could not start" />}
        <button type="button" className="primary" disabled={reprocess.isPending} onClick={() => reprocess.mutate()}>
          Reprocess
        </button>
        {reprocess.isPending && (
          <span role="status" className="muted small">
            Starting…
          </span>
        )}
      </div>
    );
  if (isInProgress(media.status))
    return (
      <p className="notice analysis-status" role="status">
        Analysis is still running. Results appear here when it finishes; progress is under “Processing jobs”.
      </p>
    );
  return null;
}
