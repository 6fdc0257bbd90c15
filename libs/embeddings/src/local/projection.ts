/**
 * Sparse random projection: every feature (a synset, an unknown word, a character trigram) is a
 * fixed pseudo-random ±1 pattern over a few of the vector's dimensions, derived by hashing, so
 * no projection matrix is stored and the same feature lands in the same place on every machine.
 */
export const DIMENSIONS = 384;
const DIMENSIONS_PER_FEATURE = 8;
const SCALE = 1 / Math.sqrt(DIMENSIONS_PER_FEATURE);

/** Feature kinds hash apart, so synset 7 and the hash of a word that happens to be 7 differ. */
export const FeatureSpace = { synset: 0x51a7e5e7, word: 0x3c6ef372, trigram: 0x7f4a7c15 } as const;
export type FeatureSpace = (typeof FeatureSpace)[keyof typeof FeatureSpace];

/** A 32-bit integer hash with good avalanche (lowbias32). */
function mix(value: number): number {
  let x = value >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** FNV-1a over UTF-16 code units: a stable number for a string. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The feature's pattern slot: a dimension, and the sign bit (0x80000000) set for -1. */
function patternSlot(space: FeatureSpace, key: number, slot: number): number {
  const bits = mix((mix(key ^ space) ^ space) + Math.imul(slot, 0x9e3779b9));
  return (bits & 0x80000000) | (bits % DIMENSIONS);
}

/** Adds `weight` × the feature's pattern to `vector`. */
export function addFeature(vector: Float32Array, space: FeatureSpace, key: number, weight: number): void {
  const step = weight * SCALE;
  for (let slot = 0; slot < DIMENSIONS_PER_FEATURE; slot++) {
    const bits = patternSlot(space, key, slot);
    vector[bits & 0xffff] += bits & 0x80000000 ? -step : step;
  }
}

/**
 * The patterns of features 0..count-1 of one space, computed once: adding a synset feature is
 * then a few table reads, which is most of the work of a word's first embedding.
 */
export class PatternTable {
  // Per slot: the dimension, plus DIMENSIONS when the sign is negative.
  private readonly slots: Uint16Array;

  constructor(space: FeatureSpace, count: number) {
    this.slots = new Uint16Array(count * DIMENSIONS_PER_FEATURE);
    for (let key = 0; key < count; key++) {
      for (let slot = 0; slot < DIMENSIONS_PER_FEATURE; slot++) {
        const bits = patternSlot(space, key, slot);
        this.slots[key * DIMENSIONS_PER_FEATURE + slot] = (bits & 0xffff) + (bits & 0x80000000 ? DIMENSIONS : 0);
      }
    }
  }

  /** The same as `addFeature(vector, space, key, weight)`. */
  add(vector: Float32Array, key: number, weight: number): void {
    const step = weight * SCALE;
    const end = (key + 1) * DIMENSIONS_PER_FEATURE;
    for (let at = key * DIMENSIONS_PER_FEATURE; at < end; at++) {
      const slot = this.slots[at];
      if (slot < DIMENSIONS) vector[slot] += step;
      else vector[slot - DIMENSIONS] -= step;
    }
  }
}

export function scaleToUnit(vector: Float32Array): Float32Array {
  let norm = 0;
  for (let index = 0; index < vector.length; index++) norm += vector[index] * vector[index];
  if (norm === 0) return vector;
  const scale = 1 / Math.sqrt(norm);
  for (let index = 0; index < vector.length; index++) vector[index] *= scale;
  return vector;
}

export function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let index = 0; index < a.length; index++) sum += a[index] * b[index];
  return sum;
}

/** Adds weight × source to target. */
export function addScaled(target: Float32Array, source: Float32Array, weight: number): void {
  for (let index = 0; index < target.length; index++) target[index] += weight * source[index];
}
