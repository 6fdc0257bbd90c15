import { fileInput, MediaToolFailed, runMediaTool } from './tools';

/** The file cannot be decoded for analysis (no picture to cut frames from, damaged): never worth a retry. */
export class MediaUnreadable extends Error {
  readonly code = 'MEDIA_UNREADABLE';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MediaUnreadable';
  }
}

export interface MediaStreams {
  hasVideo: boolean;
  hasAudio: boolean;
  /** Seconds, when the container or a stream says. */
  durationSeconds?: number;
}

interface Probe {
  format?: { duration?: string };
  streams?: { codec_type?: string; duration?: string; disposition?: { attached_pic?: number } }[];
}

/** Which streams a file has, by ffprobe; a file ffprobe cannot open is unreadable. */
export async function probeStreams(path: string): Promise<MediaStreams> {
  const args = ['-v', 'error', '-print_format', 'json', '-show_entries', 'format=duration:stream=codec_type,duration'];
  let probe: Probe;
  try {
    const { stdout } = await runMediaTool(
      'ffprobe',
      [...args, '-show_entries', 'stream_disposition=attached_pic', fileInput(path)],
      {
        timeoutMs: 20_000,
        maxOutputBytes: 1 << 20,
      },
    );
    probe = JSON.parse(stdout) as Probe;
  } catch (error) {
    if (error instanceof MediaToolFailed && error.reason === 'exit') {
      throw new MediaUnreadable('The file could not be read as audio or video.', { cause: error });
    }
    if (error instanceof SyntaxError) throw new MediaUnreadable('ffprobe gave an unreadable answer.', { cause: error });
    throw error;
  }
  const streams = probe.streams ?? [];
  // Cover art in an audio file is a "video" stream of one picture: not a video.
  const hasVideo = streams.some((stream) => stream.codec_type === 'video' && !stream.disposition?.attached_pic);
  const hasAudio = streams.some((stream) => stream.codec_type === 'audio');
  const durations = [probe.format?.duration, ...streams.map((stream) => stream.duration)].map(Number);
  const durationSeconds = durations.find((seconds) => Number.isFinite(seconds) && seconds > 0);
  return { hasVideo, hasAudio, durationSeconds };
}

/** ffmpeg's own failure on the file (not a timeout or a missing binary) means the file is unreadable. */
export function unreadableOnExit(error: unknown, message: string): unknown {
  if (error instanceof MediaToolFailed && error.reason === 'exit')
    return new MediaUnreadable(message, { cause: error });
  return error;
}
