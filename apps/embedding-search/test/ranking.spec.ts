import type { SearchCandidate } from '@ams/db';
import { calibrate, rankMedia, type RankingOptions } from '../src/search/ranking';

const options: RankingOptions = {
  mode: 'hybrid',
  fusion: 'convex',
  semanticWeight: 0.5,
  calibration: { unrelated: 0.1, related: 0.6 },
};

let next = 0;
function row(mediaId: string, overrides: Partial<SearchCandidate> = {}): SearchCandidate {
  next += 1;
  return {
    embeddingId: `e${next}`,
    mediaId,
    segmentType: 'full',
    startTimeSeconds: null,
    endTimeSeconds: null,
    cosine: 0.1,
    coverage: 0,
    textRank: 0,
    fileType: 'image',
    filename: `${mediaId}.jpg`,
    hasThumbnail: true,
    uploadedAt: new Date('2026-01-01T00:00:00Z'),
    takenAt: null,
    durationSeconds: null,
    ...overrides,
  };
}

describe('calibrate', () => {
  it('maps the unrelated level to 0, the related level to 1, and clamps outside', () => {
    expect(calibrate(0.1, options.calibration)).toBe(0);
    expect(calibrate(0.6, options.calibration)).toBe(1);
    expect(calibrate(0.35, options.calibration)).toBeCloseTo(0.5);
    expect(calibrate(-0.5, options.calibration)).toBe(0);
    expect(calibrate(0.95, options.calibration)).toBe(1);
  });
});

describe('rankMedia', () => {
  it('puts a file with both the words and the meaning above one with either alone', () => {
    const ranked = rankMedia(
      [
        row('both', { cosine: 0.5, coverage: 1 }),
        row('words', { cosine: 0.1, coverage: 1 }),
        row('meaning', { cosine: 0.5, coverage: 0 }),
      ],
      options,
    );
    expect(ranked.map((m) => m.mediaId)).toEqual(['both', 'words', 'meaning']);
    expect(ranked[0]!.score).toBeCloseTo(0.9);
  });

  it('scores a file by its best rows: a video whose moment matches the words is found', () => {
    const [video] = rankMedia(
      [
        row('video', { cosine: 0.4, coverage: 0, fileType: 'video' }),
        row('video', { segmentType: 'audio', startTimeSeconds: 12, endTimeSeconds: 20, cosine: 0.3, coverage: 1 }),
      ],
      options,
    );
    expect(video!.words).toBe(1);
    expect(video!.moments).toEqual([expect.objectContaining({ start: 12, end: 20, kind: 'audio' })]);
  });

  it('keeps at most three moments, best first, never two overlapping ones', () => {
    const [video] = rankMedia(
      [
        row('v', { segmentType: 'audio', startTimeSeconds: 0, endTimeSeconds: 10, coverage: 1, cosine: 0.6 }),
        row('v', { segmentType: 'temporal', startTimeSeconds: 0, endTimeSeconds: 10, coverage: 1, cosine: 0.5 }),
        row('v', { segmentType: 'audio', startTimeSeconds: 10, endTimeSeconds: 20, coverage: 1, cosine: 0.55 }),
        row('v', { segmentType: 'visual', startTimeSeconds: 20, endTimeSeconds: 30, coverage: 1, cosine: 0.5 }),
        row('v', { segmentType: 'visual', startTimeSeconds: 30, endTimeSeconds: 40, coverage: 1, cosine: 0.5 }),
      ],
      options,
    );
    expect(video!.moments.map((m) => [m.start, m.end])).toEqual([
      [0, 10],
      [10, 20],
      [20, 30],
    ]);
  });

  it('lift keeps a paraphrase at its meaning score and lets words lift a file, never lower it', () => {
    const ranked = rankMedia(
      [
        row('paraphrase', { cosine: 0.5, coverage: 0 }),
        row('both', { cosine: 0.5, coverage: 1 }),
        row('word only', { cosine: 0.1, coverage: 1 }),
      ],
      { ...options, fusion: 'lift' },
    );
    expect(ranked.map((m) => [m.mediaId, m.score])).toEqual([
      ['both', 0.9],
      ['paraphrase', 0.8],
      ['word only', 0.5],
    ]);
  });

  it('keyword mode leaves out files without any of the words; semantic mode ignores words', () => {
    const rows = [row('a', { cosine: 0.6, coverage: 0 }), row('b', { cosine: 0.2, coverage: 0.5 })];
    expect(rankMedia(rows, { ...options, mode: 'keyword' }).map((m) => m.mediaId)).toEqual(['b']);
    expect(rankMedia(rows, { ...options, mode: 'semantic' }).map((m) => m.mediaId)).toEqual(['a', 'b']);
  });

  it('rrf scores by rank in each list and scales the best possible to 1', () => {
    const ranked = rankMedia(
      [row('top', { cosine: 0.6, coverage: 1 }), row('second', { cosine: 0.5, coverage: 0.5 })],
      { ...options, fusion: 'rrf' },
    );
    expect(ranked[0]).toMatchObject({ mediaId: 'top', score: 1 });
    expect(ranked[1]!.score).toBeLessThan(1);
  });
});
