import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EmbeddingDocument } from '../src/embedder';
import { createLocalLexicalEmbedder, LOCAL_LEXICAL_MODEL, type LocalLexicalEmbedder } from '../src/local';

// The first run of a fresh checkout may have to build the lexicon (about 15 s, more on a busy machine).
const BUILD_TIMEOUT = 180_000;

let embedder: LocalLexicalEmbedder;

beforeAll(async () => {
  embedder = createLocalLexicalEmbedder();
  await embedder.warmUp();
}, BUILD_TIMEOUT);

function cosine(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let index = 0; index < a.length; index++) sum += a[index] * b[index];
  return sum;
}

async function similarity(a: string, b: string): Promise<number> {
  const [first, second] = await embedder.embed([a, b]);
  return cosine(first, second);
}

const norm = (vector: readonly number[]) => Math.sqrt(cosine(vector, vector));

/** [query, a related text, an unrelated text]: the brief's pairs and a few more of the same kind. */
const TRIPLES: [string, string, string][] = [
  ['puppy', 'dog', 'invoice'],
  ['grandmother', 'grandma', 'carburetor'],
  ['kitten', 'cat', 'spreadsheet'],
  ['automobile', 'car', 'banana'],
  ['financial results', 'revenue', 'puppy'],
  ['quarterly earnings', 'revenue', 'beach'],
  ['seashore', 'beach', 'tax return'],
  ['birthday party', 'celebration', 'invoice'],
  ['physician', 'doctor', 'guitar'],
  ['wedding', 'bride', 'carburetor'],
  ['snow', 'skiing', 'invoice'],
  ['ice cream', 'dessert', 'printer'],
  ['soccer', 'football', 'kitchen'],
  ['horse', 'pony', 'salary'],
  ['a puppy playing in the grass', 'a dog running on a lawn', 'quarterly revenue report'],
];
const MARGIN = 0.05;

describe('LOCAL_LEXICAL_MODEL', () => {
  it('is the seeded model: local-lexical-v1, 384 dimensions, local', () => {
    expect(LOCAL_LEXICAL_MODEL).toMatchObject({ name: 'local-lexical-v1', dimensions: 384, provider: 'local' });
    expect(embedder.model).toBe(LOCAL_LEXICAL_MODEL);
  });

  it('states the similarities it actually gives to related and unrelated texts', async () => {
    const related: number[] = [];
    const unrelated: number[] = [];
    for (const [query, near, far] of TRIPLES) {
      related.push(await similarity(query, near));
      unrelated.push(await similarity(query, far));
    }
    const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
    expect(Math.abs(mean(related) - LOCAL_LEXICAL_MODEL.similarity.related)).toBeLessThan(0.1);
    expect(Math.abs(mean(unrelated) - LOCAL_LEXICAL_MODEL.similarity.unrelated)).toBeLessThan(0.05);
  });
});

describe('relatedness', () => {
  it.each(TRIPLES)('"%s" is nearer "%s" than "%s"', async (query, near, far) => {
    expect(await similarity(query, near)).toBeGreaterThan((await similarity(query, far)) + MARGIN);
  });

  // A known limit: WordNet ties cakes to birthdays only through a few glosses.
  it('puts "cake" only a little nearer "birthday party" than "invoice"', async () => {
    expect(await similarity('birthday party', 'cake')).toBeGreaterThan(await similarity('birthday party', 'invoice'));
  });

  it('treats inflections and multi-word lemmas as their dictionary forms', async () => {
    expect(await similarity('children', 'child')).toBeGreaterThan(0.95);
    expect(await similarity('she ran', 'run')).toBeGreaterThan(0.95);
    expect(await similarity('traffic lights', 'traffic light')).toBeGreaterThan(0.95);
    // "ice cream" is one lemma, not ice plus cream: nearer to dessert than "ice" alone is.
    expect(await similarity('ice cream', 'dessert')).toBeGreaterThan((await similarity('ice', 'dessert')) + MARGIN);
  });
});

describe('vectors', () => {
  it('are 384 finite numbers of unit length', async () => {
    const vectors = await embedder.embed(['A golden retriever on the beach', 'INV-2041', 'lighthouse', 'Ünïcödé café']);
    for (const vector of vectors) {
      expect(vector).toHaveLength(384);
      expect(vector.every(Number.isFinite)).toBe(true);
      expect(norm(vector)).toBeCloseTo(1, 5);
    }
  });

  it('are the same for the same text, across calls and instances', async () => {
    const text = 'Grandma blowing out the candles on her birthday cake';
    const [first] = await embedder.embed([text]);
    const [again] = await createLocalLexicalEmbedder().embed([text]);
    expect(again).toEqual(first);
  });

  it('are all zeros for texts with no content words, without throwing', async () => {
    const empty: EmbeddingDocument = { fields: [{ name: 'summary', text: '  ' }] };
    const vectors = await embedder.embed(['', '   ', 'the of and', empty]);
    for (const vector of vectors) expect(vector).toEqual(new Array(384).fill(0));
  });

  it('let an unknown token (a code, a name) match itself', async () => {
    const withCode = 'Invoice INV-2041 from Acme Corp';
    const otherCode = 'Invoice INV-7730 from Acme Corp';
    expect(await similarity('INV-2041', withCode)).toBeGreaterThan((await similarity('INV-2041', otherCode)) + 0.2);
    expect(await similarity('Zorblax', 'Zorblax at the party')).toBeGreaterThan(0.4);
    expect(await similarity('Zorblax', 'Quentarro at the party')).toBeLessThan(0.15);
  });

  it('weigh document fields by their weight', async () => {
    const document = (captionWeight: number, textWeight: number): EmbeddingDocument => ({
      fields: [
        { name: 'caption', text: 'a dog running on the beach', weight: captionWeight },
        { name: 'text', text: 'quarterly revenue report', weight: textWeight },
      ],
    });
    const [dog, revenue, captionHeavy, textHeavy, textIgnored] = await embedder.embed([
      'dog',
      'revenue',
      document(3, 1),
      document(1, 3),
      document(1, 0),
    ]);
    expect(cosine(dog, captionHeavy)).toBeGreaterThan(cosine(dog, textHeavy) + 0.1);
    expect(cosine(revenue, textHeavy)).toBeGreaterThan(cosine(revenue, captionHeavy) + 0.1);
    const [captionOnly] = await embedder.embed(['a dog running on the beach']);
    expect(cosine(textIgnored, captionOnly)).toBeCloseTo(1, 5);
  });

  it('stops when the call is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(embedder.embed(['dog'], { signal: controller.signal })).rejects.toThrow();
  });
});

describe('ranking captions', () => {
  const CAPTIONS = [
    'A golden retriever puppy chasing a ball on the lawn',
    'Grandma blowing out candles on her birthday cake',
    'Sunset over the ocean with waves crashing on the sand',
    'Quarterly revenue report slide: sales grew 12% year over year',
    'Invoice INV-2041 from Acme Corp, amount due 450 EUR',
    'A tabby kitten sleeping on a sofa',
    'Snowy mountain peak with skiers on the slope',
    'Doctor examining a patient in a hospital room',
    'Red sports car parked on a city street at night',
    'Children playing soccer in the park',
    'Bride and groom cutting the wedding cake',
    'Plate of pasta with tomato sauce at an italian restaurant',
  ];
  // Paraphrases sharing no content word with their caption, and a few that share one.
  const QUERIES: [string, number][] = [
    ['young dog on the grass', 0],
    ['grandmother celebrating', 1],
    ['beach at dusk', 2],
    ['quarterly earnings', 3],
    ['INV-2041', 4],
    ['cat napping on the couch', 5],
    ['winter skiing', 6],
    ['physician with a sick person', 7],
    ['automobile in town', 8],
    ['kids playing football', 9],
    ['marriage ceremony', 10],
    ['dinner at a trattoria', 11],
    ['seashore', 2],
    ['birthday party', 1],
  ];
  let captionVectors: number[][];

  beforeAll(async () => {
    captionVectors = await embedder.embed(CAPTIONS);
  });

  async function rankOf(query: string, expected: number): Promise<number> {
    const [vector] = await embedder.embed([query]);
    const expectedScore = cosine(vector, captionVectors[expected]);
    return (
      1 +
      captionVectors.filter((caption, index) => index !== expected && cosine(vector, caption) >= expectedScore).length
    );
  }

  // Harder ones, where a shared word or WordNet's gaps can put another caption first.
  const HARDER_QUERIES: [string, number][] = [
    ['financial results', 3],
    ['bill from a company', 4],
    ['young dog playing outside', 0],
    ['medical visit', 7],
    ['a meal out', 11],
  ];

  it.each(QUERIES)('ranks the right caption first for "%s"', async (query, expected) => {
    expect(await rankOf(query, expected)).toBe(1);
  });

  it('ranks the right caption in the top two for harder paraphrases', async () => {
    const ranks = await Promise.all(HARDER_QUERIES.map(([query, expected]) => rankOf(query, expected)));
    expect(Math.max(...ranks)).toBeLessThanOrEqual(2);
    const reciprocalRank = ranks.reduce((sum, rank) => sum + 1 / rank, 0) / ranks.length;
    expect(reciprocalRank).toBeGreaterThanOrEqual(0.6);
  });
});

describe('explainMatch', () => {
  it('points at the words of a text that are near the query in meaning', async () => {
    const text = 'A golden retriever chasing a ball on the lawn';
    const matches = await embedder.explainMatch('dog', text);
    expect(matches[0]).toMatchObject({ text: 'retriever', queryWord: 'dog' });
    expect(text.slice(matches[0].start, matches[0].end)).toBe('retriever');
    expect(matches.map((match) => match.text)).not.toContain('golden');
    expect(matches.every((match) => match.similarity >= 0.3)).toBe(true);
  });
});

describe('lexicon file', () => {
  it(
    'is built in-process, once, when missing, and gives the same vectors',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'lexicon-'));
      try {
        const log = jest.fn();
        const fresh = createLocalLexicalEmbedder({ lexiconDir: dir, log });
        const text = 'Sunset over the ocean with waves crashing on the sand';
        const [[built], [expected]] = await Promise.all([fresh.embed([text]), embedder.embed([text])]);
        await createLocalLexicalEmbedder({ lexiconDir: dir, log }).warmUp();
        expect(built).toEqual(expected);
        expect(readdirSync(dir)).toEqual([expect.stringMatching(/^local-lexical-v1-[0-9a-f]{16}\.lexicon\.gz$/)]);
        expect(log.mock.calls.filter(([message]) => String(message).startsWith('building'))).toHaveLength(1);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    BUILD_TIMEOUT,
  );
});
