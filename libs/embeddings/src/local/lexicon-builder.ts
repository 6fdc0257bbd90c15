import { buildConceptGraph, ConceptWalker, totalReach } from './concept-graph';
import { readGlossCorpus, type GlossCorpus } from './gloss-corpus';
import { Lexicon, WEIGHT_SCALE, type LexiconData } from './lexicon';
import { POS_BIT } from './parts-of-speech';
import { wordContexts } from './word-contexts';
import type { Sense, WordNet } from './wordnet-reader';

// A lemma's senses beyond these are too rare to shape its meaning.
const MAX_SENSES = 8;
const MIN_SENSE_SHARE = 0.04;

/** The walk that turns a synset into features: three steps, 80% of the mass going on each time. */
const WALK = { steps: 3, continuation: 0.8, minMass: 2e-3 };
// Synsets every walk reaches (entity, person, act…) are divided by this power of their total reach.
const HUB_DAMPING = 0.25;
const FEATURES_PER_SYNSET = 24;
// The synset itself takes this share of its vector's length; its neighbourhood the rest.
const SELF_SHARE = 0.5;

function quantize(weight: number): number {
  return Math.max(1, Math.min(WEIGHT_SCALE, Math.round(weight * WEIGHT_SCALE)));
}

/** Each row's weights as bytes relative to the row's largest. */
function quantizeRows(start: Uint32Array, weights: ArrayLike<number>): Uint8Array {
  const bytes = new Uint8Array(weights.length);
  for (let row = 0; row + 1 < start.length; row++) {
    let largest = 0;
    for (let at = start[row]; at < start[row + 1]; at++) largest = Math.max(largest, weights[at]);
    for (let at = start[row]; at < start[row + 1]; at++) bytes[at] = quantize(weights[at] / largest);
  }
  return bytes;
}

/** Sense weights: SemCor counts first, then WordNet's sense order for the untagged rest. */
function senseWeights(senses: Sense[]): { synset: number; weight: number }[] {
  const weighted = senses
    .map((sense) => ({ synset: sense.synset, weight: (sense.tagCount + 1) / sense.rank }))
    .sort((a, b) => b.weight - a.weight || a.synset - b.synset)
    .slice(0, MAX_SENSES);
  const best = weighted[0].weight;
  return weighted
    .filter((sense) => sense.weight >= best * MIN_SENSE_SHARE)
    .map((sense) => ({ synset: sense.synset, weight: sense.weight / best }));
}

/** Lemmas in sorted order with their parts of speech, SemCor frequency and weighted senses. */
function lemmaTable(wordnet: WordNet): LexiconData {
  const byLemma = new Map<string, Sense[]>();
  for (const sense of wordnet.senses) {
    const list = byLemma.get(sense.lemma) ?? [];
    list.push(sense);
    byLemma.set(sense.lemma, list);
  }
  const sorted = [...byLemma].sort(([a], [b]) => (a < b ? -1 : 1));
  const lemmas = sorted.map(([lemma]) => lemma);
  const partsOfSpeech = new Uint8Array(lemmas.length);
  const frequency = new Uint32Array(lemmas.length);
  const senseStart = new Uint32Array(lemmas.length + 1);
  const senses: { synset: number; weight: number }[] = [];
  sorted.forEach(([, list], id) => {
    for (const sense of list) {
      partsOfSpeech[id] |= POS_BIT[wordnet.synsets[sense.synset].pos];
      frequency[id] += sense.tagCount;
    }
    senses.push(...senseWeights(list));
    senseStart[id + 1] = senses.length;
  });
  return {
    lemmas,
    partsOfSpeech,
    frequency,
    textWeight: new Uint8Array(lemmas.length),
    senseStart,
    senseSynset: Uint32Array.from(senses, (sense) => sense.synset),
    senseWeight: Uint8Array.from(senses, (sense) => quantize(sense.weight)),
    featureStart: new Uint32Array(1),
    featureSynset: new Uint32Array(0),
    featureWeight: new Uint8Array(0),
    contextStart: new Uint32Array(lemmas.length + 1),
    contextLemma: new Uint32Array(0),
    contextWeight: new Uint8Array(0),
  };
}

/** The concepts a gloss mentions: each content word's most likely synset. */
function glossConcepts(corpus: GlossCorpus, data: LexiconData): Map<number, number>[] {
  return corpus.glossWords.map((words) => {
    const concepts = new Map<number, number>();
    for (const { lemmaId, weight } of words) {
      const concept = data.senseSynset[data.senseStart[lemmaId]];
      if (weight > (concepts.get(concept) ?? 0)) concepts.set(concept, weight);
    }
    return concepts;
  });
}

/**
 * How much a lemma counts in a text: an IDF over a frequency proxy (SemCor tags plus mentions in
 * WordNet's own glosses), squashed into (0, 1] so common words still count a little.
 */
function textWeights(data: LexiconData, corpus: GlossCorpus): Uint8Array {
  const usage = Float64Array.from(data.frequency);
  for (const words of corpus.glossWords) for (const { lemmaId, weight } of words) usage[lemmaId] += weight;
  let total = 0;
  for (const count of usage) total += count;
  const ceiling = Math.log(total);
  return Uint8Array.from(usage, (count) => quantize(Math.log((total + 1) / (count + 1)) / ceiling));
}

/**
 * Each synset's features: where a short walk over WordNet's links and gloss mentions leads
 * (puppy → dog, young mammal, canine…), hubs damped, the strongest kept, the synset itself
 * holding a fixed share.
 */
function synsetFeatures(wordnet: WordNet, concepts: Map<number, number>[], data: LexiconData): void {
  const graph = buildConceptGraph(wordnet.synsets, concepts);
  const reach = totalReach(graph, WALK.steps, WALK.continuation);
  const walker = new ConceptWalker(graph, WALK.steps, WALK.continuation, WALK.minMass);
  const start = new Uint32Array(wordnet.synsets.length + 1);
  const features: number[] = [];
  const weights: number[] = [];
  for (let id = 0; id < wordnet.synsets.length; id++) {
    const neighbours = [...walker.walk(id)]
      .filter(([feature]) => feature !== id)
      .map(([feature, mass]) => [feature, mass / reach[feature] ** HUB_DAMPING])
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, FEATURES_PER_SYNSET - 1);
    const neighbourhood = Math.hypot(...neighbours.map(([, weight]) => weight));
    const self = neighbourhood > 0 ? (SELF_SHARE / Math.sqrt(1 - SELF_SHARE ** 2)) * neighbourhood : 1;
    for (const [feature, weight] of [...neighbours, [id, self]].sort((a, b) => a[0] - b[0])) {
      features.push(feature);
      weights.push(weight);
    }
    start[id + 1] = features.length;
  }
  data.featureStart = start;
  data.featureSynset = Uint32Array.from(features);
  data.featureWeight = quantizeRows(start, weights);
}

/** Derives the embedder's lexicon from WordNet; the same WordNet files give the same lexicon. */
export function buildLexicon(wordnet: WordNet): LexiconData {
  const data = lemmaTable(wordnet);
  const corpus = readGlossCorpus(wordnet.synsets, new Lexicon(data));
  data.textWeight = textWeights(data, corpus);
  synsetFeatures(wordnet, glossConcepts(corpus, data), data);
  const contexts = wordContexts(corpus, data.lemmas.length);
  data.contextStart = contexts.start;
  data.contextLemma = contexts.lemma;
  data.contextWeight = quantizeRows(contexts.start, contexts.weight);
  return data;
}
