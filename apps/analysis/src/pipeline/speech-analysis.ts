import { join } from 'node:path';
import type { SegmentResult } from '@ams/contracts';
import { extractAudio } from '@ams/media-inspection';
import type { AnalysisProviders, StoredObject } from '@ams/providers';
import type { JobMeter } from './job-meter';

/** What transcription found; stored as the job's result_data. */
export interface SpeechFindings {
  transcript: string;
  segments: SegmentResult[];
  provider: string;
}

/** The audio track, transcribed with times. A silent or empty track is an empty transcript, not a failure. */
export async function transcribeVideo(
  providers: AnalysisProviders,
  video: { path: string; mimeType: string; stored?: StoredObject },
  workDir: string,
  meter: JobMeter,
): Promise<SpeechFindings> {
  const { speech } = providers;
  const audio = await extractAudio(video.path, join(workDir, 'audio.wav'));
  if (!audio || audio.durationSeconds === 0) return { transcript: '', segments: [], provider: speech.provider };
  const stored = video.stored ? { ...video.stored, mimeType: video.mimeType } : undefined;
  const transcript = await meter.call('speech', speech.provider, (ctx) =>
    speech.transcribe({ path: audio.path, durationSeconds: audio.durationSeconds, stored }, ctx),
  );
  const segments: SegmentResult[] = transcript.segments.map((segment) => ({
    kind: 'audio',
    start: segment.start,
    end: Math.max(segment.start, segment.end),
    labels: [],
    facesCount: 0,
    text: [],
    transcript: segment.text,
  }));
  return { transcript: transcript.text.trim(), segments, provider: speech.provider };
}
