import { assertIndexableDimensions, safeModelName } from '../onnx/model-name';
import type { EmbeddingModelInfo } from '../embedder';

export const OPENAI_EMBEDDINGS = 'openai';
export const DEFAULT_OPENAI_EMBEDDING_MODEL = 'text-embedding-3-small';

/** Full-length vectors of OpenAI's own embedding models. */
const NATIVE_DIMENSIONS: Readonly<Record<string, number>> = {
  'text-embedding-3-small': 1536,
  'text-embedding-3-large': 3072,
  'text-embedding-ada-002': 1536,
};

/**
 * Calibration for text-embedding-3-small (and the default for any other model). OpenAI publishes
 * none. Unlike ada-002, whose scores bunch in 0.7..1, the v3 models spread them: users on OpenAI's
 * developer forum report unrelated texts around 0.0..0.2 and clearly related ones around 0.4..0.7.
 * 0.1 and 0.5 sit inside those ranges; tune them with labelled pairs from real media.
 */
export const OPENAI_SIMILARITY = { unrelated: 0.1, related: 0.5 } as const;

/** Only the text-embedding-3 family accepts `dimensions` (it shortens the vector, Matryoshka-style). */
export function acceptsDimensions(model: string): boolean {
  return model.startsWith('text-embedding-3');
}

/**
 * The row identity of an OpenAI (or OpenAI-compatible) model. A shortened text-embedding-3 vector
 * is another space than the full one, so it gets its own name (`text-embedding-3-large-1024`).
 */
export function openAiModelInfo(
  model: string,
  dimensions: number | undefined,
  similarity: EmbeddingModelInfo['similarity'] = OPENAI_SIMILARITY,
): EmbeddingModelInfo {
  const native = NATIVE_DIMENSIONS[model];
  const size = dimensions ?? native;
  if (size === undefined) {
    throw new Error(`OpenAI embeddings: set the dimensions of "${model}" (its vector length is not known here)`);
  }
  assertIndexableDimensions(size, `OpenAI embeddings model "${model}"`);
  if (native !== undefined && size !== native && !acceptsDimensions(model)) {
    throw new Error(`OpenAI embeddings: "${model}" always returns ${native} dimensions, not ${size}`);
  }
  if (native !== undefined && size > native) {
    throw new Error(`OpenAI embeddings: "${model}" returns at most ${native} dimensions, not ${size}`);
  }
  const shortened = native !== undefined && size !== native;
  return {
    name: safeModelName(shortened ? `${model}-${size}` : model),
    dimensions: size,
    provider: OPENAI_EMBEDDINGS,
    similarity,
  };
}
