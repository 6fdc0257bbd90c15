import type { GlossCorpus } from './gloss-corpus';

/** Context words kept per lemma: its strongest associations. */
const CONTEXTS_PER_LEMMA = 32;
// Smoothing the context distribution (as word2vec does) keeps rare words from dominating PMI.
const CONTEXT_SMOOTHING = 0.75;
// PMI overrates pairs seen once or twice (a rare name in one gloss): shrink it by count / (count + this).
const SHRINK_COUNT = 16;

/** A lemma's strongest associations, as positive PMI weights. */
export interface WordContexts {
  start: Uint32Array;
  lemma: Uint32Array;
  weight: Float32Array;
}

/**
 * Association by co-occurrence in WordNet's own entries: two lemmas that keep turning up in the
 * same synsets' words and glosses ("snow" and "winter", "bride" and "wedding") are related even
 * when no WordNet link joins them. Weighted by positive pointwise mutual information.
 */
export function wordContexts(corpus: GlossCorpus, lemmaCount: number): WordContexts {
  const entries = entryWords(corpus);
  const appearances = lemmaAppearances(entries, lemmaCount);
  const occurrences = new Float64Array(lemmaCount);
  for (let lemmaId = 0; lemmaId < lemmaCount; lemmaId++) {
    for (let at = appearances.start[lemmaId]; at < appearances.start[lemmaId + 1]; at++) {
      occurrences[lemmaId] += appearances.weight[at];
    }
  }
  let smoothedTotal = 0;
  const smoothed = Float64Array.from(occurrences, (count) => count ** CONTEXT_SMOOTHING);
  for (const value of smoothed) smoothedTotal += value;

  const start = new Uint32Array(lemmaCount + 1);
  const lemmas: number[] = [];
  const weights: number[] = [];
  const together = new Float64Array(lemmaCount);
  for (let lemmaId = 0; lemmaId < lemmaCount; lemmaId++) {
    const touched: number[] = [];
    for (let at = appearances.start[lemmaId]; at < appearances.start[lemmaId + 1]; at++) {
      const entry = appearances.entry[at];
      const own = appearances.weight[at];
      for (let word = entries.start[entry]; word < entries.start[entry + 1]; word++) {
        const other = entries.lemma[word];
        if (other === lemmaId) continue;
        if (together[other] === 0) touched.push(other);
        together[other] += own * entries.weight[word];
      }
    }
    const scored: [number, number][] = [];
    for (const other of touched) {
      const count = together[other];
      together[other] = 0;
      const pmi = Math.log((count * smoothedTotal) / (occurrences[lemmaId] * smoothed[other]));
      const score = pmi * (count / (count + SHRINK_COUNT));
      if (score > 0) scored.push([other, score]);
    }
    scored.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    for (const [other, score] of scored.slice(0, CONTEXTS_PER_LEMMA).sort((a, b) => a[0] - b[0])) {
      lemmas.push(other);
      weights.push(score);
    }
    start[lemmaId + 1] = lemmas.length;
  }
  return { start, lemma: Uint32Array.from(lemmas), weight: Float32Array.from(weights) };
}

/** Per entry, its words and their weights. */
interface EntryRows {
  start: Uint32Array;
  lemma: Uint32Array;
  weight: Float64Array;
}

/** Per lemma, the entries it appears in and its weight there. */
interface AppearanceRows {
  start: Uint32Array;
  entry: Uint32Array;
  weight: Float64Array;
}

/** Each synset's entry as one row: its own lemmas (weight 1) and its gloss words. */
function entryWords(corpus: GlossCorpus): EntryRows {
  const start = new Uint32Array(corpus.members.length + 1);
  const lemmas: number[] = [];
  const weights: number[] = [];
  corpus.members.forEach((members, id) => {
    const words = new Map<number, number>();
    for (const { lemmaId, weight } of corpus.glossWords[id]) words.set(lemmaId, weight);
    for (const lemmaId of members) words.set(lemmaId, 1);
    for (const [lemmaId, weight] of words) {
      lemmas.push(lemmaId);
      weights.push(weight);
    }
    start[id + 1] = lemmas.length;
  });
  return { start, lemma: Uint32Array.from(lemmas), weight: Float64Array.from(weights) };
}

/** The entries transposed. */
function lemmaAppearances(entries: EntryRows, lemmaCount: number): AppearanceRows {
  const start = new Uint32Array(lemmaCount + 1);
  for (const lemmaId of entries.lemma) start[lemmaId + 1]++;
  for (let lemmaId = 0; lemmaId < lemmaCount; lemmaId++) start[lemmaId + 1] += start[lemmaId];
  const fill = start.slice(0, lemmaCount);
  const entry = new Uint32Array(entries.lemma.length);
  const weight = new Float64Array(entries.lemma.length);
  for (let row = 0; row + 1 < entries.start.length; row++) {
    for (let at = entries.start[row]; at < entries.start[row + 1]; at++) {
      const slot = fill[entries.lemma[at]]++;
      entry[slot] = row;
      weight[slot] = entries.weight[at];
    }
  }
  return { start, entry, weight };
}
