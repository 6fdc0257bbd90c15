import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ProviderUsage } from '@ams/providers';
import type { EmbeddingCallContext } from '../src/embedder';
import { createOpenAiEmbedder, type OpenAiEmbedderConfig } from '../src/openai';

interface EmbeddingsRequest {
  url?: string;
  authorization?: string;
  body: { model: string; input: string[]; dimensions?: number; encoding_format?: string };
}

type Answer = (res: ServerResponse, request: EmbeddingsRequest) => void;

// A stand-in for the Embeddings API: records each request, answers as the test says.
let server: Server;
let origin: string;
let requests: EmbeddingsRequest[] = [];
let answers: Answer[] = [];

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      const request = {
        url: req.url,
        authorization: req.headers.authorization,
        body: JSON.parse(raw) as EmbeddingsRequest['body'],
      };
      requests.push(request);
      // The last answer repeats once the earlier ones are used up.
      const answer = answers.length > 1 ? answers.shift()! : answers[0];
      answer(res, request);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  requests = [];
  answers = [embeddings()];
});

const DIMENSIONS = 8;

/** A deterministic, not unit-length vector per text, so the test can tell which text a vector belongs to. */
function fakeVector(text: string, dimensions = DIMENSIONS): number[] {
  let seed = 7;
  for (const char of text) seed = (seed * 31 + char.charCodeAt(0)) % 10_007;
  return Array.from({ length: dimensions }, (_, i) => (((seed * (i + 3)) % 23) - 11) * 3 + 0.5);
}

const unit = (vector: number[]) => {
  const norm = Math.hypot(...vector);
  return vector.map((value) => value / norm);
};

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Answer => {
  return (res) => res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
};

/** A successful answer, its items listed in reverse so the client must use `index`. */
const embeddings = (dimensions = DIMENSIONS): Answer => {
  return (res, request) => {
    const data = request.body.input.map((text, index) => ({
      object: 'embedding',
      index,
      embedding: fakeVector(text, dimensions),
    }));
    const tokens = request.body.input.join(' ').split(/\s+/).length;
    json(200, {
      object: 'list',
      data: data.reverse(),
      model: request.body.model,
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    })(res, request);
  };
};

const apiError = (message: string, type: string, code: string | null) => ({
  error: { message, type, param: null, code },
});

const embedder = (overrides: Partial<OpenAiEmbedderConfig> = {}) =>
  createOpenAiEmbedder({
    apiKey: 'sk-test-123',
    baseUrl: `${origin}/v1`,
    dimensions: DIMENSIONS,
    timeoutMs: 2_000,
    retryBackoffMs: 1,
    ...overrides,
  });

function callContext(signal?: AbortSignal): EmbeddingCallContext & { usage: ProviderUsage[] } {
  const usage: ProviderUsage[] = [];
  return { signal, usage, recordUsage: (u) => usage.push(u) };
}

describe('OpenAI embedder', () => {
  it('splits inputs into batches and returns unit vectors in input order', async () => {
    const texts = ['a dog on a beach', 'two cats', 'red car at night', 'birthday cake', 'snowy mountain'];

    const vectors = await embedder({ maxBatchInputs: 2 }).embed(texts);

    expect(requests.map((r) => r.body.input)).toEqual([texts.slice(0, 2), texts.slice(2, 4), texts.slice(4)]);
    expect(vectors).toHaveLength(texts.length);
    vectors.forEach((vector, i) => {
      expect(vector).toHaveLength(DIMENSIONS);
      expect(Math.hypot(...vector)).toBeCloseTo(1, 6);
      unit(fakeVector(texts[i])).forEach((value, d) => expect(vector[d]).toBeCloseTo(value, 6));
    });
  });

  it('asks for the configured model and dimensions at the configured base URL', async () => {
    const first = await embedder({ baseUrl: `${origin}/proxy/openai/v1` }).embed(['hello']);

    expect(requests).toHaveLength(1);
    expect(requests[0].url).toBe('/proxy/openai/v1/embeddings');
    expect(requests[0].authorization).toBe('Bearer sk-test-123');
    expect(requests[0].body).toEqual({
      model: 'text-embedding-3-small',
      input: ['hello'],
      dimensions: DIMENSIONS,
      encoding_format: 'float',
    });
    expect(first).toHaveLength(1);
  });

  it('never sends `dimensions` to a model outside the text-embedding-3 family', async () => {
    const local = embedder({ model: 'nomic-embed-text:v1.5', dimensions: DIMENSIONS });

    await local.embed(['hello']);

    expect(requests[0].body.model).toBe('nomic-embed-text:v1.5');
    expect(requests[0].body).not.toHaveProperty('dimensions');
    expect(local.model).toMatchObject({ name: 'nomic-embed-text-v1.5', dimensions: DIMENSIONS, provider: 'openai' });
  });

  it('keeps requests within the token budget and cuts an over-long input', async () => {
    const long = 'word '.repeat(2_000); // 10,000 ASCII characters
    const texts = ['short one', long, 'short two'];

    await embedder({ maxBatchTokens: 500, maxInputTokens: 600 }).embed(texts);

    // Cut to 600 estimated tokens (1,800 ASCII characters), it is over the budget and travels alone.
    expect(requests.map((r) => r.body.input.length)).toEqual([1, 1, 1]);
    const sent = requests[1].body.input[0];
    expect(sent.length).toBe(1_800);
    expect(long.startsWith(sent)).toBe(true);
  });

  it('embeds a document as its `Name: text` lines and gives an empty input a zero vector without sending it', async () => {
    const doc = {
      fields: [
        { name: 'Summary', text: 'A dog runs on the beach.' },
        { name: 'Labels', text: 'dog, beach, sea', weight: 2 },
        { name: 'Transcript', text: '   ' },
      ],
    };

    const [docVector, emptyVector] = await embedder().embed([doc, '  ']);

    expect(requests).toHaveLength(1);
    expect(requests[0].body.input).toEqual(['Summary: A dog runs on the beach.\nLabels: dog, beach, sea']);
    expect(Math.hypot(...docVector)).toBeCloseTo(1, 6);
    expect(emptyVector).toEqual(new Array(DIMENSIONS).fill(0));
    await embedder().embed(['', ' ']);
    expect(requests).toHaveLength(1);
  });

  it('records the tokens of every request', async () => {
    const context = callContext();

    await embedder({ maxBatchInputs: 2 }).embed(['one two three', 'four', 'five six'], context);

    expect(context.usage).toEqual([
      { item: 'openai.embeddings.tokens', units: 4 },
      { item: 'openai.embeddings.tokens', units: 2 },
    ]);
  });

  it('retries a rate limit, then succeeds', async () => {
    answers = [
      json(429, apiError('Rate limit reached for text-embedding-3-small', 'requests', 'rate_limit_exceeded')),
      embeddings(),
    ];
    const context = callContext();

    const vectors = await embedder().embed(['a dog'], context);

    expect(requests).toHaveLength(2);
    expect(vectors[0]).toHaveLength(DIMENSIONS);
    expect(context.usage).toEqual([{ item: 'openai.embeddings.tokens', units: 2 }]);
  });

  it('waits as long as the server asks before retrying', async () => {
    answers = [json(429, apiError('Slow down', 'requests', 'rate_limit_exceeded'), { 'retry-after-ms': '300' })];
    answers.push(embeddings());
    const started = Date.now();

    await embedder().embed(['a dog']);

    expect(requests).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('retries server errors, then gives up with a retryable error', async () => {
    answers = [json(500, apiError('The server had an error while processing your request.', 'server_error', null))];

    await expect(embedder({ retries: 2 }).embed(['a dog'])).rejects.toMatchObject({
      name: 'ProviderError',
      code: 'PROVIDER_UNAVAILABLE',
      retryable: true,
    });
    expect(requests).toHaveLength(3);
  });

  it('retries a dropped connection', async () => {
    answers = [(res) => res.socket?.destroy(), embeddings()];

    const vectors = await embedder().embed(['a dog']);

    expect(requests).toHaveLength(2);
    expect(vectors).toHaveLength(1);
  });

  it('does not retry a rejected API key', async () => {
    answers = [
      json(401, apiError('Incorrect API key provided: sk-test-123.', 'invalid_request_error', 'invalid_api_key')),
    ];

    await expect(embedder().embed(['a dog'])).rejects.toMatchObject({
      code: 'PROVIDER_AUTH_FAILED',
      retryable: false,
    });
    expect(requests).toHaveLength(1);
  });

  it('refuses vectors of another length than configured, without retrying', async () => {
    answers = [embeddings(DIMENSIONS * 2)];

    await expect(embedder().embed(['a dog'])).rejects.toMatchObject({
      code: 'PROVIDER_BAD_ANSWER',
      retryable: false,
      message: expect.stringContaining('16 dimensions where 8 were configured') as unknown,
    });
    expect(requests).toHaveLength(1);
  });

  it('stops waiting for a retry as soon as the caller aborts', async () => {
    answers = [json(503, apiError('The engine is currently overloaded.', 'server_error', 'overloaded'))];
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('shutting down')), 100);
    const started = Date.now();

    await expect(embedder({ retryBackoffMs: 5_000 }).embed(['a dog'], callContext(controller.signal))).rejects.toThrow(
      'shutting down',
    );
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(requests).toHaveLength(1);
  });
});

describe('OpenAI embedding models', () => {
  it('describes text-embedding-3-small at its full 1536 dimensions by default', () => {
    expect(createOpenAiEmbedder({ apiKey: 'sk' }).model).toEqual({
      name: 'text-embedding-3-small',
      dimensions: 1536,
      provider: 'openai',
      similarity: { unrelated: 0.1, related: 0.5 },
    });
  });

  it('names a shortened vector apart and refuses what the index cannot hold', () => {
    expect(
      createOpenAiEmbedder({ apiKey: 'sk', model: 'text-embedding-3-large', dimensions: 1024 }).model,
    ).toMatchObject({ name: 'text-embedding-3-large-1024', dimensions: 1024 });
    expect(() => createOpenAiEmbedder({ apiKey: 'sk', model: 'text-embedding-3-large' })).toThrow('1..2000');
    expect(() => createOpenAiEmbedder({ apiKey: 'sk', dimensions: 2048 })).toThrow('1..2000');
    expect(() => createOpenAiEmbedder({ apiKey: 'sk', dimensions: 1600 })).toThrow('at most 1536');
    expect(() => createOpenAiEmbedder({ apiKey: 'sk', model: 'text-embedding-ada-002', dimensions: 512 })).toThrow(
      'always returns 1536',
    );
    expect(() => createOpenAiEmbedder({ apiKey: 'sk', model: 'my-server-model' })).toThrow('set the dimensions');
  });
});
