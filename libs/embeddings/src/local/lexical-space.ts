import type { EmbeddingField } from '../embedder';
import type { Lexicon } from './lexicon';
import { addScaled, DIMENSIONS, dot, scaleToUnit } from './projection';
import { analyzeText, type Term } from './text-analysis';
import { WordVectors } from './word-vectors';

/** A word of a text and how close it comes to some word of a query. */
export interface WordMatch {
  /** The word or phrase as it appears in the text. */
  text: string;
  start: number;
  end: number;
  /** The query word it is closest to. */
  queryWord: string;
  similarity: number;
}

/** Repeating a word adds to its weight, but less and less (1 + ln n). */
function repetitionWeight(count: number): number {
  return count <= 1 ? count : 1 + Math.log(count);
}

/** Texts as IDF-weighted averages of their words' WordNet vectors. */
export class LexicalSpace {
  readonly words: WordVectors;

  constructor(private readonly lexicon: Lexicon) {
    this.words = new WordVectors(lexicon);
  }

  terms(text: string): Term[] {
    return analyzeText(text, this.lexicon);
  }

  /** A unit vector for the text, or all zeros when it has no content words. */
  embedText(text: string): Float32Array {
    const repeats = new Map<string, { term: Term; count: number }>();
    for (const term of this.terms(text)) {
      const key = `${term.weight}|${term.surface}`;
      const seen = repeats.get(key);
      if (seen) seen.count += 1;
      else repeats.set(key, { term, count: 1 });
    }
    const vector = new Float32Array(DIMENSIONS);
    for (const { term, count } of repeats.values()) {
      const weight = term.weight * repetitionWeight(count) * this.words.termWeight(term);
      addScaled(vector, this.words.term(term), weight);
    }
    return scaleToUnit(vector);
  }

  /** Each field's unit vector, scaled by its weight, summed: a field counts by its weight, not its length. */
  embedFields(fields: readonly EmbeddingField[]): Float32Array {
    const vector = new Float32Array(DIMENSIONS);
    for (const field of fields) {
      const weight = field.weight ?? 1;
      if (weight <= 0 || field.text.trim().length === 0) continue;
      addScaled(vector, this.embedText(field.text), weight);
    }
    return scaleToUnit(vector);
  }

  /** The words of `text` closest in meaning to some word of `query`, best first. */
  matchingWords(query: string, text: string, minSimilarity: number): WordMatch[] {
    const queryTerms = this.terms(query).filter((term) => term.weight === 1);
    const queryVectors = queryTerms.map((term) => this.words.term(term));
    const best = new Map<string, WordMatch>();
    for (const term of this.terms(text)) {
      const vector = this.words.term(term);
      queryVectors.forEach((queryVector, index) => {
        const similarity = dot(vector, queryVector);
        const previous = best.get(term.surface);
        if (similarity < minSimilarity || (previous && previous.similarity >= similarity)) return;
        best.set(term.surface, {
          text: text.slice(term.start, term.end),
          start: term.start,
          end: term.end,
          queryWord: queryTerms[index].surface,
          similarity,
        });
      });
    }
    return [...best.values()].sort((a, b) => b.similarity - a.similarity || a.start - b.start);
  }
}
