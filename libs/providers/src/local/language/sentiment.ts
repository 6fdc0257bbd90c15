import { SentimentIntensityAnalyzer } from 'vader-sentiment';
import type { Sentiment } from '../../capabilities';
import { spanText, type TokenTable } from './token-table';

export interface SentimentResult {
  sentiment: Sentiment;
  scores: Record<Sentiment, number>;
}

// Unpunctuated transcripts arrive as one endless "sentence": score them in windows instead.
const MAX_UNIT_WORDS = 30;
const WINDOW_WORDS = 20;
/** A sentence at least this far from 0 (VADER compound) counts as clearly positive or negative. */
const CLEAR = 0.3;
/** How much a neutral sentence weighs against a sentiment-bearing one. */
const NEUTRAL_WEIGHT = 0.1;

const NEUTRAL: SentimentResult = { sentiment: 'NEUTRAL', scores: { POSITIVE: 0, NEGATIVE: 0, NEUTRAL: 1, MIXED: 0 } };

/**
 * VADER compound score per sentence (it handles negation, "not good", and intensifiers), then
 * one document label: MIXED when clearly positive and clearly negative sentences balance,
 * NEUTRAL when sentiment-bearing sentences are too few to matter.
 */
export function documentSentiment(table: TokenTable): SentimentResult {
  const compounds = scoringSpans(table).map(
    (span) => SentimentIntensityAnalyzer.polarity_scores(spanText(table, span)).compound,
  );
  if (compounds.length === 0) return NEUTRAL;

  const positive = sum(compounds.map((value) => Math.max(value, 0))) / compounds.length;
  const negative = sum(compounds.map((value) => Math.max(-value, 0))) / compounds.length;
  const bothClear = compounds.some((value) => value >= CLEAR) && compounds.some((value) => value <= -CLEAR);
  const evidence: Record<Sentiment, number> = {
    POSITIVE: positive,
    NEGATIVE: negative,
    NEUTRAL: NEUTRAL_WEIGHT * Math.max(0, 1 - positive - negative),
    MIXED: bothClear ? 2 * Math.min(positive, negative) : 0,
  };
  const total = sum(Object.values(evidence));
  if (total === 0) return NEUTRAL;
  const scores = Object.fromEntries(
    Object.entries(evidence).map(([name, value]) => [name, Math.round((value / total) * 1000) / 1000]),
  ) as Record<Sentiment, number>;
  const sentiment = (Object.keys(scores) as Sentiment[]).reduce((best, name) =>
    scores[name] > scores[best] ? name : best,
  );
  return { sentiment, scores };
}

/** Sentences with at least one word, long ones cut into windows of words. */
function scoringSpans(table: TokenTable): [number, number][] {
  const spans: [number, number][] = [];
  for (const [start, end] of table.units) {
    const words = range(start, end).filter((index) => table.type[index] === 'word');
    if (words.length === 0) continue;
    if (words.length <= MAX_UNIT_WORDS) {
      spans.push([start, end]);
      continue;
    }
    for (let first = 0; first < words.length; first += WINDOW_WORDS) {
      const last = Math.min(first + WINDOW_WORDS, words.length) - 1;
      spans.push([words[first], last === words.length - 1 ? end : words[last]]);
    }
  }
  return spans;
}

function range(start: number, end: number): number[] {
  return Array.from({ length: end - start + 1 }, (_, offset) => start + offset);
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
