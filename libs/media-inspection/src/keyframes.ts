import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { MediaUnreadable, probeStreams, unreadableOnExit } from './media-streams';
import { fileInput, runMediaTool } from './tools';

export interface KeyframeOptions {
  /** ffmpeg scene score (0..1) above which a frame starts a new scene. */
  sceneThreshold?: number;
  /** Longest stretch without a frame, so a static talk still gets some. */
  everySeconds?: number;
  maxFrames?: number;
  maxWidth?: number;
}

export interface Keyframe {
  path: string;
  timeSeconds: number;
  width: number;
  height: number;
}

// Scenes are looked for in frames this far apart: cuts land within 0.2 s, at a fraction of the work.
const ANALYSIS_FPS = 5;
const FILE_PREFIX = 'keyframe-';
// showinfo: "n:   3 pts:     15 pts_time:3       … s:640x360 …"
const SHOWINFO_FRAME = /\bn:\s*\d+\s+pts:\s*-?\d+\s+pts_time:(-?[\d.]+)\b.*?\bs:(\d+)x(\d+)/;

/**
 * JPEG frames at scene changes, plus one every `everySeconds` inside long scenes, at most
 * `maxFrames` spread evenly over the video, sorted by time. One decoding pass of ffmpeg.
 */
export async function extractKeyframes(
  videoPath: string,
  outDir: string,
  options: KeyframeOptions = {},
): Promise<Keyframe[]> {
  const { sceneThreshold = 0.3, everySeconds = 10, maxFrames = 30, maxWidth = 1280 } = options;
  const streams = await probeStreams(videoPath);
  if (!streams.hasVideo) throw new MediaUnreadable('This file has no video track to take frames from.');
  await mkdir(outDir, { recursive: true });
  await removeFrames(outDir);

  const duration = streams.durationSeconds;
  // Fast-cut videos would otherwise yield a frame per cut: keep candidates to a few per final frame.
  const minGap = Math.max(1 / ANALYSIS_FPS, duration ? duration / (maxFrames * 4) : 0.5);
  const select = `eq(n\\,0)+gte(t-prev_selected_t\\,${minGap})*gt(scene\\,${sceneThreshold})+gte(t-prev_selected_t\\,${everySeconds})`;
  const filters = [
    `fps=${ANALYSIS_FPS}`,
    // Non-square pixels stretched to what the viewer sees; rotation is already applied by ffmpeg.
    'scale=trunc(iw*sar/2)*2:ih',
    'setsar=1',
    `scale=w='min(${maxWidth},iw)':h=-2`,
    // On YUV the scene score reads luma only, blind to a cut between colours of equal brightness.
    'format=rgb24',
    `select='${select}'`,
    'showinfo',
    'format=yuvj420p',
  ];
  const pattern = join(outDir.replaceAll('%', '%%'), `${FILE_PREFIX}%04d.jpg`);
  const args = [
    ...['-nostdin', '-hide_banner', '-nostats', '-v', 'info', '-y', '-i', fileInput(videoPath)],
    ...['-map', '0:V:0', '-an', '-sn', '-dn', '-vf', filters.join(','), '-fps_mode', 'vfr', '-q:v', '3'],
    ...['-f', 'image2', fileInput(pattern)],
  ];
  const timeoutMs = Math.round(60_000 + (duration ?? 600) * 2_000);
  const { stderr } = await runMediaTool('ffmpeg', args, { timeoutMs, maxOutputBytes: 16 << 20 }).catch(
    (error: unknown) => {
      throw unreadableOnExit(error, 'The video could not be decoded.');
    },
  );

  const candidates = await writtenFrames(outDir, stderr);
  if (candidates.length === 0) throw new MediaUnreadable('Not a single frame of this video could be decoded.');
  const kept = spreadEvenly(candidates, maxFrames);
  const dropped = candidates.filter((frame) => !kept.includes(frame));
  await Promise.all(dropped.map((frame) => rm(frame.path, { force: true })));
  return kept;
}

/** Frames left by an earlier attempt would be taken for this one's. */
async function removeFrames(outDir: string): Promise<void> {
  const stale = (await readdir(outDir)).filter((name) => name.startsWith(FILE_PREFIX));
  await Promise.all(stale.map((name) => rm(join(outDir, name), { force: true })));
}

/** Pairs the files ffmpeg wrote (numbered in output order) with showinfo's lines for the same frames. */
async function writtenFrames(outDir: string, stderr: string): Promise<Keyframe[]> {
  const infos = stderr.split('\n').flatMap((line) => {
    const match = SHOWINFO_FRAME.exec(line);
    return match ? [{ timeSeconds: Number(match[1]), width: Number(match[2]), height: Number(match[3]) }] : [];
  });
  const files = (await readdir(outDir)).filter((name) => name.startsWith(FILE_PREFIX) && name.endsWith('.jpg')).sort();
  const frames = files.slice(0, infos.length).map((name, index) => ({ path: join(outDir, name), ...infos[index] }));
  return frames.sort((a, b) => a.timeSeconds - b.timeSeconds);
}

/** At most `max` frames, the closest to evenly spaced times between the first and the last. */
function spreadEvenly(frames: Keyframe[], max: number): Keyframe[] {
  if (frames.length <= max) return frames;
  if (max <= 1) return frames.slice(0, Math.max(max, 0));
  const first = frames[0].timeSeconds;
  const step = (frames[frames.length - 1].timeSeconds - first) / (max - 1);
  const chosen = new Set<Keyframe>();
  for (let slot = 0; slot < max; slot++) {
    const target = first + slot * step;
    let best: Keyframe | undefined;
    for (const frame of frames) {
      if (chosen.has(frame)) continue;
      if (!best || Math.abs(frame.timeSeconds - target) < Math.abs(best.timeSeconds - target)) best = frame;
    }
    if (best) chosen.add(best);
  }
  return frames.filter((frame) => chosen.has(frame));
}
