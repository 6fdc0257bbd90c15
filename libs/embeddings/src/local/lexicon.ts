import type { LemmaFacts } from './lemmatizer';
import type { Dictionary } from './text-analysis';

/** Weights are stored as bytes: value / 255, in (0, 1]. */
export const WEIGHT_SCALE = 255;

/**
 * The derived lexicon the embedder works from (built from WordNet by `buildLexicon`, stored by
 * `writeLexiconFile`). Lemma i's senses are `senseSynset[senseStart[i] .. senseStart[i+1])`;
 * synset j's features are `featureSynset[featureStart[j] .. featureStart[j+1])`.
 */
export interface LexiconData {
  /** Sorted dictionary forms, multi-word ones with spaces ("ice cream"). */
  lemmas: string[];
  /** Bits of NOUN, VERB, ADJECTIVE, ADVERB per lemma. */
  partsOfSpeech: Uint8Array;
  /** SemCor tag count of the lemma over all its senses: picks between readings of a word. */
  frequency: Uint32Array;
  /** How much the lemma counts in a text: rare words more than common ones (IDF-like). */
  textWeight: Uint8Array;
  senseStart: Uint32Array;
  senseSynset: Uint32Array;
  /** How likely each sense is, relative to the lemma's most likely sense. */
  senseWeight: Uint8Array;
  featureStart: Uint32Array;
  /** Features are synsets: the synset itself, its hypernyms, related synsets, gloss concepts. */
  featureSynset: Uint32Array;
  featureWeight: Uint8Array;
  /** Lemmas that keep company with each lemma in WordNet's glosses ("snow" → winter, ski). */
  contextStart: Uint32Array;
  contextLemma: Uint32Array;
  contextWeight: Uint8Array;
}

/** The lexicon with a lookup table, ready for lemmatizing and embedding. */
export class Lexicon implements Dictionary {
  readonly synsetCount: number;
  private readonly index = new Map<string, number>();
  private readonly phraseStarts = new Set<string>();

  constructor(readonly data: LexiconData) {
    this.synsetCount = data.featureStart.length - 1;
    data.lemmas.forEach((lemma, id) => {
      this.index.set(lemma, id);
      // "out of doors" opens with "out" and with "out of".
      for (let space = lemma.indexOf(' '); space >= 0; space = lemma.indexOf(' ', space + 1)) {
        this.phraseStarts.add(lemma.slice(0, space));
      }
    });
  }

  opensPhrase(words: string): boolean {
    return this.phraseStarts.has(words);
  }

  facts(form: string): LemmaFacts | undefined {
    const id = this.index.get(form);
    if (id === undefined) return undefined;
    return { id, partsOfSpeech: this.data.partsOfSpeech[id], frequency: this.data.frequency[id] };
  }
}
