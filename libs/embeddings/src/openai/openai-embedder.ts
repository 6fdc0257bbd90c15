import OpenAI, { APIError } from 'openai';
import type { CreateEmbeddingResponse, EmbeddingCreateParams } from 'openai/resources/embeddings';
import { BrokenCircuitError } from 'cockatiel';
import { CloudCallPolicy, openAiErrorClassifier, ProviderError, sleep, type ResilienceOptions } from '@ams/providers';
import {
  inputText,
  normalize,
  type EmbeddingCallContext,
  type EmbeddingInput,
  type EmbeddingModelInfo,
  type TextEmbedder,
} from '../embedder';
import { estimateTokens, planBatches, truncateToTokens } from './batches';
import { acceptsDimensions, DEFAULT_OPENAI_EMBEDDING_MODEL, OPENAI_EMBEDDINGS, openAiModelInfo } from './openai-models';

const DEFAULT_BASE_URL = 'https://api.openai.com/v1';
export const EMBEDDINGS_PRICE_ITEM = 'openai.embeddings.tokens';

export interface OpenAiEmbedderConfig {
  apiKey: string;
  /** Any server speaking the Embeddings API; OpenAI's own by default. */
  baseUrl?: string;
  /** `text-embedding-3-small` by default. */
  model?: string;
  /** The model's full length when known; required for other servers' models. At most 2000. */
  dimensions?: number;
  /** Inputs per request; 256 by default (OpenAI takes up to 2048). */
  maxBatchInputs?: number;
  /** Estimated tokens per request; 100k by default (OpenAI takes up to 300k). */
  maxBatchTokens?: number;
  /** Each input is cut to this many estimated tokens; 8000 by default (the models take 8191). */
  maxInputTokens?: number;
  /** Per request; 30 s by default. */
  timeoutMs?: number;
  /** Extra attempts after a throttled, failed or timed-out request; 3 by default. */
  retries?: number;
  /** First wait before a retry, doubled each time (with jitter); 500 ms by default. */
  retryBackoffMs?: number;
  /** Circuit breaker settings (its own throttling retry is replaced by the retries above). */
  resilience?: Omit<ResilienceOptions, 'timeoutMs' | 'throttleRetries' | 'throttleBackoffMs'>;
  /** Calibration override, for a model other than text-embedding-3-small. */
  similarity?: EmbeddingModelInfo['similarity'];
}

export interface OpenAiEmbedderLimits {
  maxBatchInputs: number;
  maxBatchTokens: number;
  maxInputTokens: number;
  retries: number;
  retryBackoffMs: number;
}

const MAX_RETRY_WAIT_MS = 10_000;

/** Embeddings from OpenAI's API, or any server that speaks it (vLLM, TEI, Ollama, LiteLLM…). */
export class OpenAiEmbedder implements TextEmbedder {
  constructor(
    readonly model: EmbeddingModelInfo,
    private readonly client: OpenAI,
    private readonly policy: CloudCallPolicy,
    private readonly apiModel: string,
    private readonly limits: OpenAiEmbedderLimits,
  ) {}

  async embed(inputs: readonly EmbeddingInput[], context: EmbeddingCallContext = {}): Promise<number[][]> {
    const texts = inputs.map((input) => truncateToTokens(inputText(input).trim(), this.limits.maxInputTokens));
    const vectors: number[][] = texts.map(() => new Array<number>(this.model.dimensions).fill(0));
    // The API refuses empty strings; an input with no text keeps a zero vector, which matches nothing.
    const sent = texts.flatMap((text, index) => (text ? [index] : []));
    const batches = planBatches(
      sent.map((index) => estimateTokens(texts[index])),
      { maxInputs: this.limits.maxBatchInputs, maxTokens: this.limits.maxBatchTokens },
    );
    for (const batch of batches) {
      const positions = batch.map((i) => sent[i]);
      const embedded = await this.request(
        positions.map((position) => texts[position]),
        context,
      );
      embedded.forEach((vector, i) => (vectors[positions[i]] = vector));
    }
    return vectors;
  }

  /** One request, retried; vectors back in input order, unit length. */
  private async request(input: string[], context: EmbeddingCallContext): Promise<number[][]> {
    const body: EmbeddingCreateParams = { model: this.apiModel, input, encoding_format: 'float' };
    if (acceptsDimensions(this.apiModel)) body.dimensions = this.model.dimensions;
    const response = await this.withRetries(
      () => this.policy.run((signal) => this.client.embeddings.create(body, { signal }), context.signal),
      context.signal,
    );
    // Each request is billed, including those of a call that fails later on.
    if (response.usage) context.recordUsage?.({ item: EMBEDDINGS_PRICE_ITEM, units: response.usage.total_tokens });
    return this.vectorsOf(response, input.length);
  }

  private async withRetries<T>(call: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await call();
      } catch (error) {
        if (attempt >= this.limits.retries || !worthRetrying(error)) throw error;
        await sleep(retryDelay(error, this.limits.retryBackoffMs * 2 ** attempt), signal);
      }
    }
  }

  private vectorsOf(response: CreateEmbeddingResponse, count: number): number[][] {
    const vectors: number[][] = new Array<number[]>(count);
    for (const item of response.data ?? []) {
      const vector = item.embedding;
      if (!Number.isInteger(item.index) || item.index < 0 || item.index >= count || vectors[item.index]) {
        throw badAnswer(`an embedding with index ${item.index} for ${count} inputs`);
      }
      if (!Array.isArray(vector) || vector.length !== this.model.dimensions) {
        const length = Array.isArray(vector) ? vector.length : typeof vector;
        throw badAnswer(`${length} dimensions where ${this.model.dimensions} were configured`);
      }
      if (!vector.every(Number.isFinite)) throw badAnswer('a vector with a non-finite value');
      vectors[item.index] = normalize(vector);
    }
    const missing = count - Object.keys(vectors).length;
    if (missing > 0) throw badAnswer(`${missing} of ${count} embeddings missing`);
    return vectors;
  }
}

const badAnswer = (detail: string) =>
  new ProviderError('PROVIDER_BAD_ANSWER', `${OPENAI_EMBEDDINGS}: the embeddings answer has ${detail}`, false);

/** Retryable failures, except an open circuit: it fails fast on purpose, retrying defeats it. */
function worthRetrying(error: unknown): boolean {
  return error instanceof ProviderError && error.retryable && !(error.cause instanceof BrokenCircuitError);
}

/** Exponential backoff with jitter, or longer when the server said how long (Retry-After). */
function retryDelay(error: unknown, backoffMs: number): number {
  const jittered = backoffMs * (0.5 + Math.random() / 2);
  return Math.min(MAX_RETRY_WAIT_MS, Math.max(jittered, retryAfterMs(error)));
}

function retryAfterMs(error: unknown): number {
  const cause = error instanceof Error ? error.cause : undefined;
  if (!(cause instanceof APIError) || !cause.headers) return 0;
  const ms = Number(cause.headers.get('retry-after-ms') ?? NaN);
  if (Number.isFinite(ms)) return ms;
  const seconds = Number(cause.headers.get('retry-after') ?? NaN);
  return Number.isFinite(seconds) ? seconds * 1000 : 0;
}

/** An embedder on the official client, its own retries off so the ones above are the only ones. */
export function createOpenAiEmbedder(config: OpenAiEmbedderConfig): OpenAiEmbedder {
  const apiModel = config.model ?? DEFAULT_OPENAI_EMBEDDING_MODEL;
  const model = openAiModelInfo(apiModel, config.dimensions, config.similarity);
  const timeoutMs = config.timeoutMs ?? 30_000;
  const limits: OpenAiEmbedderLimits = {
    maxBatchInputs: config.maxBatchInputs ?? 256,
    maxBatchTokens: config.maxBatchTokens ?? 100_000,
    maxInputTokens: config.maxInputTokens ?? 8_000,
    retries: config.retries ?? 3,
    retryBackoffMs: config.retryBackoffMs ?? 500,
  };
  if (limits.maxBatchInputs < 1 || limits.maxBatchInputs > 2048) {
    throw new Error(`OpenAI embeddings: maxBatchInputs must be 1..2048, not ${limits.maxBatchInputs}`);
  }
  const client = new OpenAI({
    apiKey: config.apiKey,
    // Explicit, so the client never falls back to reading process.env itself.
    baseURL: config.baseUrl ?? DEFAULT_BASE_URL,
    organization: null,
    project: null,
    maxRetries: 0,
    timeout: timeoutMs,
  });
  const policy = new CloudCallPolicy(OPENAI_EMBEDDINGS, openAiErrorClassifier(OPENAI_EMBEDDINGS), {
    ...config.resilience,
    timeoutMs,
    throttleRetries: 0,
  });
  return new OpenAiEmbedder(model, client, policy, apiModel, limits);
}
