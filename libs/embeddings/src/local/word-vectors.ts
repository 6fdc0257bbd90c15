import { LRUCache } from 'lru-cache';
import { WEIGHT_SCALE, type Lexicon } from './lexicon';
import { addFeature, addScaled, DIMENSIONS, FeatureSpace, hashString, PatternTable, scaleToUnit } from './projection';
import type { Term } from './text-analysis';

// Names, codes and OCR'd strings are usually what a search is after; bare numbers less so.
const UNKNOWN_WORD_WEIGHT = 0.8;
const NUMBER_WEIGHT = 0.4;
// An unknown word is mostly itself, a little its character trigrams ("inv-2041" ~ "inv-2042").
const TRIGRAM_SHARE = 0.5;
const MIN_TRIGRAM_WORD_LENGTH = 4;
// A lemma's company counts a little more than its own senses: it is what links "snow" to "winter".
const COMPANY_SHARE = 1.5;
// A companion counts by its main sense only: cheaper, and as good on the measured pairs.
const COMPANY_SENSES = 1;
// About 1.6 kB a vector: some 50 MB for the two caches when full.
const CACHE_SIZE = 16_000;

/** Unit vectors for lemmas and words, built on demand from the lexicon and cached. */
export class WordVectors {
  private readonly lemmas = new LRUCache<number, Float32Array>({ max: CACHE_SIZE });
  private readonly unknownWords = new LRUCache<string, Float32Array>({ max: CACHE_SIZE });

  private readonly synsetPatterns: PatternTable;
  /** 1 / the length of each synset's feature weights, so a synset adds as a unit vector. */
  private readonly synsetScale: Float32Array;

  constructor(private readonly lexicon: Lexicon) {
    this.synsetPatterns = new PatternTable(FeatureSpace.synset, lexicon.synsetCount);
    const { featureStart, featureWeight } = lexicon.data;
    this.synsetScale = new Float32Array(lexicon.synsetCount);
    for (let synset = 0; synset < lexicon.synsetCount; synset++) {
      let norm = 0;
      for (let at = featureStart[synset]; at < featureStart[synset + 1]; at++)
        norm += featureWeight[at] * featureWeight[at];
      this.synsetScale[synset] = 1 / Math.sqrt(norm);
    }
  }

  /** Adds `weight` × synset's unit-length feature bag (itself, its neighbourhood, its gloss). */
  private addSynset(vector: Float32Array, synset: number, weight: number): void {
    const { featureStart, featureSynset, featureWeight } = this.lexicon.data;
    const scale = weight * this.synsetScale[synset];
    for (let at = featureStart[synset]; at < featureStart[synset + 1]; at++) {
      this.synsetPatterns.add(vector, featureSynset[at], featureWeight[at] * scale);
    }
  }

  /** Adds what a lemma is: its senses (the first `senses` of them), each as likely as SemCor says. */
  private addMeaning(vector: Float32Array, lemmaId: number, weight: number, senses = Infinity): void {
    const { senseStart, senseSynset, senseWeight } = this.lexicon.data;
    const end = Math.min(senseStart[lemmaId + 1], senseStart[lemmaId] + senses);
    let total = 0;
    for (let at = senseStart[lemmaId]; at < end; at++) total += senseWeight[at];
    for (let at = senseStart[lemmaId]; at < end; at++) {
      this.addSynset(vector, senseSynset[at], (weight * senseWeight[at]) / total);
    }
  }

  /**
   * A lemma's vector: what it is, plus what the words it keeps company with in WordNet's glosses
   * are ("snow" goes with ice, winter, ski), so associated words meet even where no link joins them.
   */
  lemma(id: number): Float32Array {
    let vector = this.lemmas.get(id);
    if (vector) return vector;
    const { contextStart, contextLemma, contextWeight } = this.lexicon.data;
    const company = new Float32Array(DIMENSIONS);
    for (let at = contextStart[id]; at < contextStart[id + 1]; at++) {
      this.addMeaning(company, contextLemma[at], contextWeight[at] / WEIGHT_SCALE, COMPANY_SENSES);
    }
    vector = new Float32Array(DIMENSIONS);
    this.addMeaning(vector, id, 1);
    scaleToUnit(vector);
    addScaled(vector, scaleToUnit(company), COMPANY_SHARE);
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
        addFeature(
          vector,
          FeatureSpace.trigram,
          hashString(padded.slice(at, at + 3)),
          TRIGRAM_SHARE / Math.sqrt(trigramCount),
        );
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
