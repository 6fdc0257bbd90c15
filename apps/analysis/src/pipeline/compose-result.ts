import type { AnalysisResult } from '@ams/contracts';
import type { AnalysisProviders, MediaFactsForSummary } from '@ams/providers';
import type { JobMeter } from './job-meter';
import type { SpeechFindings } from './speech-analysis';
import type { VisualFindings } from './visual-analysis';

/** Labels below this are kept in the result but not worth a sentence. */
const SUMMARY_LABEL_CONFIDENCE = 0.5;

/**
 * The text job: sentiment and key phrases over everything read or heard, a summary over all
 * the facts, and the one result the media and search services receive.
 */
export async function composeResult(
  providers: AnalysisProviders,
  file: { kind: 'image' | 'video'; filename: string; durationSeconds: number | null },
  visual: VisualFindings,
  speech: SpeechFindings | null,
  meter: JobMeter,
): Promise<AnalysisResult> {
  const { language, summary } = providers;
  const transcript = speech?.transcript ?? '';
  const allText = [...visual.text, transcript].filter((part) => part.trim().length > 0).join('\n');
  const insights = allText
    ? await meter.call('language', language.provider, (ctx) => language.analyzeText(allText, ctx))
    : null;
  const facts: MediaFactsForSummary = {
    kind: file.kind,
    filename: file.filename,
    durationSeconds: file.durationSeconds ?? undefined,
    labels: visual.labels.filter((label) => label.confidence >= SUMMARY_LABEL_CONFIDENCE),
    facesCount: visual.facesCount,
    text: visual.text,
    transcript: transcript || undefined,
    sentiment: insights?.sentiment,
    keyPhrases: insights?.keyPhrases ?? [],
    contentWarnings: visual.contentWarnings,
    celebrities: visual.celebrities,
    dominantColors: visual.dominantColors.map((color) => color.name),
    takenAt: visual.exif.takenAt,
    camera: visual.exif.camera,
  };
  const text = await meter.call('summary', summary.provider, (ctx) => summary.summarize(facts, ctx));
  return {
    summary: text,
    labels: visual.labels,
    facesCount: visual.facesCount,
    text: visual.text,
    transcription: speech ? transcript : null,
    sentiment: insights?.sentiment ?? null,
    keyPhrases: insights?.keyPhrases ?? [],
    contentWarnings: visual.contentWarnings,
    celebrities: visual.celebrities,
    dominantColors: visual.dominantColors,
    exif: visual.exif,
    segments: [...visual.segments, ...(speech?.segments ?? [])].sort((a, b) => a.start - b.start),
    providers: {
      ...visual.providers,
      ...(speech ? { speech: speech.provider } : {}),
      ...(insights ? { language: language.provider } : {}),
      summary: summary.provider,
    },
  };
}
