import type { InspectedMedia, InspectionLimits } from './types';
import type { AcceptedType } from './sniff';
import { corruptMedia, unsupportedMediaType, videoTooLong } from './refusals';
import { fileInput, MediaToolFailed, runMediaTool } from './tools';

interface ProbedStream {
  codec_type?: string;
  width?: number;
  height?: number;
  duration?: string;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  tags?: Record<string, string>;
  side_data_list?: { rotation?: number | string }[];
  disposition?: { attached_pic?: number };
}

interface Probe {
  format?: { format_name?: string; duration?: string };
  streams?: ProbedStream[];
}

/** Reads a video's container with ffprobe and refuses what is not a playable video within limits. */
export async function inspectVideo(
  path: string,
  type: AcceptedType,
  sizeBytes: number,
  limits: InspectionLimits,
): Promise<InspectedMedia> {
  const demuxer = type.demuxer ?? '';
  const probe = await probeFile(path, demuxer);
  // Forced to the sniffed demuxer, ffprobe could still only half-agree; insist.
  if (!probe.format?.format_name?.split(',').includes(demuxer)) throw corruptMedia();

  const streams = probe.streams ?? [];
  // Cover art in an audio file is a video stream too; it is not a video.
  const picture = streams.find((stream) => stream.codec_type === 'video' && !stream.disposition?.attached_pic);
  if (!picture) {
    throw unsupportedMediaType(type.mimeType, 'This file has no video track; audio-only files are not accepted.');
  }
  const { width, height } = displayDimensions(picture);
  if (!width || !height) throw corruptMedia();

  const durationSeconds = durationOf(probe, picture);
  const maxSeconds = limits.maxVideoDurationSeconds;
  if (maxSeconds !== null) {
    // Without a duration the limit cannot be enforced: refuse rather than accept blind.
    if (durationSeconds === undefined) throw corruptMedia('We could not read how long this video is.');
    if (durationSeconds > maxSeconds) throw videoTooLong(durationSeconds, maxSeconds);
  }
  return {
    kind: 'video',
    mimeType: type.mimeType,
    extension: type.extension,
    sizeBytes,
    width,
    height,
    durationSeconds,
    frameRate: frameRateOf(picture),
    hasAudio: streams.some((stream) => stream.codec_type === 'audio'),
  };
}

async function probeFile(path: string, demuxer: string): Promise<Probe> {
  const args = ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', '-f', demuxer];
  try {
    const { stdout } = await runMediaTool('ffprobe', [...args, fileInput(path)], {
      timeoutMs: 20_000,
      maxOutputBytes: 4 << 20,
    });
    return JSON.parse(stdout) as Probe;
  } catch (error) {
    if (error instanceof MediaToolFailed || error instanceof SyntaxError) throw corruptMedia();
    throw error;
  }
}

/** Phones record portrait video as landscape frames plus a rotation: report what the viewer sees. */
function displayDimensions(stream: ProbedStream): { width?: number; height?: number } {
  const rotation = Number(
    stream.side_data_list?.find((data) => data.rotation !== undefined)?.rotation ?? stream.tags?.['rotate'] ?? 0,
  );
  const quarterTurn = Math.abs(Math.round(rotation)) % 180 === 90;
  return quarterTurn ? { width: stream.height, height: stream.width } : { width: stream.width, height: stream.height };
}

function durationOf(probe: Probe, stream: ProbedStream): number | undefined {
  const candidates = [probe.format?.duration, stream.duration, matroskaDuration(stream.tags?.['DURATION'])];
  for (const candidate of candidates) {
    const seconds = Number(candidate);
    if (candidate !== undefined && Number.isFinite(seconds) && seconds > 0) return round(seconds, 3);
  }
  return undefined;
}

/** Matroska keeps per-stream durations as a tag, "00:01:02.500000000". */
function matroskaDuration(tag: string | undefined): number | undefined {
  const match = tag?.match(/^(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/);
  if (!match) return undefined;
  return Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3]);
}

function frameRateOf(stream: ProbedStream): number | undefined {
  // avg_frame_rate is "0/0" when unknown; r_frame_rate can be a timebase (90000/1), hence the cap.
  for (const rate of [stream.avg_frame_rate, stream.r_frame_rate]) {
    const value = ratio(rate);
    if (value !== undefined && value > 0 && value < 1000) return round(value, 2);
  }
  return undefined;
}

function ratio(text: string | undefined): number | undefined {
  const [numerator, denominator] = (text ?? '').split('/').map(Number);
  if (!Number.isFinite(numerator) || !Number.isFinite(denominator) || !denominator) return undefined;
  return numerator / denominator;
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
