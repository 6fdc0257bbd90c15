import { LRUCache } from 'lru-cache';
import { WEIGHT_SCALE, type Lexicon } from './lexicon';
import { addFeature, addScaled, DIMENSIONS, FeatureSpace, hashString, scaleToUnit } from './projection';
import type { Term } from './text-analysis';

// Names, codes and OCR'd strings are usually what a search is after; bare numbers less so.
const UNKNOWN_WORD_WEIGHT = 0.8;
const NUMBER_WEIGHT = 0.4;
// An unknown word is mostly itself, a little its character trigrams ("inv-2041" ~ "inv-2042").
const TRIGRAM_SHARE = 0.5;
const MIN_TRIGRAM_WORD_LENGTH = 4;
const CACHE_SIZE = 20_000;

/** Unit vectors for synsets, lemmas and words, built on demand from the lexicon and cached. */
export class WordVectors {
  private readonly synsets = new LRUCache<number, Float32Array>({ max: CACHE_SIZE });
  private readonly lemmas = new LRUCache<number, Float32Array>({ max: CACHE_SIZE });
  private readonly unknownWords = new LRUCache<string, Float32Array>({ max: CACHE_SIZE });

  constructor(private readonly lexicon: Lexicon) {}

  /** The weighted sum of the synset's features (itself, its hypernyms, neighbours, gloss). */
  synset(id: number): Float32Array {
    let vector = this.synsets.get(id);
    if (vector) return vector;
    const { featureStart, featureSynset, featureWeight } = this.lexicon.data;
    vector = new Float32Array(DIMENSIONS);
    for (let at = featureStart[id]; at < featureStart[id + 1]; at++) {
      addFeature(vector, FeatureSpace.synset, featureSynset[at], featureWeight[at] / WEIGHT_SCALE);
    }
    this.synsets.set(id, scaleToUnit(vector));
    return vector;
  }

  /** A lemma is its senses, each as likely as SemCor says. */
  lemma(id: number): Float32Array {
    let vector = this.lemmas.get(id);
    if (vector) return vector;
    const { senseStart, senseSynset, senseWeight } = this.lexicon.data;
    vector = new Float32Array(DIMENSIONS);
    for (let at = senseStart[id]; at < senseStart[id + 1]; at++) {
      addScaled(vector, this.synset(senseSynset[at]), senseWeight[at] / WEIGHT_SCALE);
    }
    this.lemmas.set(id, scaleToUnit(vector));
    return vector;
  }

  /** A word the dictionary lacks: its own random direction, plus trigrams for near spellings. */
  unknownWord(word: string): Float32Array {
    let vector = this.unknownWords.get(word);
    if (vector) return vector;
    vector = new Float32Array(DIMENSIONS);
    addFeature(vector, FeatureSpace.word, hashString(word), 1);
    if (word.length >= MIN_TRIGRAM_WORD_LENGTH) {
      const padded = `#${word}#`;
      const trigramCount = padded.length - 2;
      for (let at = 0; at < trigramCount; at++) {
        addFeature(vector, FeatureSpace.trigram, hashString(padded.slice(at, at + 3)), TRIGRAM_SHARE / Math.sqrt(trigramCount));
      }
    }
    this.unknownWords.set(word, scaleToUnit(vector));
    return vector;
  }

  /** A term's direction: its lemma readings blended, or its unknown-word vector. */
  term(term: Term): Float32Array {
    if (term.readings.length === 0) return this.unknownWord(term.surface);
    if (term.readings.length === 1) return this.lemma(term.readings[0].lemmaId);
    const vector = new Float32Array(DIMENSIONS);
    for (const reading of term.readings) addScaled(vector, this.lemma(reading.lemmaId), reading.weight);
    return scaleToUnit(vector);
  }

  /** How much a term counts in its text (rare words more). */
  termWeight(term: Term): number {
    if (term.readings.length === 0) return /^\d+$/.test(term.surface) ? NUMBER_WEIGHT : UNKNOWN_WORD_WEIGHT;
    let weight = 0;
    for (const reading of term.readings) {
      weight += (reading.weight * this.lexicon.data.textWeight[reading.lemmaId]) / WEIGHT_SCALE;
    }
    return weight;
  }
}
