import {
  DetectEntitiesCommand,
  DetectKeyPhrasesCommand,
  DetectSentimentCommand,
  type ComprehendClient,
  type DetectSentimentResponse,
  type LanguageCode,
} from '@aws-sdk/client-comprehend';
import { SENTIMENTS, type CallContext, type Sentiment, type TextAnalyzer, type TextInsights } from '../capabilities';
import type { CloudCallPolicy } from '../resilience';
import { chunkText } from './text-chunks';

export const COMPREHEND = 'aws-comprehend';

export interface ComprehendOptions {
  client: ComprehendClient;
  policy: CloudCallPolicy;
  /** Comprehend's code: `en`, `de`, `fr`, …; `en` by default. */
  languageCode?: string;
}

// Per-request limits in UTF-8 bytes: 5 KB for sentiment, under 100 KB for key phrases and entities.
const SENTIMENT_MAX_BYTES = 5_000;
const PHRASES_MAX_BYTES = 99_000;
/** Comprehend bills 100-character units, at least 3 per request. */
const billedUnits = (text: string): number => Math.max(3, Math.ceil([...text].length / 100));

/** Sentiment, key phrases and entities with Amazon Comprehend, over texts of any length. */
export class ComprehendTextAnalyzer implements TextAnalyzer {
  readonly provider = COMPREHEND;

  constructor(private readonly options: ComprehendOptions) {}

  async analyzeText(text: string, context: CallContext): Promise<TextInsights> {
    if (!text.trim()) return { ...neutral(), keyPhrases: [], entities: [] };
    const [sentiment, keyPhrases, entities] = await Promise.all([
      this.sentiment(chunkText(text, SENTIMENT_MAX_BYTES), context),
      this.keyPhrases(chunkText(text, PHRASES_MAX_BYTES), context),
      this.entities(chunkText(text, PHRASES_MAX_BYTES), context),
    ]);
    return { ...sentiment, keyPhrases, entities };
  }

  /** Per-chunk scores weighted by the chunk's length; the verdict is the highest combined score. */
  private async sentiment(
    chunks: string[],
    context: CallContext,
  ): Promise<Omit<TextInsights, 'keyPhrases' | 'entities'>> {
    const totals: Record<Sentiment, number> = { POSITIVE: 0, NEGATIVE: 0, NEUTRAL: 0, MIXED: 0 };
    let weight = 0;
    for (const Text of chunks) {
      const response = await this.call(context, 'DetectSentiment', Text, (abortSignal) =>
        this.options.client.send(new DetectSentimentCommand({ Text, LanguageCode: this.language }), { abortSignal }),
      );
      const scores = toScores(response);
      for (const sentiment of SENTIMENTS) totals[sentiment] += scores[sentiment] * Text.length;
      weight += Text.length;
    }
    const sentimentScores = Object.fromEntries(
      SENTIMENTS.map((sentiment) => [sentiment, round(totals[sentiment] / weight)]),
    ) as Record<Sentiment, number>;
    const sentiment = SENTIMENTS.reduce((best, s) => (sentimentScores[s] > sentimentScores[best] ? s : best));
    return { sentiment, sentimentScores };
  }

  private async keyPhrases(chunks: string[], context: CallContext): Promise<string[]> {
    const phrases = new Map<string, string>();
    for (const Text of chunks) {
      const response = await this.call(context, 'DetectKeyPhrases', Text, (abortSignal) =>
        this.options.client.send(new DetectKeyPhrasesCommand({ Text, LanguageCode: this.language }), { abortSignal }),
      );
      for (const { Text: phrase = '' } of response.KeyPhrases ?? []) {
        const trimmed = phrase.trim();
        const key = trimmed.toLowerCase();
        if (trimmed && !phrases.has(key)) phrases.set(key, trimmed);
      }
    }
    return [...phrases.values()];
  }

  private async entities(chunks: string[], context: CallContext): Promise<TextInsights['entities']> {
    const entities = new Map<string, { text: string; type: string }>();
    for (const Text of chunks) {
      const response = await this.call(context, 'DetectEntities', Text, (abortSignal) =>
        this.options.client.send(new DetectEntitiesCommand({ Text, LanguageCode: this.language }), { abortSignal }),
      );
      for (const entity of response.Entities ?? []) {
        const text = entity.Text?.trim();
        if (!text || !entity.Type) continue;
        const key = `${entity.Type}\n${text.toLowerCase()}`;
        if (!entities.has(key)) entities.set(key, { text, type: entity.Type });
      }
    }
    return [...entities.values()];
  }

  private async call<T>(
    context: CallContext,
    operation: string,
    text: string,
    send: (abortSignal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    const response = await this.options.policy.run(send, context.signal);
    context.recordUsage({ item: `comprehend.${operation}`, units: billedUnits(text) });
    return response;
  }

  private get language(): LanguageCode {
    return (this.options.languageCode ?? 'en') as LanguageCode;
  }
}

function neutral(): Pick<TextInsights, 'sentiment' | 'sentimentScores'> {
  return { sentiment: 'NEUTRAL', sentimentScores: { POSITIVE: 0, NEGATIVE: 0, NEUTRAL: 1, MIXED: 0 } };
}

function toScores({ SentimentScore: score }: DetectSentimentResponse): Record<Sentiment, number> {
  return {
    POSITIVE: score?.Positive ?? 0,
    NEGATIVE: score?.Negative ?? 0,
    NEUTRAL: score?.Neutral ?? 0,
    MIXED: score?.Mixed ?? 0,
  };
}

const round = (value: number): number => Math.round(value * 10_000) / 10_000;
