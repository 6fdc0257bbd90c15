import type { Ref, SyntheticEvent } from 'react';
import type { Media } from '@ams/sdk';
import type { ObjectUrlState } from '../ui/object-url';
import { ErrorNotice, Loading } from '../ui/states';

/** Start playing; browsers may refuse without a user gesture, which is fine: the user presses play. */
export function playQuietly(video: HTMLVideoElement): void {
  try {
    void Promise.resolve(video.play()).catch(() => undefined);
  } catch {
    // Older engines throw instead of rejecting; same meaning.
  }
}

/**
 * The file itself, from an object URL (the bytes need the bearer token). A video starts at
 * `startAt` seconds once its metadata is known — the deep link a search moment points to.
 */
export function MediaPlayer({
  media,
  file,
  startAt,
  videoRef,
}: {
  media: Media;
  file: ObjectUrlState;
  startAt: number | null;
  videoRef: Ref<HTMLVideoElement>;
}) {
  if (file.error) return <ErrorNotice error={file.error} title="The file could not be loaded" />;
  if (!file.url) return <Loading label="Loading file…" />;

  if (media.fileType === 'image') return <img className="player-image" src={file.url} alt={media.filename} />;

  const seekToStart = (event: SyntheticEvent<HTMLVideoElement>) => {
    if (startAt === null) return;
    const video = event.currentTarget;
    video.currentTime = startAt;
    playQuietly(video);
  };
  return (
    <video
      ref={videoRef}
      className="player-video"
      controls
      preload="metadata"
      aria-label="Video player"
      src={file.url}
      onLoadedMetadata={seekToStart}
    />
  );
}

/** `?t=75` (seconds) → 75; anything else → null. */
export function parseStartAt(value: string | null): number | null {
  if (value === null || value.trim() === '') return null;
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : null;
}
