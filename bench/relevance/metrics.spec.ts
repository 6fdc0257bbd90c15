import { ALL_KEYS, PHOTOS, TEXT_CARDS, VIDEOS } from './dataset';
import { dcg, ndcgAt, overlaps, percentile, recallAt, reciprocalRank, type Judgements } from './metrics';
import { QUERIES } from './queries';

describe('metrics', () => {
  const judged: Judgements = { a: 2, b: 2, c: 1 };

  it('recall@k counts exact matches in the first k, the denominator capped at k', () => {
    expect(recallAt(['a', 'x', 'b'], judged, 5)).toBe(1);
    expect(recallAt(['a', 'x', 'y', 'z', 'w', 'b'], judged, 5)).toBe(0.5);
    // A partial match is not a find.
    expect(recallAt(['c', 'x'], judged, 5)).toBe(0);
    const many: Judgements = { a: 2, b: 2, c: 2, d: 2, e: 2, f: 2, g: 2 };
    expect(recallAt(['a', 'b', 'c', 'd', 'e'], many, 5)).toBe(1);
    expect(recallAt(['a', 'b'], many, 5)).toBe(0.4);
    expect(recallAt([], judged, 5)).toBe(0);
  });

  it('reciprocal rank is 1 / rank of the first exact match', () => {
    expect(reciprocalRank(['a'], judged)).toBe(1);
    expect(reciprocalRank(['c', 'x', 'b'], judged)).toBeCloseTo(1 / 3);
    expect(reciprocalRank(['c', 'x'], judged)).toBe(0);
  });

  it('nDCG uses graded gains and the ideal order of every judged key', () => {
    expect(ndcgAt(['a', 'b', 'c'], judged, 10)).toBeCloseTo(1);
    expect(ndcgAt(['b', 'a', 'c', 'x'], judged, 10)).toBeCloseTo(1);
    // By hand: ideal 3/1 + 3/log2(3) + 1/2; got c, x, a: 1/1 + 0 + 3/2.
    const ideal = 3 + 3 / Math.log2(3) + 0.5;
    expect(ndcgAt(['c', 'x', 'a'], judged, 10)).toBeCloseTo(2.5 / ideal);
    expect(ndcgAt(['x', 'y'], judged, 10)).toBe(0);
    // A key listed twice counts once.
    expect(ndcgAt(['a', 'a'], { a: 2, b: 2 }, 10)).toBeCloseTo(3 / (3 + 3 / Math.log2(3)));
    // Judged keys past k are missed: k cuts both lists.
    expect(ndcgAt(['x', 'a'], { a: 2 }, 1)).toBe(0);
    expect(dcg([2, 1])).toBeCloseTo(3 + 1 / Math.log2(3));
  });

  it('percentiles interpolate, ranges overlap with a tolerance', () => {
    expect(percentile([3, 1, 2], 50)).toBe(2);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentile([], 50)).toBe(0);
    expect(overlaps({ start: 0, end: 2 }, { start: 1, end: 3 })).toBe(true);
    expect(overlaps({ start: 0, end: 2 }, { start: 2.4, end: 3 })).toBe(false);
    expect(overlaps({ start: 0, end: 2 }, { start: 2.4, end: 3 }, 0.5)).toBe(true);
  });
});

describe('dataset and queries', () => {
  it('has at least 40 media, 8 of them spoken videos, under unique keys', () => {
    expect(ALL_KEYS.length).toBeGreaterThanOrEqual(40);
    expect(VIDEOS.length).toBeGreaterThanOrEqual(8);
    expect(new Set(ALL_KEYS).size).toBe(ALL_KEYS.length);
    expect(TEXT_CARDS.length + PHOTOS.length + VIDEOS.length).toBe(ALL_KEYS.length);
  });

  it('has at least 60 distinct queries of every kind', () => {
    expect(QUERIES.length).toBeGreaterThanOrEqual(60);
    expect(new Set(QUERIES.map((query) => query.q.toLowerCase())).size).toBe(QUERIES.length);
    const count = (kind: string) => QUERIES.filter((query) => query.kind === kind).length;
    expect(count('exact')).toBeGreaterThanOrEqual(20);
    expect(count('paraphrase')).toBeGreaterThanOrEqual(25);
    expect(count('object')).toBeGreaterThanOrEqual(15);
  });

  it.each(QUERIES.map((query) => [query.q, query] as const))(
    '"%s" names real files and one exact match',
    (_, query) => {
      for (const key of Object.keys(query.relevant)) expect(ALL_KEYS).toContain(key);
      expect(Object.values(query.relevant)).toContain(2);
      if (query.moment) {
        expect(query.relevant[query.moment.media]).toBe(2);
        const video = VIDEOS.find((spec) => spec.key === query.moment?.media);
        expect(video?.sentences[query.moment.sentence]).toBeDefined();
      }
    },
  );
});
