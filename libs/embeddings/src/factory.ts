import { resolve } from 'node:path';
import { z } from 'zod';
import { providersEnvShape } from '@ams/providers';
import type { ImageEmbedder, TextEmbedder } from './embedder';
import { createLocalLexicalEmbedder } from './local';
import { createOnnxClipEmbedder, createOnnxTextEmbedder, MAX_EMBEDDING_DIMENSIONS } from './onnx';
import {
  createOpenAiEmbedder,
  DEFAULT_OPENAI_EMBEDDING_MODEL,
  openAiModelInfo,
  type OpenAiEmbedderConfig,
} from './openai';

/** Texts per ONNX run on the CPU: every text in a run is padded to the longest, so runs stay small. */
const ONNX_MAX_BATCH = 32;

/** Which embedder a service runs, as a plain shape for apps to spread into their env schema. */
export const embeddingEnvShape = {
  /** `local`: offline lexical model; `openai`: the Embeddings API or a compatible server; `onnx`: a model in MODELS_DIR. */
  EMBEDDING_PROVIDER: z.enum(['local', 'openai', 'onnx']).default('local'),
  // The same schemas as the providers' (the OpenAI summarizer): one key and one endpoint serve both,
  // and a service spreading both shapes gets one definition of each.
  OPENAI_API_KEY: providersEnvShape.OPENAI_API_KEY,
  /** Any server speaking the Embeddings (and Chat Completions) API; OpenAI's own by default. */
  OPENAI_BASE_URL: providersEnvShape.OPENAI_BASE_URL,
  OPENAI_EMBEDDING_MODEL: z.string().min(1).default(DEFAULT_OPENAI_EMBEDDING_MODEL),
  /** text-embedding-3 models shorten their vectors to this; other models must return exactly this many. */
  OPENAI_EMBEDDING_DIMENSIONS: z.coerce.number().int().min(1).max(MAX_EMBEDDING_DIMENSIONS).default(1536),
  /** Inputs per OpenAI request; ONNX runs take at most 32 of them at a time. */
  EMBEDDING_BATCH_SIZE: z.coerce.number().int().min(1).max(2048).default(256),
  /** Local model weights, in the transformers.js layout: `<MODELS_DIR>/<model id>/onnx/model.onnx`… */
  MODELS_DIR: z.string().min(1).default('.data/models'),
  /** A sentence-embedding model's folder under MODELS_DIR, e.g. `Xenova/all-MiniLM-L6-v2`. */
  ONNX_TEXT_MODEL: z.string().min(1).optional(),
  /** A CLIP model's folder under MODELS_DIR, e.g. `Xenova/clip-vit-base-patch32`; unset, no image embeddings. */
  ONNX_IMAGE_MODEL: z.string().min(1).optional(),
  /** Where the local lexical model keeps its built lexicon; its own default when unset. */
  LEXICON_DIR: z.string().min(1).optional(),
  /** Per OpenAI request; the providers' setting, shared. */
  PROVIDER_TIMEOUT_MS: providersEnvShape.PROVIDER_TIMEOUT_MS,
};

export type EmbeddingEnv = z.infer<z.ZodObject<typeof embeddingEnvShape>>;

/** Cross-field rules: each provider's required settings, and a model/dimension pair OpenAI accepts. */
export function refineEmbeddingEnv(env: EmbeddingEnv, ctx: z.RefinementCtx): void {
  if (env.EMBEDDING_PROVIDER === 'openai') {
    if (!env.OPENAI_API_KEY) {
      ctx.addIssue({ code: 'custom', path: ['OPENAI_API_KEY'], message: 'is required when EMBEDDING_PROVIDER=openai' });
    }
    // Zod still refines after the dimension's own range check failed; that one issue is enough.
    if (env.OPENAI_EMBEDDING_DIMENSIONS <= MAX_EMBEDDING_DIMENSIONS) {
      try {
        openAiModelInfo(env.OPENAI_EMBEDDING_MODEL, env.OPENAI_EMBEDDING_DIMENSIONS);
      } catch (error) {
        ctx.addIssue({ code: 'custom', path: ['OPENAI_EMBEDDING_DIMENSIONS'], message: (error as Error).message });
      }
    }
  }
  if (env.EMBEDDING_PROVIDER === 'onnx' && !env.ONNX_TEXT_MODEL) {
    ctx.addIssue({ code: 'custom', path: ['ONNX_TEXT_MODEL'], message: 'is required when EMBEDDING_PROVIDER=onnx' });
  }
}

/** The OpenAI embedder's settings from the parsed environment. */
export function openAiEmbeddingConfig(env: EmbeddingEnv): OpenAiEmbedderConfig {
  if (!env.OPENAI_API_KEY) throw new Error('OPENAI_API_KEY is required for OpenAI embeddings');
  return {
    apiKey: env.OPENAI_API_KEY,
    baseUrl: env.OPENAI_BASE_URL,
    model: env.OPENAI_EMBEDDING_MODEL,
    dimensions: env.OPENAI_EMBEDDING_DIMENSIONS,
    maxBatchInputs: env.EMBEDDING_BATCH_SIZE,
    timeoutMs: env.PROVIDER_TIMEOUT_MS,
  };
}

/** The configured text embedder; ONNX and OpenAI check their settings (and model files) here, loading lazily. */
export function createTextEmbedder(env: EmbeddingEnv): TextEmbedder {
  switch (env.EMBEDDING_PROVIDER) {
    case 'local':
      return createLocalLexicalEmbedder({ lexiconDir: env.LEXICON_DIR });
    case 'openai':
      return createOpenAiEmbedder(openAiEmbeddingConfig(env));
    case 'onnx':
      if (!env.ONNX_TEXT_MODEL) throw new Error('ONNX_TEXT_MODEL is required when EMBEDDING_PROVIDER=onnx');
      return createOnnxTextEmbedder({
        modelsDir: resolve(env.MODELS_DIR),
        modelId: env.ONNX_TEXT_MODEL,
        batchSize: Math.min(env.EMBEDDING_BATCH_SIZE, ONNX_MAX_BATCH),
      });
  }
}

/** The CLIP image embedder when ONNX_IMAGE_MODEL names one; image search is off otherwise. */
export function createImageEmbedder(env: EmbeddingEnv): ImageEmbedder | undefined {
  if (!env.ONNX_IMAGE_MODEL) return undefined;
  return createOnnxClipEmbedder({ modelsDir: resolve(env.MODELS_DIR), modelId: env.ONNX_IMAGE_MODEL });
}
