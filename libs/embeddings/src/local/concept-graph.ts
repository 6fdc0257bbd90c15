import type { Synset } from './wordnet-reader';

/**
 * How much of a walk's step each kind of WordNet link gets, shared among that kind's links
 * (a synset with 40 hyponyms sends each a fortieth of the hyponym share).
 */
export const LINK_SHARES: Record<string, number> = {
  '@': 1, // hypernym: a puppy is a dog
  '@i': 1,
  '~': 0.4, // hyponym
  '~i': 0.2,
  '&': 0.8, // similar adjective
  '^': 0.3, // see also
  '=': 0.5, // attribute (heavy ↔ weight)
  '\\': 0.8, // pertainym (financial → finance)
  '+': 0.5, // derivation (celebrate ↔ celebration)
  $: 0.4, // verb group
  '*': 0.3, // entailment (snore → sleep)
  '>': 0.3, // cause
  '<': 0.5, // participle
  '#m': 0.15, // holonyms and meronyms
  '#p': 0.15,
  '#s': 0.15,
  '%m': 0.15,
  '%p': 0.15,
  '%s': 0.15,
  ';c': 0.3, // topic domain (physician → medicine)
  ';r': 0.15,
  ';u': 0.15,
  '-c': 0.1, // members of a topic domain
  gloss: 2, // concepts the definition mentions: the strongest hint of what a synset is about
  glossed: 0.2, // synsets whose definition mentions this one
};

/** Synsets as nodes and WordNet links plus gloss mentions as weighted edges, rows summing to 1. */
export interface ConceptGraph {
  edgeStart: Uint32Array;
  edgeTarget: Uint32Array;
  edgeProbability: Float32Array;
}

type Edge = [target: number, kind: string, weight: number];

/** Builds the walk's graph; `glossConcepts[i]` holds the synsets synset i's gloss mentions, weighted. */
export function buildConceptGraph(synsets: Synset[], glossConcepts: Map<number, number>[]): ConceptGraph {
  const edges: Edge[][] = synsets.map((synset) =>
    synset.links.filter((link) => LINK_SHARES[link.symbol] !== undefined).map((link) => [link.target, link.symbol, 1]),
  );
  glossConcepts.forEach((concepts, source) => {
    for (const [concept, weight] of concepts) {
      if (concept === source) continue;
      edges[source].push([concept, 'gloss', weight]);
      edges[concept].push([source, 'glossed', weight]);
    }
  });

  const edgeStart = new Uint32Array(synsets.length + 1);
  const targets: number[] = [];
  const probabilities: number[] = [];
  edges.forEach((list, source) => {
    const kindTotals = new Map<string, number>();
    for (const [, kind, weight] of list) kindTotals.set(kind, (kindTotals.get(kind) ?? 0) + weight);
    let shareTotal = 0;
    for (const kind of kindTotals.keys()) shareTotal += LINK_SHARES[kind];
    // Merge parallel edges (a synset both derived from and mentioned by another).
    const merged = new Map<number, number>();
    for (const [target, kind, weight] of list) {
      const probability = (LINK_SHARES[kind] / shareTotal) * (weight / (kindTotals.get(kind) ?? weight));
      merged.set(target, (merged.get(target) ?? 0) + probability);
    }
    // Strongest edges first, so a walk can stop reading a row once the rest would carry too little.
    for (const [target, probability] of [...merged].sort((a, b) => b[1] - a[1] || a[0] - b[0])) {
      targets.push(target);
      probabilities.push(probability);
    }
    edgeStart[source + 1] = targets.length;
  });
  return { edgeStart, edgeTarget: Uint32Array.from(targets), edgeProbability: Float32Array.from(probabilities) };
}

/**
 * Where a short random walk from `source` ends up: a few steps along the graph, each step
 * carrying `continuation` of the mass on (a truncated personalised PageRank). Tiny masses are
 * dropped as the walk spreads, which bounds the work per synset.
 */
export class ConceptWalker {
  private readonly mass: Float64Array;
  private readonly next: Float64Array;
  private readonly total: Float64Array;

  constructor(
    private readonly graph: ConceptGraph,
    private readonly steps: number,
    private readonly continuation: number,
    private readonly minMass: number,
  ) {
    const size = graph.edgeStart.length - 1;
    this.mass = new Float64Array(size);
    this.next = new Float64Array(size);
    this.total = new Float64Array(size);
  }

  /** Visited synsets with the mass they collected, in no particular order. */
  walk(source: number): Map<number, number> {
    const { edgeStart, edgeTarget, edgeProbability } = this.graph;
    const visited = new Set<number>([source]);
    let frontier = [source];
    this.mass[source] = 1;
    this.total[source] = 1;
    for (let step = 0; step < this.steps && frontier.length > 0; step++) {
      const reached: number[] = [];
      for (const node of frontier) {
        const carried = this.mass[node] * this.continuation;
        this.mass[node] = 0;
        for (let edge = edgeStart[node]; edge < edgeStart[node + 1]; edge++) {
          if (carried * edgeProbability[edge] < this.minMass) break;
          const target = edgeTarget[edge];
          if (this.next[target] === 0) reached.push(target);
          this.next[target] += carried * edgeProbability[edge];
        }
      }
      for (const node of reached) {
        this.mass[node] = this.next[node];
        this.next[node] = 0;
        this.total[node] += this.mass[node];
        visited.add(node);
      }
      frontier = reached;
    }
    const result = new Map<number, number>();
    for (const node of visited) {
      result.set(node, this.total[node]);
      this.total[node] = 0;
      this.mass[node] = 0;
    }
    return result;
  }
}

/** How much mass each synset collects from walks started everywhere: how much of a hub it is. */
export function totalReach(graph: ConceptGraph, steps: number, continuation: number): Float64Array {
  const size = graph.edgeStart.length - 1;
  let mass = new Float64Array(size).fill(1);
  const total = new Float64Array(size).fill(1);
  for (let step = 0; step < steps; step++) {
    const next = new Float64Array(size);
    for (let node = 0; node < size; node++) {
      const carried = mass[node] * continuation;
      for (let edge = graph.edgeStart[node]; edge < graph.edgeStart[node + 1]; edge++) {
        next[graph.edgeTarget[edge]] += carried * graph.edgeProbability[edge];
      }
    }
    for (let node = 0; node < size; node++) total[node] += next[node];
    mass = next;
  }
  return total;
}
