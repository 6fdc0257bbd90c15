import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { providersEnvShape } from '@ams/providers';
import type { TextEmbedder } from '../src/embedder';
import {
  createImageEmbedder,
  createTextEmbedder,
  embeddingEnvShape,
  openAiEmbeddingConfig,
  refineEmbeddingEnv,
  type EmbeddingEnv,
} from '../src/factory';
import { OnnxClipEmbedder, OnnxTextEmbedder } from '../src/onnx';
import { OpenAiEmbedder } from '../src/openai';
import { writeTinyBertModel, writeTinyClipModel } from '@ams/testing';

// The lexical model is another module's work (and loads a lexicon): here only its wiring matters.
const lexical: TextEmbedder = {
  model: { name: 'local-lexical-v1', dimensions: 4, provider: 'local', similarity: { unrelated: 0, related: 1 } },
  embed: () => Promise.resolve([]),
};
const mockCreateLexical = jest.fn<TextEmbedder, [{ lexiconDir?: string }?]>(() => lexical);
// Hoisted above the imports: the factory defers to mockCreateLexical, defined by the time it is called.
jest.mock(
  '../src/local',
  () => ({ createLocalLexicalEmbedder: (options?: { lexiconDir?: string }) => mockCreateLexical(options) }),
  { virtual: true },
);

const schema = z.object(embeddingEnvShape).superRefine(refineEmbeddingEnv);
const parse = (values: Record<string, string>): EmbeddingEnv => schema.parse(values);

function issues(values: Record<string, string>): { path: string; message: string }[] {
  const result = schema.safeParse(values);
  if (result.success) return [];
  return result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}

let modelsDir: string;

beforeAll(async () => {
  modelsDir = await mkdtemp(join(tmpdir(), 'ams-embedding-factory-'));
  await writeTinyBertModel(modelsDir, 'Tiny/bert');
  await writeTinyClipModel(modelsDir, 'Tiny/clip');
});

afterAll(() => rm(modelsDir, { recursive: true, force: true }));

describe('embedding environment', () => {
  it('defaults to the offline lexical model and OpenAI settings that need no choice', () => {
    expect(parse({})).toEqual({
      EMBEDDING_PROVIDER: 'local',
      OPENAI_EMBEDDING_MODEL: 'text-embedding-3-small',
      OPENAI_EMBEDDING_DIMENSIONS: 1536,
      EMBEDDING_BATCH_SIZE: 256,
      MODELS_DIR: '.data/models',
      PROVIDER_TIMEOUT_MS: 20_000,
    });
  });

  it('shares the OpenAI key, endpoint and timeout definitions with the providers', () => {
    expect(embeddingEnvShape.OPENAI_API_KEY).toBe(providersEnvShape.OPENAI_API_KEY);
    expect(embeddingEnvShape.OPENAI_BASE_URL).toBe(providersEnvShape.OPENAI_BASE_URL);
    expect(embeddingEnvShape.PROVIDER_TIMEOUT_MS).toBe(providersEnvShape.PROVIDER_TIMEOUT_MS);
    const both = z.object({ ...providersEnvShape, ...embeddingEnvShape }).parse({
      OPENAI_API_KEY: 'sk-live',
      SUMMARY_PROVIDER: 'openai',
      EMBEDDING_PROVIDER: 'openai',
    });
    expect(openAiEmbeddingConfig(both).apiKey).toBe('sk-live');
  });

  it('asks for the settings the chosen provider needs', () => {
    expect(issues({ EMBEDDING_PROVIDER: 'openai' })).toEqual([
      { path: 'OPENAI_API_KEY', message: 'is required when EMBEDDING_PROVIDER=openai' },
    ]);
    expect(issues({ EMBEDDING_PROVIDER: 'onnx' })).toEqual([
      { path: 'ONNX_TEXT_MODEL', message: 'is required when EMBEDDING_PROVIDER=onnx' },
    ]);
    expect(issues({ EMBEDDING_PROVIDER: 'onnx', ONNX_TEXT_MODEL: 'Xenova/all-MiniLM-L6-v2' })).toEqual([]);
    expect(issues({ EMBEDDING_PROVIDER: 'openai', OPENAI_API_KEY: 'sk', OPENAI_BASE_URL: 'not a url' })).toEqual([
      expect.objectContaining({ path: 'OPENAI_BASE_URL' }),
    ]);
  });

  it('refuses a model and dimension pair that cannot be stored or that OpenAI would refuse', () => {
    const openai = { EMBEDDING_PROVIDER: 'openai', OPENAI_API_KEY: 'sk' };
    expect(issues({ ...openai, OPENAI_EMBEDDING_DIMENSIONS: '3072' })).toEqual([
      { path: 'OPENAI_EMBEDDING_DIMENSIONS', message: expect.stringContaining('2000') as unknown },
    ]);
    expect(issues({ ...openai, OPENAI_EMBEDDING_DIMENSIONS: '1600' })).toEqual([
      { path: 'OPENAI_EMBEDDING_DIMENSIONS', message: expect.stringContaining('at most 1536') as unknown },
    ]);
    expect(
      issues({ ...openai, OPENAI_EMBEDDING_MODEL: 'text-embedding-ada-002', OPENAI_EMBEDDING_DIMENSIONS: '512' }),
    ).toEqual([
      { path: 'OPENAI_EMBEDDING_DIMENSIONS', message: expect.stringContaining('always returns 1536') as unknown },
    ]);
    expect(
      issues({ ...openai, OPENAI_EMBEDDING_MODEL: 'text-embedding-3-large', OPENAI_EMBEDDING_DIMENSIONS: '1024' }),
    ).toEqual([]);
  });
});

describe('createTextEmbedder', () => {
  it('builds the lexical model with the lexicon directory', () => {
    const embedder = createTextEmbedder(parse({ LEXICON_DIR: '/var/lib/lexicon' }));

    expect(embedder).toBe(lexical);
    expect(mockCreateLexical).toHaveBeenCalledWith({ lexiconDir: '/var/lib/lexicon' });
  });

  it('builds the OpenAI embedder from the shared key, endpoint, batch size and timeout', async () => {
    const bodies: { input: string[]; model: string }[] = [];
    const authorizations: (string | undefined)[] = [];
    const server: Server = createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
      req.on('end', () => {
        const body = JSON.parse(raw) as { input: string[]; model: string };
        bodies.push(body);
        authorizations.push(req.headers.authorization);
        const data = body.input.map((_, index) => ({ object: 'embedding', index, embedding: [1, 2, 3, 4] }));
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({ object: 'list', data, model: body.model, usage: { prompt_tokens: 1, total_tokens: 1 } }),
        );
      });
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    try {
      const env = parse({
        EMBEDDING_PROVIDER: 'openai',
        OPENAI_API_KEY: 'sk-shared',
        OPENAI_BASE_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
        OPENAI_EMBEDDING_MODEL: 'bge-small',
        OPENAI_EMBEDDING_DIMENSIONS: '4',
        EMBEDDING_BATCH_SIZE: '2',
      });
      const embedder = createTextEmbedder(env);

      const vectors = await embedder.embed(['one', 'two', 'three']);

      expect(embedder).toBeInstanceOf(OpenAiEmbedder);
      expect(embedder.model).toMatchObject({ name: 'bge-small', dimensions: 4, provider: 'openai' });
      expect(bodies.map((body) => body.input)).toEqual([['one', 'two'], ['three']]);
      expect(bodies[0].model).toBe('bge-small');
      expect(authorizations).toEqual(['Bearer sk-shared', 'Bearer sk-shared']);
      expect(vectors).toHaveLength(3);
      expect(openAiEmbeddingConfig(env)).toEqual({
        apiKey: 'sk-shared',
        baseUrl: env.OPENAI_BASE_URL,
        model: 'bge-small',
        dimensions: 4,
        maxBatchInputs: 2,
        timeoutMs: 20_000,
      });
    } finally {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    }
  });

  it('builds the ONNX embedder from the model folder under MODELS_DIR', () => {
    const embedder = createTextEmbedder(
      parse({ EMBEDDING_PROVIDER: 'onnx', MODELS_DIR: modelsDir, ONNX_TEXT_MODEL: 'Tiny/bert' }),
    );

    expect(embedder).toBeInstanceOf(OnnxTextEmbedder);
    expect(embedder.model).toMatchObject({ name: 'tiny-bert', dimensions: 8, provider: 'onnx' });
  });

  it('fails at start-up, naming the resolved path, when the ONNX model is not there', () => {
    const env = parse({
      EMBEDDING_PROVIDER: 'onnx',
      MODELS_DIR: 'relative/models',
      ONNX_TEXT_MODEL: 'Xenova/all-MiniLM-L6-v2',
    });

    expect(() => createTextEmbedder(env)).toThrow(resolve('relative/models', 'Xenova/all-MiniLM-L6-v2'));
  });
});

describe('createImageEmbedder', () => {
  it('is off unless ONNX_IMAGE_MODEL names a CLIP model', () => {
    expect(createImageEmbedder(parse({ EMBEDDING_PROVIDER: 'openai', OPENAI_API_KEY: 'sk' }))).toBeUndefined();

    const embedder = createImageEmbedder(parse({ MODELS_DIR: modelsDir, ONNX_IMAGE_MODEL: 'Tiny/clip' }));

    expect(embedder).toBeInstanceOf(OnnxClipEmbedder);
    expect(embedder?.model).toMatchObject({ name: 'tiny-clip', dimensions: 4, provider: 'onnx' });
    expect(() => createImageEmbedder(parse({ MODELS_DIR: modelsDir, ONNX_IMAGE_MODEL: 'Tiny/bert' }))).toThrow(
      'missing preprocessor_config.json',
    );
  });
});
