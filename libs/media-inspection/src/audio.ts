import { rm, stat } from 'node:fs/promises';
import { probeStreams, unreadableOnExit } from './media-streams';
import { fileInput, runMediaTool } from './tools';

export interface ExtractedAudio {
  path: string;
  durationSeconds: number;
}

// 16 kHz × 1 channel × 2 bytes; a bit-exact WAV header is 44 bytes.
const BYTES_PER_SECOND = 32_000;
const WAV_HEADER_BYTES = 44;

/**
 * The first audio track as 16 kHz mono 16-bit WAV (what speech recognisers expect), cut at
 * `maxSeconds`. Null when there is no audio track, or it holds no samples.
 */
export async function extractAudio(
  videoPath: string,
  outWav: string,
  options: { maxSeconds?: number } = {},
): Promise<ExtractedAudio | null> {
  const streams = await probeStreams(videoPath);
  if (!streams.hasAudio) return null;
  const limit = options.maxSeconds !== undefined ? ['-t', String(options.maxSeconds)] : [];
  const args = [
    ...['-nostdin', '-hide_banner', '-v', 'error', '-y', '-i', fileInput(videoPath), ...limit],
    ...['-map', '0:a:0', '-vn', '-sn', '-dn', '-ac', '1', '-ar', '16000', '-c:a', 'pcm_s16le'],
    // No LIST chunk: a plain 44-byte header, which simple WAV readers (pocketsphinx) assume.
    ...['-map_metadata', '-1', '-fflags', '+bitexact', '-flags:a', '+bitexact', '-f', 'wav', fileInput(outWav)],
  ];
  const seconds = Math.min(streams.durationSeconds ?? 3600, options.maxSeconds ?? Infinity);
  await runMediaTool('ffmpeg', args, { timeoutMs: Math.round(30_000 + seconds * 500), maxOutputBytes: 1 << 20 }).catch(
    (error: unknown) => {
      throw unreadableOnExit(error, 'The audio track could not be decoded.');
    },
  );
  const { size } = await stat(outWav);
  const durationSeconds = Math.max(0, size - WAV_HEADER_BYTES) / BYTES_PER_SECOND;
  if (durationSeconds === 0) {
    await rm(outWav, { force: true });
    return null;
  }
  return { path: outWav, durationSeconds: Math.round(durationSeconds * 1000) / 1000 };
}
