import { z } from 'zod';

/**
 * USD per unit for each billable item (`<service>.<operation>`), list prices as published for
 * us-east-1 / OpenAI's API. Override any of them with `PROVIDER_PRICES` (a JSON object).
 */
export const DEFAULT_PRICES: Readonly<Record<string, number>> = {
  'rekognition.DetectLabels': 0.001, // per image
  'rekognition.DetectFaces': 0.001,
  'rekognition.DetectText': 0.001,
  'rekognition.DetectModerationLabels': 0.001,
  'rekognition.RecognizeCelebrities': 0.001,
  'rekognition.video.labels': 0.1 / 60, // per second of video
  'rekognition.video.faces': 0.1 / 60,
  'rekognition.video.text': 0.1 / 60,
  'rekognition.video.moderation': 0.1 / 60,
  'rekognition.video.celebrities': 0.1 / 60,
  'transcribe.StartTranscriptionJob': 0.024 / 60, // per second of audio
  'comprehend.DetectSentiment': 0.0001, // per 100-character unit
  'comprehend.DetectKeyPhrases': 0.0001,
  'comprehend.DetectEntities': 0.0001,
  'openai.chat.input_tokens': 0.15 / 1_000_000,
  'openai.chat.output_tokens': 0.6 / 1_000_000,
  'openai.embeddings.tokens': 0.02 / 1_000_000,
  's3.PutObject': 0.005 / 1000, // per request (PUT, COPY, POST, LIST class)
  's3.GetObject': 0.0004 / 1000, // per request (GET class)
};

export type PriceTable = Readonly<Record<string, number>>;

const overridesSchema = z.record(z.string().min(1), z.number().nonnegative());

/** The price table: defaults with `PROVIDER_PRICES` JSON overrides applied. */
export function priceTable(overridesJson?: string): PriceTable {
  if (!overridesJson) return DEFAULT_PRICES;
  let parsed: unknown;
  try {
    parsed = JSON.parse(overridesJson);
  } catch {
    throw new Error('PROVIDER_PRICES must be a JSON object of item → USD per unit');
  }
  return { ...DEFAULT_PRICES, ...overridesSchema.parse(parsed) };
}

/** What `units` of `item` cost; an item missing from the table costs 0 and is reported. */
export function priceOf(prices: PriceTable, item: string, units: number): { amountUsd: number; known: boolean } {
  const unitPrice = prices[item];
  return unitPrice === undefined ? { amountUsd: 0, known: false } : { amountUsd: unitPrice * units, known: true };
}
