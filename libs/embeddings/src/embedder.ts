import type { ProviderUsage } from '@ams/providers';

/** A model's identity as recorded on every embedding row (`embedding_models`). */
export interface EmbeddingModelInfo {
  /** `local-lexical-v1`, `text-embedding-3-small`, or a local ONNX model's folder name. */
  name: string;
  dimensions: number;
  /** `local`, `openai`, `onnx`. */
  provider: string;
  /**
   * Cosine similarities this model gives to unrelated and to clearly related texts. Search maps
   * a raw similarity onto 0..1 with them, so one `minScore` means the same for every model.
   */
  similarity: { unrelated: number; related: number };
}

/**
 * One text to embed, made of named fields (summary, labels, text, transcript, tags, filename…).
 * Each field has a weight; a provider that embeds plain strings joins them as `Name: text` lines.
 */
export interface EmbeddingDocument {
  fields: readonly EmbeddingField[];
}

export interface EmbeddingField {
  name: string;
  text: string;
  /** Relative importance within the document; 1 by default. */
  weight?: number;
}

export type EmbeddingInput = string | EmbeddingDocument;

/** Who a call is for and where paid usage goes (local providers report nothing). */
export interface EmbeddingCallContext {
  correlationId?: string;
  signal?: AbortSignal;
  recordUsage?(usage: ProviderUsage): void;
}

/** Turns texts into unit-length vectors of `model.dimensions`; one vector per input, in order. */
export interface TextEmbedder {
  readonly model: EmbeddingModelInfo;
  embed(inputs: readonly EmbeddingInput[], context?: EmbeddingCallContext): Promise<number[][]>;
  /** Load what the model needs (idempotent); embed() calls it lazily too. */
  warmUp?(): Promise<void>;
  close?(): Promise<void>;
}

/** Embeds images into the same space as a text embedder's query vectors (CLIP-style). */
export interface ImageEmbedder {
  readonly model: EmbeddingModelInfo;
  embedImages(paths: readonly string[], context?: EmbeddingCallContext): Promise<number[][]>;
  /** The matching text side: a query embedded here is comparable with embedImages' vectors. */
  embedQuery(texts: readonly string[], context?: EmbeddingCallContext): Promise<number[][]>;
  close?(): Promise<void>;
}

/** The plain-text form of an input: `Name: text` lines for a document, the string itself otherwise. */
export function inputText(input: EmbeddingInput): string {
  if (typeof input === 'string') return input;
  return input.fields
    .filter((field) => field.text.trim().length > 0)
    .map((field) => `${field.name}: ${field.text.trim()}`)
    .join('\n');
}

/** Scale a vector to unit length (a zero vector stays zero). */
export function normalize(vector: number[]): number[] {
  let norm = 0;
  for (const value of vector) norm += value * value;
  norm = Math.sqrt(norm);
  return norm === 0 ? vector : vector.map((value) => value / norm);
}
