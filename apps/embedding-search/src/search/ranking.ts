import type { SearchMode } from '@ams/contracts';
import type { SearchCandidate } from '@ams/db';

/**
 * How the meaning list and the word list become one 0..1 score per file (m: meaning, t: the share
 * of the query's words found, w: SEARCH_SEMANTIC_WEIGHT).
 *  - `convex` (default): w·m + (1−w)·t. Bruch, Gai & Ingber ("An Analysis of Fusion Functions for
 *    Hybrid Retrieval", 2023) found it beats rank fusion when both scores are calibrated, and
 *    bench/relevance agrees here (best nDCG@10). Its score means the same in every search, so
 *    one `minScore` floor works: an exact word alone scores ≥ 0.5, a paraphrase sharing no word
 *    scores w·m (a clear paraphrase ≈ 0.5, a faint one below the default floor of 0.25).
 *  - `lift`: m + (1−w)·max(0, t − m): words only lift a file above its meaning. Measured worse
 *    (a calibrated meaning of 1 leaves the words nothing to add, so ties stay unbroken).
 *  - `rrf`: reciprocal rank fusion, Σ 1/(60 + rank) over both lists, scaled to 0..1; ranks about
 *    as well as convex here, but says where a file came in each list, not how well it matched,
 *    so a floor means little.
 */
export const FUSIONS = ['lift', 'convex', 'rrf'] as const;
export type Fusion = (typeof FUSIONS)[number];

export interface RankingOptions {
  mode: SearchMode;
  fusion: Fusion;
  /** w in convex fusion: the share of meaning against words. */
  semanticWeight: number;
  /** The model's cosine for unrelated and for clearly related texts (see EmbeddingModelInfo). */
  calibration: { unrelated: number; related: number };
}

export interface RankedMoment {
  embeddingId: string;
  kind: 'temporal' | 'audio' | 'visual';
  start: number;
  end: number;
  score: number;
}

export interface RankedMedia {
  mediaId: string;
  score: number;
  meaning: number;
  words: number;
  /** The row whose text best shows why it matched (the best word match, else the best meaning match). */
  bestEmbeddingId: string;
  moments: RankedMoment[];
  facts: SearchCandidate;
}

const RRF_K = 60;
const MAX_MOMENTS = 3;

/** Cosine onto 0..1: the model's "unrelated" level is 0, its "clearly related" level is 1. */
export function calibrate(cosine: number, calibration: RankingOptions['calibration']): number {
  const span = calibration.related - calibration.unrelated;
  return Math.min(1, Math.max(0, (cosine - calibration.unrelated) / span));
}

/** A candidate row; rows of another model (an image embedder's) bring their own calibration. */
export type RankedRow = SearchCandidate & { calibration?: RankingOptions['calibration'] };

/** One score from meaning and words, by mode and fusion (rrf ranks files afterwards; rows fuse like convex). */
function fuse(meaning: number, words: number, options: RankingOptions): number {
  if (options.mode === 'semantic') return meaning;
  if (options.mode === 'keyword') return words;
  const w = options.semanticWeight;
  if (options.fusion === 'lift') return meaning + (1 - w) * Math.max(0, words - meaning);
  return w * meaning + (1 - w) * words;
}

function rowScores(row: RankedRow, options: RankingOptions): { meaning: number; words: number; fused: number } {
  const meaning = row.cosine === null ? 0 : calibrate(row.cosine, row.calibration ?? options.calibration);
  const words = row.coverage ?? 0;
  return { meaning, words, fused: fuse(meaning, words, options) };
}

/** One score per file from its rows, best first; videos keep their best moments. */
export function rankMedia(candidates: readonly RankedRow[], options: RankingOptions): RankedMedia[] {
  const byMedia = new Map<string, RankedRow[]>();
  for (const row of candidates) byMedia.set(row.mediaId, [...(byMedia.get(row.mediaId) ?? []), row]);

  const ranked: (RankedMedia & { textRank: number })[] = [];
  for (const [mediaId, rows] of byMedia) {
    const scored = rows.map((row) => ({ row, ...rowScores(row, options) }));
    const meaning = Math.max(...scored.map((s) => s.meaning));
    const words = Math.max(...scored.map((s) => s.words));
    if (options.mode === 'keyword' && words === 0) continue;
    const score = fuse(meaning, words, options);
    const best = [...scored].sort(
      (a, b) => b.words - a.words || b.row.textRank - a.row.textRank || b.meaning - a.meaning,
    )[0]!;
    ranked.push({
      mediaId,
      score,
      meaning,
      words,
      bestEmbeddingId: best.row.embeddingId,
      moments: bestMoments(scored),
      facts: rows[0]!,
      textRank: Math.max(...rows.map((row) => row.textRank)),
    });
  }

  if (options.mode === 'hybrid' && options.fusion === 'rrf') applyRrf(ranked);
  return ranked
    .sort((a, b) => b.score - a.score || b.textRank - a.textRank || a.mediaId.localeCompare(b.mediaId))
    .map((media): RankedMedia => {
      const { textRank, ...rest } = media;
      void textRank; // only a tie-breaker
      return rest;
    });
}

function applyRrf(ranked: (RankedMedia & { textRank: number })[]): void {
  const position = (key: (m: RankedMedia & { textRank: number }) => number, eligible: (m: RankedMedia) => boolean) => {
    const order = ranked.filter(eligible).sort((a, b) => key(b) - key(a) || a.mediaId.localeCompare(b.mediaId));
    return new Map(order.map((m, index) => [m.mediaId, index + 1]));
  };
  const byMeaning = position(
    (m) => m.meaning,
    () => true,
  );
  const byWords = position(
    (m) => m.words + m.textRank / 1000,
    (m) => m.words > 0,
  );
  const best = 2 / (RRF_K + 1);
  for (const media of ranked) {
    const meaningRank = byMeaning.get(media.mediaId);
    const wordsRank = byWords.get(media.mediaId);
    const sum = (meaningRank ? 1 / (RRF_K + meaningRank) : 0) + (wordsRank ? 1 / (RRF_K + wordsRank) : 0);
    media.score = sum / best;
  }
}

/** Up to three moments of a video, best first, never two that overlap. */
function bestMoments(scored: { row: SearchCandidate; fused: number }[]): RankedMoment[] {
  const segments = scored
    .filter(({ row }) => row.segmentType !== 'full' && row.startTimeSeconds !== null && row.endTimeSeconds !== null)
    .sort((a, b) => b.fused - a.fused);
  const top = segments[0]?.fused ?? 0;
  const moments: RankedMoment[] = [];
  for (const { row, fused } of segments) {
    if (moments.length === MAX_MOMENTS || fused <= 0 || fused < top * 0.6) break;
    const start = row.startTimeSeconds!;
    const end = row.endTimeSeconds!;
    if (moments.some((m) => start < m.end && end > m.start)) continue;
    moments.push({
      embeddingId: row.embeddingId,
      kind: row.segmentType as RankedMoment['kind'],
      start,
      end,
      score: fused,
    });
  }
  return moments;
}
