import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { Media, ProcessingJob } from '@ams/sdk';
import { useClient } from '../services';
import { ErrorNotice, Loading } from '../ui/states';
import { ResultSection } from './analysis-panel';

const FINISHED = new Set(['completed', 'failed', 'deleted']);
export const isInProgress = (status: Media['status']) => !FINISHED.has(status);

export const jobsKey = (mediaId: string) => ['media', mediaId, 'jobs'] as const;

export function useJobs(mediaId: string) {
  const client = useClient();
  return useQuery({
    queryKey: jobsKey(mediaId),
    queryFn: () => client.call(client.api.GET('/v1/media/{id}/jobs', { params: { path: { id: mediaId } } })),
  });
}

/**
 * While a file is being analysed, follow its live events: each job update lands in the jobs list
 * as it happens, and the file and its jobs are read again when analysis ends.
 */
export function useLiveProgress(media: Media | undefined): unknown {
  const client = useClient();
  const queryClient = useQueryClient();
  const [error, setError] = useState<unknown>(null);
  const mediaId = media?.id;
  const live = media ? isInProgress(media.status) : false;

  useEffect(() => {
    if (!mediaId || !live) return;
    const controller = new AbortController();
    const refresh = () => {
      void queryClient.invalidateQueries({ queryKey: ['media', mediaId] });
    };
    setError(null);
    client
      .followMedia(
        mediaId,
        {
          onJob: (job) =>
            queryClient.setQueryData(jobsKey(mediaId), (current: { jobs: ProcessingJob[] } | undefined) => {
              const jobs = current?.jobs ?? [];
              const known = jobs.some((j) => j.id === job.id);
              return { jobs: known ? jobs.map((j) => (j.id === job.id ? job : j)) : [...jobs, job] };
            }),
          onStatus: (event) => {
            if (FINISHED.has(event.status)) refresh();
          },
        },
        controller.signal,
      )
      .then(() => !controller.signal.aborted && refresh())
      .catch((cause: unknown) => {
        if (!controller.signal.aborted && (cause as Error)?.name !== 'AbortError') setError(cause);
      });
    return () => controller.abort();
  }, [client, queryClient, mediaId, live]);

  return error;
}

const readable = (value: string) => value.replace(/_/g, ' ').replace(/^\w/, (c) => c.toUpperCase());

export function JobsPanel({ mediaId, liveError }: { mediaId: string; liveError: unknown }) {
  const jobs = useJobs(mediaId);
  return (
    <ResultSection title="Processing jobs">
      {liveError ? <ErrorNotice error={liveError} title="Live progress stopped" onRetry={() => void jobs.refetch()} /> : null}
      {jobs.isPending ? (
        <Loading label="Loading jobs…" />
      ) : jobs.isError ? (
        <ErrorNotice error={jobs.error} title="Jobs could not be loaded" onRetry={() => void jobs.refetch()} />
      ) : jobs.data.jobs.length === 0 ? (
        <p className="muted">No processing jobs.</p>
      ) : (
        <ul className="jobs">
          {jobs.data.jobs.map((job) => (
            <li key={job.id} className="job">
              <div className="job-head">
                <strong>{readable(job.jobType)}</strong>
                <span className={`badge ${job.status}`}>{job.status}</span>
              </div>
              <progress
                max={100}
                value={Math.max(0, Math.min(100, job.progressPercentage))}
                aria-label={`${readable(job.jobType)} progress`}
              />
              <p className="small muted">
                {job.progressPercentage}% · attempt {job.attempts} of {job.maxAttempts}
              </p>
              {job.errorMessage && <p className="small job-error">{job.errorMessage}</p>}
            </li>
          ))}
        </ul>
      )}
    </ResultSection>
  );
}
