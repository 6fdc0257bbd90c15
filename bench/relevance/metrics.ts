/**
 * Ranking metrics of bench/relevance: pure functions over a ranked list of keys and graded
 * judgements (2 = exactly what was asked for, 1 = partly relevant, absent = not relevant).
 */

/** Grade of each relevant key; keys not listed are not relevant. */
export type Judgements = Readonly<Record<string, 1 | 2>>;

/** The grade that counts as "found it" for recall and MRR. */
export const EXACT = 2;

/** The keys judged at least `minGrade`. */
export function relevantKeys(judgements: Judgements, minGrade: number = EXACT): string[] {
  return Object.entries(judgements)
    .filter(([, grade]) => grade >= minGrade)
    .map(([key]) => key);
}

/**
 * Share of the exact matches found in the first k results. The denominator is capped at k, so a
 * query with more than k exact matches can still score 1 (all of the first k are exact).
 */
export function recallAt(ranked: readonly string[], judgements: Judgements, k: number): number {
  const wanted = relevantKeys(judgements);
  if (wanted.length === 0) return 0;
  const top = new Set(ranked.slice(0, k));
  const found = wanted.filter((key) => top.has(key)).length;
  return found / Math.min(wanted.length, k);
}

/** 1 / rank of the first exact match; 0 when none is returned. */
export function reciprocalRank(ranked: readonly string[], judgements: Judgements): number {
  const index = ranked.findIndex((key) => (judgements[key] ?? 0) >= EXACT);
  return index < 0 ? 0 : 1 / (index + 1);
}

/** Discounted cumulative gain of the grades in order: gain 2^grade − 1, discount log2(rank + 1). */
export function dcg(grades: readonly number[]): number {
  return grades.reduce((sum, grade, i) => sum + (2 ** grade - 1) / Math.log2(i + 2), 0);
}

/**
 * Normalised DCG of the first k results against the best possible order of every judged key
 * (a result listed twice counts once).
 */
export function ndcgAt(ranked: readonly string[], judgements: Judgements, k: number): number {
  const seen = new Set<string>();
  const grades = ranked.slice(0, k).map((key) => {
    if (seen.has(key)) return 0;
    seen.add(key);
    return judgements[key] ?? 0;
  });
  const ideal = Object.values(judgements)
    .sort((a, b) => b - a)
    .slice(0, k);
  const best = dcg(ideal);
  return best === 0 ? 0 : dcg(grades) / best;
}

/** A time range in seconds. */
export interface Span {
  start: number;
  end: number;
}

/** Whether two ranges overlap, each widened by `tolerance` seconds on both sides. */
export function overlaps(a: Span, b: Span, tolerance = 0): boolean {
  return a.start - tolerance < b.end + tolerance && b.start - tolerance < a.end + tolerance;
}

export function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** The p-th percentile (0..100), linear between the closest ranks. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (p / 100) * (sorted.length - 1);
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}

export interface QueryScores {
  recall5: number;
  rr: number;
  ndcg10: number;
}

/** The per-query metrics the report uses. */
export function scoreQuery(ranked: readonly string[], judgements: Judgements): QueryScores {
  return {
    recall5: recallAt(ranked, judgements, 5),
    rr: reciprocalRank(ranked, judgements),
    ndcg10: ndcgAt(ranked, judgements, 10),
  };
}
