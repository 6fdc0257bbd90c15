import { buildConceptGraph, ConceptWalker, type ConceptGraph } from './concept-graph';
import { Lexicon, WEIGHT_SCALE, type LexiconData } from './lexicon';
import { POS_BIT } from './parts-of-speech';
import { analyzeText } from './text-analysis';
import type { Sense, Synset, WordNet } from './wordnet-reader';

// A lemma's senses beyond these are too rare to shape its meaning.
const MAX_SENSES = 8;
const MIN_SENSE_SHARE = 0.04;

const DEFINITION_WORD_WEIGHT = 1;
const EXAMPLE_WORD_WEIGHT = 0.4;

/** The walk that turns a synset into features: a few steps, half the mass going on each time. */
export const WALK = { steps: 3, continuation: 0.5, minMass: 1e-3 };
// Features every walk reaches (entity, person, act…) are divided by this power of their total.
export const HUB_DAMPING = 0.5;
export const FEATURES_PER_SYNSET = 40;

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

function quantize(weight: number): number {
  return Math.max(1, Math.min(WEIGHT_SCALE, Math.round(weight * WEIGHT_SCALE)));
}

interface LemmaTable {
  lemmas: string[];
  senses: { synset: number; weight: number }[][];
  partsOfSpeech: Uint8Array;
  frequency: Uint32Array;
}

function lemmaTable(wordnet: WordNet): LemmaTable {
  const byLemma = new Map<string, Sense[]>();
  for (const sense of wordnet.senses) {
    const list = byLemma.get(sense.lemma) ?? [];
    list.push(sense);
    byLemma.set(sense.lemma, list);
  }
  const lemmas = [...byLemma.keys()].sort();
  const partsOfSpeech = new Uint8Array(lemmas.length);
  const frequency = new Uint32Array(lemmas.length);
  const senses = lemmas.map((lemma, id) => {
    const list = byLemma.get(lemma)!;
    for (const sense of list) {
      partsOfSpeech[id] |= POS_BIT[wordnet.synsets[sense.synset].pos];
      frequency[id] += sense.tagCount;
    }
    return senseWeights(list);
  });
  return { lemmas, senses, partsOfSpeech, frequency };
}

/** Keep the larger weight when a concept is mentioned twice (in the definition and an example). */
function addConcept(concepts: Map<number, number>, synset: number, weight: number): void {
  if (weight > (concepts.get(synset) ?? 0)) concepts.set(synset, weight);
}

/** The concepts a gloss mentions: each content word's most likely synset. */
function glossConcepts(
  synsets: Synset[],
  lexicon: Lexicon,
  table: LemmaTable,
  mentions: Float64Array,
): Map<number, number>[] {
  const conceptsOf = (text: string, weight: number, into: Map<number, number>) => {
    for (const term of analyzeText(text, lexicon)) {
      for (const reading of term.readings) {
        mentions[reading.lemmaId] += reading.weight * term.weight;
        const concept = table.senses[reading.lemmaId][0].synset;
        addConcept(into, concept, weight * reading.weight * term.weight);
      }
    }
  };
  return synsets.map((synset) => {
    const concepts = new Map<number, number>();
    conceptsOf(synset.definition, DEFINITION_WORD_WEIGHT, concepts);
    for (const example of synset.examples) conceptsOf(example, EXAMPLE_WORD_WEIGHT, concepts);
    return concepts;
  });
}

/** How much walk mass each synset collects from walks started everywhere: how much of a hub it is. */
function totalReach(graph: ConceptGraph): Float64Array {
  const size = graph.edgeStart.length - 1;
  let mass = new Float64Array(size).fill(1);
  const total = new Float64Array(size).fill(1);
  for (let step = 0; step < WALK.steps; step++) {
    const next = new Float64Array(size);
    for (let node = 0; node < size; node++) {
      const carried = mass[node] * WALK.continuation;
      for (let edge = graph.edgeStart[node]; edge < graph.edgeStart[node + 1]; edge++) {
        next[graph.edgeTarget[edge]] += carried * graph.edgeProbability[edge];
      }
    }
    for (let node = 0; node < size; node++) total[node] += next[node];
    mass = next;
  }
  return total;
}

/**
 * How much a lemma counts in a text: an IDF over a frequency proxy (SemCor tags plus mentions in
 * WordNet's own glosses), squashed into (0, 1] so common words still count a little.
 */
function textWeights(table: LemmaTable, mentions: Float64Array): Uint8Array {
  let total = 0;
  const usage = table.lemmas.map((_, id) => {
    const count = table.frequency[id] + mentions[id];
    total += count;
    return count;
  });
  const ceiling = Math.log(total);
  return Uint8Array.from(usage, (count) => quantize(Math.log((total + 1) / (count + 1)) / ceiling));
}

/** Derives the embedder's lexicon from WordNet; deterministic for the same WordNet files. */
export function buildLexicon(wordnet: WordNet): LexiconData {
  const table = lemmaTable(wordnet);
  const senseStart = new Uint32Array(table.lemmas.length + 1);
  table.senses.forEach((senses, id) => (senseStart[id + 1] = senseStart[id] + senses.length));
  const flatSenses = table.senses.flat();
  const data: LexiconData = {
    lemmas: table.lemmas,
    partsOfSpeech: table.partsOfSpeech,
    frequency: table.frequency,
    textWeight: new Uint8Array(table.lemmas.length),
    senseStart,
    senseSynset: Uint32Array.from(flatSenses, (sense) => sense.synset),
    senseWeight: Uint8Array.from(flatSenses, (sense) => quantize(sense.weight)),
    featureStart: new Uint32Array(1),
    featureSynset: new Uint32Array(0),
    featureWeight: new Uint8Array(0),
  };

  const mentions = new Float64Array(table.lemmas.length);
  const concepts = glossConcepts(wordnet.synsets, new Lexicon(data), table, mentions);
  data.textWeight = textWeights(table, mentions);

  const graph = buildConceptGraph(wordnet.synsets, concepts);
  const reach = totalReach(graph);
  const walker = new ConceptWalker(graph, WALK.steps, WALK.continuation, WALK.minMass);
  data.featureStart = new Uint32Array(wordnet.synsets.length + 1);
  const features: number[] = [];
  const weights: number[] = [];
  for (let id = 0; id < wordnet.synsets.length; id++) {
    const entries = [...walker.walk(id)].map(([feature, mass]) => [feature, mass / reach[feature] ** HUB_DAMPING]);
    entries.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    const kept = entries.slice(0, FEATURES_PER_SYNSET).sort((a, b) => a[0] - b[0]);
    const strongest = entries[0][1];
    for (const [feature, weight] of kept) {
      features.push(feature);
      weights.push(quantize(weight / strongest));
    }
    data.featureStart[id + 1] = features.length;
  }
  data.featureSynset = Uint32Array.from(features);
  data.featureWeight = Uint8Array.from(weights);
  return data;
}
