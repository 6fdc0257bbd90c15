import {
  markedSourceTexts,
  recordSearchClick,
  replaceMediaEmbeddings,
  insertSearchHistory,
  searchCandidates,
  type EmbeddingModelRef,
  type IndexedRow,
  type SearchCandidate,
} from '../src';
import { createMedia, createUser, openTestDatabase, type TestDatabase } from './fixtures';

const MODEL: EmbeddingModelRef = { name: 'local-lexical-v1', dimensions: 384 };

function axis(i: number, lean = 0): number[] {
  const v = Array.from({ length: 384 }, (_, j) => (j === i ? 1 : j === i + 1 ? lean : 0));
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

function row(
  vector: number[],
  text: { a?: string; b?: string; c?: string },
  extra: Partial<IndexedRow> = {},
): IndexedRow {
  return {
    vector,
    sourceText: [text.a, text.b, text.c].filter(Boolean).join('\n'),
    document: { a: text.a ?? '', b: text.b ?? '', c: text.c ?? '', d: '' },
    segmentType: 'full',
    startTimeSeconds: null,
    endTimeSeconds: null,
    confidenceScore: null,
    sourceQuality: 'high',
    ...extra,
  };
}

describe('hybrid search candidates', () => {
  let db: TestDatabase;
  let alice: string;
  let bob: string;
  const media: Record<string, string> = {};

  async function index(userId: string, key: string, rows: IndexedRow[], columns: Record<string, unknown> = {}) {
    media[key] = await createMedia(db.pool, userId, { status: 'completed', ...columns });
    await db.database.service((tx) =>
      replaceMediaEmbeddings(tx, { mediaFileId: media[key]!, userId, model: MODEL }, rows),
    );
  }

  const find = (userId: string, query: Partial<Parameters<typeof searchCandidates>[1]>) =>
    db.database.tenant(userId, (tx) =>
      searchCandidates(tx, {
        userId,
        model: MODEL,
        vector: null,
        text: null,
        filters: {},
        asOf: new Date(Date.now() + 60_000),
        perList: 50,
        ...query,
      }),
    );
  const mediaOf = (rows: SearchCandidate[]) => [...new Set(rows.map((r) => r.mediaId))];

  beforeAll(async () => {
    db = openTestDatabase();
    alice = await createUser(db.pool);
    bob = await createUser(db.pool);
    await index(alice, 'revenue', [row(axis(10), { b: 'Quarterly revenue grew twelve percent' })], {
      tags: ['Work'],
      detected_faces_count: 0,
    });
    await index(alice, 'dog', [row(axis(20), { a: 'dog, grass', b: 'A dog on the grass' })], {
      detected_labels: JSON.stringify([{ name: 'dog', confidence: 0.9 }]),
      detected_faces_count: 0,
      original_filename: 'Rex_100%_good.jpg',
    });
    await index(
      alice,
      'video',
      [
        row(axis(30), { c: 'the train leaves the station' }),
        row(
          axis(31),
          { c: 'the train leaves the station' },
          { segmentType: 'audio', startTimeSeconds: 2, endTimeSeconds: 6 },
        ),
      ],
      { file_type: 'video', mime_type: 'video/mp4', duration_seconds: 8, detected_faces_count: 1 },
    );
    await index(bob, 'bobRevenue', [row(axis(10), { b: 'revenue revenue revenue' })]);
  }, 60_000);
  afterAll(() => db.close());

  it('brings rows by meaning and by words, each scored both ways', async () => {
    const rows = await find(alice, { vector: axis(10, 0.2), text: 'revenue growth' });
    const revenue = rows.find((r) => r.mediaId === media['revenue'])!;
    expect(revenue.cosine).toBeGreaterThan(0.9);
    expect(revenue.coverage).toBeCloseTo(0.5); // "revenue" found, "growth" (grow ≠ growth) not
    const dog = rows.find((r) => r.mediaId === media['dog'])!;
    expect(dog.coverage).toBe(0);
    expect(dog.cosine).toBeLessThan(0.1);
  });

  it('never returns another user’s rows, even when they match better', async () => {
    for (const query of [{ text: 'revenue' }, { vector: axis(10) }, { vector: axis(10), text: 'revenue' }]) {
      expect(mediaOf(await find(alice, query))).not.toContain(media['bobRevenue']);
      expect(mediaOf(await find(bob, query))).toEqual([media['bobRevenue']]);
    }
    // Asking for another user's rows by id gets nothing through RLS either.
    const stolen = await db.database.tenant(alice, async (tx) => {
      const rows = await searchCandidates(tx, {
        userId: bob,
        model: MODEL,
        vector: axis(10),
        text: 'revenue',
        filters: {},
        asOf: new Date(),
        perList: 10,
      });
      return rows.length;
    });
    expect(stolen).toBe(0);
  });

  it('applies filters and exclusions inside both lists', async () => {
    const all = { vector: axis(20), text: 'dog train revenue' };
    expect(mediaOf(await find(alice, { ...all, filters: { fileType: 'video' } }))).toEqual([media['video']]);
    expect(mediaOf(await find(alice, { ...all, filters: { labels: ['DOG'] } }))).toEqual([media['dog']]);
    expect(mediaOf(await find(alice, { ...all, filters: { excludeLabels: ['dog'] } }))).not.toContain(media['dog']);
    expect(mediaOf(await find(alice, { ...all, filters: { tags: ['work'] } }))).toEqual([media['revenue']]);
    expect(mediaOf(await find(alice, { ...all, filters: { excludeTags: ['WORK'] } }))).not.toContain(media['revenue']);
    expect(mediaOf(await find(alice, { ...all, filters: { excludeText: ['trains'] } }))).not.toContain(media['video']);
    expect(mediaOf(await find(alice, { ...all, filters: { hasFaces: true } }))).toEqual([media['video']]);
    expect(mediaOf(await find(alice, { ...all, filters: { minDuration: 5, maxDuration: 10 } }))).toEqual([
      media['video'],
    ]);
    expect(mediaOf(await find(alice, { ...all, filters: { filename: '100%_' } }))).toEqual([media['dog']]);
    expect(mediaOf(await find(alice, { ...all, filters: { filename: '%' } }))).toEqual([media['dog']]);
    expect(mediaOf(await find(alice, { ...all, asOf: new Date('2000-01-01') }))).toEqual([]);
  });

  it('lists files by filters alone when the query has no words', async () => {
    expect(mediaOf(await find(alice, { filters: { fileType: 'image' } })).sort()).toEqual(
      [media['revenue'], media['dog']].sort(),
    );
  });

  it('marks the query’s words in the stored text', async () => {
    const rows = await find(alice, { text: 'station' });
    const marked = await db.database.tenant(alice, (tx) =>
      markedSourceTexts(
        tx,
        rows.map((r) => r.embeddingId),
        'stations',
      ),
    );
    expect([...marked.values()][0]).toBe('the train leaves the \u0001station\u0002');
  });

  it('replaces a file’s rows instead of adding to them', async () => {
    await db.database.service((tx) =>
      replaceMediaEmbeddings(tx, { mediaFileId: media['dog']!, userId: alice, model: MODEL }, [
        row(axis(20), { b: 'dog' }),
      ]),
    );
    const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM media_embeddings WHERE media_file_id = $1`, [
      media['dog'],
    ]);
    expect(rows[0].n).toBe(1);
  });

  it('records clicks once per file, only on the caller’s own searches', async () => {
    const searchId = '7e0c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b';
    await db.database.service((tx) =>
      insertSearchHistory(tx, [
        {
          id: searchId,
          userId: alice,
          queryText: 'dog',
          queryEmbedding: `[${axis(1).join(',')}]`,
          embeddingModel: MODEL.name,
          filters: {},
          sortBy: 'relevance',
          sortOrder: 'desc',
          limitCount: 20,
          offsetCount: 0,
          resultsCount: 4,
          responseTimeMs: 12,
          cacheHit: false,
          sessionId: null,
          sourcePage: null,
          userAgent: 'jest',
          ipAddress: '127.0.0.1',
          searchedAt: new Date(),
        },
      ]),
    );
    const click = (userId: string, mediaId: string) =>
      db.database.tenant(userId, (tx) => recordSearchClick(tx, userId, searchId, mediaId));
    expect(await click(bob, media['dog']!)).toBeNull();
    expect(await click(alice, media['dog']!)).toEqual({ clickedResults: [media['dog']], clickThroughRate: 0.25 });
    expect(await click(alice, media['dog']!)).toEqual({ clickedResults: [media['dog']], clickThroughRate: 0.25 });
    expect((await click(alice, media['revenue']!))?.clickThroughRate).toBe(0.5);
  });
});
