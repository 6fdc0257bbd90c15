import type { JobType } from '@ams/contracts';
import { priceOf, type PriceTable, type ProviderUsage } from '@ams/providers';
import type { AnalysisFeatures } from './job-plan';

/** Which provider configuration chose for each capability (the names the factory reads). */
export interface ProviderChoice {
  vision: 'local' | 'aws';
  video: 'keyframes' | 'aws';
  speech: 'local' | 'aws';
  language: 'local' | 'aws';
  summary: 'local' | 'openai';
  /** Rekognition Video reads objects in S3 only; with local storage videos go frame by frame. */
  storage: 'local' | 's3';
}

export interface FileFacts {
  fileType: 'image' | 'video';
  durationSeconds: number | null;
  features: AnalysisFeatures;
}

/**
 * Sizes for what is unknown before the work: text read and spoken (speech runs at about
 * 15 characters a second), and the summary prompt. Generous on purpose: an estimate guards a cap.
 */
const ASSUMED = {
  textCharsPerImage: 400,
  transcriptCharsPerSecond: 15,
  summaryInputTokens: 900,
  summaryOutputTokens: 150,
};

/**
 * The billable usage a job will most likely report, from the same items the providers report
 * (so the price table prices both). Local providers report nothing and estimate nothing.
 */
export function estimateUsage(
  jobType: JobType,
  file: FileFacts,
  providers: ProviderChoice,
  keyframes: { everySeconds: number; maxFrames: number },
): ProviderUsage[] {
  const seconds = Math.ceil(file.durationSeconds ?? 0);
  switch (jobType) {
    case 'image_analysis':
      return providers.vision === 'aws' ? imageCalls(file.features, 1) : [];
    case 'video_analysis':
      if (providers.video === 'aws' && providers.storage === 's3') {
        return videoFeatures(file.features).map((name) => ({ item: `rekognition.video.${name}`, units: seconds }));
      }
      return providers.vision === 'aws'
        ? imageCalls(file.features, Math.min(keyframes.maxFrames, Math.floor(seconds / keyframes.everySeconds) + 1))
        : [];
    case 'transcription':
      return providers.speech === 'aws' ? [{ item: 'transcribe.StartTranscriptionJob', units: seconds }] : [];
    case 'text_analysis': {
      const chars =
        file.fileType === 'image' ? ASSUMED.textCharsPerImage : seconds * ASSUMED.transcriptCharsPerSecond + 400;
      const units = Math.max(3, Math.ceil(chars / 100));
      const language: ProviderUsage[] =
        providers.language === 'aws'
          ? ['DetectSentiment', 'DetectKeyPhrases', 'DetectEntities'].map((op) => ({ item: `comprehend.${op}`, units }))
          : [];
      const summary: ProviderUsage[] =
        providers.summary === 'openai'
          ? [
              { item: 'openai.chat.input_tokens', units: ASSUMED.summaryInputTokens + Math.ceil(chars / 4) },
              { item: 'openai.chat.output_tokens', units: ASSUMED.summaryOutputTokens },
            ]
          : [];
      return [...language, ...summary];
    }
    case 'embedding_generation':
      // Embeddings are metered by the search service; a file's document costs ~$0.00002.
      return [];
  }
}

/** The estimate in USD under `prices`. */
export function estimateCostUsd(prices: PriceTable, usage: ProviderUsage[]): number {
  return usage.reduce((sum, line) => sum + priceOf(prices, line.item, line.units).amountUsd, 0);
}

function imageCalls(features: AnalysisFeatures, images: number): ProviderUsage[] {
  const operations = ['DetectLabels', 'DetectFaces', 'DetectText'];
  if (features.moderation) operations.push('DetectModerationLabels');
  if (features.celebrities) operations.push('RecognizeCelebrities');
  return operations.map((operation) => ({ item: `rekognition.${operation}`, units: images }));
}

function videoFeatures(features: AnalysisFeatures): string[] {
  return [
    'labels',
    'faces',
    'text',
    ...(features.moderation ? ['moderation'] : []),
    ...(features.celebrities ? ['celebrities'] : []),
  ];
}
