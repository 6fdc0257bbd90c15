import type { CallContext, TextAnalyzer, TextInsights } from '../../capabilities';
import { entitiesOf } from './entities';
import { keyPhrases } from './key-phrases';
import { documentSentiment } from './sentiment';
import { tokenTable } from './token-table';
import { englishNlp } from './wink';

const MAX_KEY_PHRASES = 10;
// Beyond this the gist is known; analysing a book would only cost time.
const MAX_CHARACTERS = 100_000;

/** Offline English text analysis: wink-nlp for sentences, noun phrases and entities; VADER for sentiment. */
export class LocalTextAnalyzer implements TextAnalyzer {
  readonly provider = 'local';

  async analyzeText(text: string, context: CallContext): Promise<TextInsights> {
    context.signal?.throwIfAborted();
    const trimmed = text.slice(0, MAX_CHARACTERS).trim();
    if (!trimmed) {
      return {
        sentiment: 'NEUTRAL',
        sentimentScores: { POSITIVE: 0, NEGATIVE: 0, NEUTRAL: 1, MIXED: 0 },
        keyPhrases: [],
        entities: [],
      };
    }
    const table = tokenTable(englishNlp(), trimmed);
    const { sentiment, scores } = documentSentiment(table);
    return {
      sentiment,
      sentimentScores: scores,
      keyPhrases: keyPhrases(table, MAX_KEY_PHRASES),
      entities: entitiesOf(table),
    };
  }
}
