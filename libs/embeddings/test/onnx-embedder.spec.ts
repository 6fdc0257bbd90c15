/**
 * @jest-environment ./test/onnx-environment.ts
 */
import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { env } from '@huggingface/transformers';
import { createOnnxClipEmbedder, createOnnxTextEmbedder, safeModelName, type OnnxTextEmbedder } from '../src/onnx';
import {
  TINY_HIDDEN,
  TINY_PROJECTION,
  tinyBertVector,
  writeSolidPng,
  writeTinyBertModel,
  writeTinyClipModel,
} from '@ams/testing';

let modelsDir: string;
const originalFetch = env.fetch;
const fetchCalls = jest.fn();

beforeAll(async () => {
  modelsDir = await mkdtemp(join(tmpdir(), 'ams-onnx-models-'));
  await writeTinyBertModel(modelsDir, 'Tiny/bert-embedder');
  await writeTinyClipModel(modelsDir, 'Tiny/clip');
  // Any attempt to reach the Hub would go through env.fetch: make it fail loudly and count it.
  env.fetch = (...args: Parameters<typeof fetch>) => {
    fetchCalls(...args);
    return Promise.reject(new Error('network access attempted'));
  };
});

afterAll(async () => {
  env.fetch = originalFetch;
  await rm(modelsDir, { recursive: true, force: true });
});

const norm = (vector: number[]) => Math.hypot(...vector);
const expectClose = (actual: number[], expected: number[]) => {
  expect(actual).toHaveLength(expected.length);
  expected.forEach((value, i) => expect(actual[i]).toBeCloseTo(value, 5));
};

describe('ONNX text embedder', () => {
  let embedder: OnnxTextEmbedder;

  beforeAll(() => {
    embedder = createOnnxTextEmbedder({ modelsDir, modelId: 'Tiny/bert-embedder', batchSize: 2 });
  });

  afterAll(() => embedder.close());

  it('describes the model from its folder and config.json', () => {
    expect(embedder.model).toEqual({
      name: 'tiny-bert-embedder',
      dimensions: TINY_HIDDEN,
      provider: 'onnx',
      similarity: { unrelated: 0.15, related: 0.55 },
    });
  });

  it('loads from MODELS_DIR without the network and returns mean-pooled unit vectors', async () => {
    const [vector] = await embedder.embed(['The cat sits on the mat']);

    expect(vector).toHaveLength(TINY_HIDDEN);
    expect(norm(vector)).toBeCloseTo(1, 6);
    // [CLS] the cat sits on the mat [SEP], averaged: what the graph's lookup table says.
    expectClose(vector, tinyBertVector('the cat sits on the mat'));
    expect(fetchCalls).not.toHaveBeenCalled();
  });

  it('gives the same words the same vector and different words different ones', async () => {
    const [a, b, c, d] = await embedder.embed(['red car', 'dog runs on the beach', 'red car', 'blue tree']);

    expectClose(c, a);
    const cosine = (x: number[], y: number[]) => x.reduce((sum, value, i) => sum + value * y[i], 0);
    expect(cosine(a, d)).toBeLessThan(0.99);
    expect(cosine(a, b)).toBeLessThan(0.99);
  });

  it('keeps input order across batches of mixed lengths, padding included', async () => {
    const texts = ['sun', 'the dog runs on the beach in the rain', 'cat', 'blue car', 'music photo tree'];

    const together = await embedder.embed(texts);
    const alone = await Promise.all(texts.map(async (text) => (await embedder.embed([text]))[0]));

    together.forEach((vector, i) => {
      expectClose(vector, alone[i]);
      expectClose(vector, tinyBertVector(texts[i]));
    });
  });

  it('embeds a document as its text lines and an empty input as a zero vector', async () => {
    const doc = { fields: [{ name: 'Labels', text: 'cat, mat' }] };

    const [fromDoc, fromString, empty] = await embedder.embed([doc, 'Labels: cat, mat', '  ']);

    expectClose(fromDoc, fromString);
    expect(empty).toEqual(new Array(TINY_HIDDEN).fill(0));
  });

  it('loads quantized weights when they are the only ones', async () => {
    await writeTinyBertModel(modelsDir, 'Tiny/bert-quantized', 'model_quantized.onnx');
    const quantized = createOnnxTextEmbedder({ modelsDir, modelId: 'Tiny/bert-quantized' });

    const [vector] = await quantized.embed(['the sun']);

    expectClose(vector, tinyBertVector('the sun'));
    await quantized.close();
  });

  it('names the directory and the expected files when the model is missing or incomplete', async () => {
    expect(() => createOnnxTextEmbedder({ modelsDir, modelId: 'Xenova/all-MiniLM-L6-v2' })).toThrow(
      new RegExp(
        `ONNX model "Xenova/all-MiniLM-L6-v2" not found: no directory ${join(modelsDir, 'Xenova/all-MiniLM-L6-v2')};` +
          ' expected config.json, tokenizer.json, tokenizer_config.json, onnx/model.onnx \\(or onnx/model_quantized.onnx\\)',
      ),
    );

    const dir = await writeTinyBertModel(modelsDir, 'Tiny/incomplete');
    await unlink(join(dir, 'tokenizer.json'));
    await unlink(join(dir, 'onnx', 'model.onnx'));
    expect(() => createOnnxTextEmbedder({ modelsDir, modelId: 'Tiny/incomplete' })).toThrow(
      `ONNX model "Tiny/incomplete" in ${dir} is incomplete: missing tokenizer.json, onnx/model.onnx`,
    );

    expect(() => createOnnxTextEmbedder({ modelsDir, modelId: '../elsewhere' })).toThrow('must be a folder inside');
  });
});

describe('ONNX model names', () => {
  it('derives a database-safe name of at most 50 characters', () => {
    expect(safeModelName('Xenova/all-MiniLM-L6-v2')).toBe('xenova-all-minilm-l6-v2');
    const long = 'sentence-transformers/paraphrase-multilingual-mpnet-base-v2-onnx-int8';
    const name = safeModelName(long);
    expect(name).toMatch(/^[a-z0-9][a-z0-9._-]{0,49}$/);
    expect(name.startsWith('sentence-transformers-paraphrase')).toBe(true);
    expect(safeModelName(`${long}-x`)).not.toBe(name);
  });
});

describe('ONNX CLIP embedder', () => {
  const clip = () => createOnnxClipEmbedder({ modelsDir, modelId: 'Tiny/clip', batchSize: 2 });

  it('embeds images into unit vectors that follow their pixels, in order', async () => {
    const embedder = clip();
    const red = await writeSolidPng(join(modelsDir, 'red.png'), [255, 0, 0]);
    const blue = await writeSolidPng(join(modelsDir, 'blue.png'), [0, 0, 255]);

    const [first, second, third] = await embedder.embedImages([red, blue, red]);

    expect(embedder.model).toMatchObject({ name: 'tiny-clip', dimensions: TINY_PROJECTION, provider: 'onnx' });
    // Red normalizes to channel means (1, -1, -1); the tiny projection maps that to (1, -1, -1, -0.2).
    const expected = [1, -1, -1, -0.2].map((value) => value / Math.hypot(1, 1, 1, 0.2));
    expectClose(first, expected);
    expectClose(third, first);
    expect(second[2]).toBeGreaterThan(0);
    expect(norm(second)).toBeCloseTo(1, 6);
    await embedder.close();
  });

  it('embeds queries with the text tower into the same number of unit dimensions', async () => {
    const embedder = clip();

    const [a, b, c] = await embedder.embedQuery(['red car', 'a blue tree in the rain', 'red car']);

    expect(a).toHaveLength(TINY_PROJECTION);
    expect(norm(b)).toBeCloseTo(1, 6);
    expectClose(c, a);
    expect(a).not.toEqual(b);
    expect(fetchCalls).not.toHaveBeenCalled();
    await embedder.close();
  });

  it('reports a file that is not an image as unreadable media', async () => {
    const bogus = join(modelsDir, 'not-an-image.jpg');
    await writeFile(bogus, 'plain text, not a JPEG');

    await expect(clip().embedImages([bogus])).rejects.toMatchObject({
      code: 'MEDIA_UNREADABLE',
      retryable: false,
      message: expect.stringContaining(bogus) as unknown,
    });
  });

  it('names the files a CLIP model needs when they are missing', () => {
    expect(() => createOnnxClipEmbedder({ modelsDir, modelId: 'Tiny/bert-embedder' })).toThrow(
      'missing preprocessor_config.json, onnx/text_model.onnx, onnx/vision_model.onnx',
    );
  });
});
