import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { AmsClient, Media } from '@ams/sdk';
import { useSession } from '../auth/session';
import { useClient } from '../services';

/** Files sent at once; the rest wait their turn. */
export const MAX_PARALLEL_UPLOADS = 3;
/**
 * Live progress streams held open at once. Browsers allow about six HTTP/1.1 connections per
 * origin: three uploads plus two streams leave room for the grid and thumbnails.
 */
export const MAX_LIVE_STREAMS = 2;

export type UploadPhase = 'waiting' | 'uploading' | 'analysing' | 'completed' | 'failed';

export interface UploadItem {
  key: string;
  file: File;
  phase: UploadPhase;
  /** 0 to 1, bytes sent. */
  uploadFraction: number;
  /** 0 to 100, the current analysis job. */
  analysisPercent: number;
  jobType: string | null;
  /** The created file, once the upload was accepted. */
  media: Media | null;
  /** Readable reason of a failure. */
  error: string | null;
  /** What "Retry" does: send the file again, run the analysis again, or only watch it again. */
  failedStep: 'upload' | 'analysis' | 'follow' | null;
  /** An analysis stream is open for it (others wait for a free stream). */
  following: boolean;
}

const messageOf = (error: unknown, fallback: string) => (error as Error)?.message || fallback;
const isAbort = (error: unknown) => (error as Error)?.name === 'AbortError';

/**
 * The upload queue lives outside React so uploads go on while the user opens a file and comes
 * back, and so React's double-run of effects in development never sends a file twice.
 */
export class UploadQueue {
  private items: UploadItem[] = [];
  private readonly listeners = new Set<() => void>();
  private readonly controllers = new Map<string, AbortController>();
  private nextKey = 1;

  constructor(
    private readonly client: AmsClient,
    /** Called when the server's list of files changed (an upload landed, an analysis ended). */
    private readonly onMediaChanged: () => void,
  ) {}

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };

  getSnapshot = (): readonly UploadItem[] => this.items;

  add(files: Iterable<File>) {
    const added = [...files].map<UploadItem>((file) => ({
      key: `upload-${this.nextKey++}`,
      file,
      phase: 'waiting',
      uploadFraction: 0,
      analysisPercent: 0,
      jobType: null,
      media: null,
      error: null,
      failedStep: null,
      following: false,
    }));
    if (added.length === 0) return;
    this.items = [...this.items, ...added];
    this.emit();
    this.pump();
  }

  retry(key: string) {
    const item = this.find(key);
    if (!item || item.phase !== 'failed' || !item.failedStep) return;
    if (item.failedStep === 'upload' || !item.media) {
      // Refused or interrupted before the server kept it: send the file again.
      this.update(key, { phase: 'waiting', uploadFraction: 0, error: null, failedStep: null });
      this.pump();
    } else if (item.failedStep === 'analysis') {
      void this.reprocess(key, item.media.id);
    } else {
      this.update(key, { phase: 'analysing', error: null, failedStep: null });
      this.pump();
    }
  }

  /** Dismiss a row; one still running is cancelled (the file already uploaded stays in the library). */
  remove(key: string) {
    this.controllers.get(key)?.abort();
    this.controllers.delete(key);
    this.items = this.items.filter((item) => item.key !== key);
    this.emit();
    this.pump();
  }

  clearFinished() {
    this.items = this.items.filter((item) => item.phase !== 'completed');
    this.emit();
  }

  /** Stop everything (signed out). */
  dispose() {
    for (const controller of this.controllers.values()) controller.abort();
    this.controllers.clear();
    this.items = [];
    this.emit();
  }

  private find(key: string) {
    return this.items.find((item) => item.key === key);
  }

  private update(key: string, patch: Partial<UploadItem>) {
    let changed = false;
    this.items = this.items.map((item) => {
      if (item.key !== key) return item;
      changed = true;
      return { ...item, ...patch };
    });
    if (changed) this.emit();
  }

  private emit() {
    for (const listener of this.listeners) listener();
  }

  /** Start what the limits allow: waiting files, then analyses nobody watches yet. */
  private pump() {
    let uploading = this.items.filter((item) => item.phase === 'uploading').length;
    for (const item of this.items) {
      if (uploading >= MAX_PARALLEL_UPLOADS) break;
      if (item.phase !== 'waiting') continue;
      uploading += 1;
      void this.upload(item.key);
    }
    let streams = this.items.filter((item) => item.following).length;
    for (const item of this.items) {
      if (streams >= MAX_LIVE_STREAMS) break;
      if (item.phase !== 'analysing' || item.following || !item.media) continue;
      streams += 1;
      void this.follow(item.key, item.media.id);
    }
  }

  private controllerFor(key: string) {
    this.controllers.get(key)?.abort();
    const controller = new AbortController();
    this.controllers.set(key, controller);
    return controller;
  }

  private async upload(key: string) {
    const item = this.find(key);
    if (!item) return;
    const controller = this.controllerFor(key);
    this.update(key, { phase: 'uploading', uploadFraction: 0 });
    try {
      const media = await this.client.upload(item.file, item.file.name, {
        signal: controller.signal,
        onProgress: (progress) => this.update(key, { uploadFraction: progress.fraction }),
      });
      this.update(key, { phase: 'analysing', uploadFraction: 1, media, analysisPercent: 0, jobType: null });
      this.onMediaChanged();
    } catch (error) {
      if (isAbort(error)) return;
      this.update(key, { phase: 'failed', failedStep: 'upload', error: messageOf(error, 'The upload failed.') });
    } finally {
      if (this.controllers.get(key) === controller) this.controllers.delete(key);
      this.pump();
    }
  }

  private async reprocess(key: string, mediaId: string) {
    this.update(key, {
      phase: 'analysing',
      error: null,
      failedStep: null,
      analysisPercent: 0,
      jobType: null,
      following: true,
    });
    try {
      await this.client.call(this.client.api.POST('/v1/media/{id}/reprocess', { params: { path: { id: mediaId } } }));
      this.onMediaChanged();
      this.update(key, { following: false });
    } catch (error) {
      this.update(key, {
        phase: 'failed',
        failedStep: 'analysis',
        following: false,
        error: messageOf(error, 'The analysis could not be started again.'),
      });
    }
    this.pump();
  }

  private async follow(key: string, mediaId: string) {
    const controller = this.controllerFor(key);
    this.update(key, { following: true });
    try {
      await this.client.followMedia(
        mediaId,
        {
          onJob: (job) => this.update(key, { analysisPercent: job.progressPercentage, jobType: job.jobType }),
          onStatus: ({ status, error }) => {
            if (status === 'completed') {
              this.update(key, { phase: 'completed', analysisPercent: 100, error: null });
              this.onMediaChanged();
            } else if (status === 'failed' || status === 'deleted') {
              this.update(key, {
                phase: 'failed',
                failedStep: status === 'failed' ? 'analysis' : null,
                error: error ?? (status === 'deleted' ? 'The file was deleted.' : 'The analysis failed.'),
              });
              this.onMediaChanged();
            }
          },
        },
        controller.signal,
      );
      if (this.find(key)?.phase === 'analysing' && !controller.signal.aborted)
        this.update(key, { phase: 'failed', failedStep: 'follow', error: 'Lost track of the analysis.' });
    } catch (error) {
      if (isAbort(error)) return;
      this.update(key, {
        phase: 'failed',
        failedStep: 'follow',
        error: messageOf(error, 'The analysis progress could not be followed.'),
      });
    } finally {
      if (this.controllers.get(key) === controller) this.controllers.delete(key);
      this.update(key, { following: false });
      this.pump();
    }
  }
}

/** One queue per API client and signed-in user, kept across visits to the library. */
const queues = new WeakMap<AmsClient, { userId: string; queue: UploadQueue }>();

function queueFor(client: AmsClient, userId: string, onMediaChanged: () => void): UploadQueue {
  const existing = queues.get(client);
  if (existing?.userId === userId) return existing.queue;
  existing?.queue.dispose();
  const queue = new UploadQueue(client, onMediaChanged);
  queues.set(client, { userId, queue });
  return queue;
}

export function useUploads() {
  const client = useClient();
  const queryClient = useQueryClient();
  const userId = useSession().me?.id ?? '';
  const [queue] = useState(() =>
    queueFor(client, userId, () => void queryClient.invalidateQueries({ queryKey: ['media'] })),
  );
  const items = useSyncExternalStore(queue.subscribe, queue.getSnapshot);
  const busy = items.some((item) => item.phase === 'waiting' || item.phase === 'uploading');

  // Leaving the page would drop files not yet sent: ask first.
  useEffect(() => {
    if (!busy) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [busy]);

  return { items, queue };
}

export function phaseText(item: UploadItem): string {
  switch (item.phase) {
    case 'waiting':
      return 'Waiting';
    case 'uploading':
      return `Uploading ${Math.round(item.uploadFraction * 100)}%`;
    case 'analysing':
      return item.following ? `Analysing ${Math.round(item.analysisPercent)}%` : 'Waiting for analysis';
    case 'completed':
      return 'Completed';
    case 'failed':
      return `Failed: ${item.error ?? 'unknown error'}`;
  }
}
