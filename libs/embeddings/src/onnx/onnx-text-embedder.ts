import type { FeatureExtractionPipeline } from '@huggingface/transformers';
import {
  inputText,
  normalize,
  type EmbeddingCallContext,
  type EmbeddingInput,
  type EmbeddingModelInfo,
  type TextEmbedder,
} from '../embedder';
import { configNumber, locateModel, type LocatedModel, type ModelLayout } from './model-files';
import { assertIndexableDimensions, safeModelName } from './model-name';
import { rowsOf } from './tensor-rows';
import { loadTransformers, OFFLINE } from './transformers-runtime';

export const ONNX_EMBEDDINGS = 'onnx';

/**
 * Suits mean-pooled sentence-transformers models such as all-MiniLM-L6-v2, whose unrelated
 * sentences mostly score under ~0.2 and paraphrases over ~0.5; override it for other models.
 */
export const ONNX_TEXT_SIMILARITY = { unrelated: 0.15, related: 0.55 } as const;

const TEXT_LAYOUT: ModelLayout = {
  files: ['config.json', 'tokenizer.json', 'tokenizer_config.json'],
  weights: ['model'],
};

/** Config keys that hold the output width, across BERT-, DistilBERT- and GPT-style configs. */
const WIDTH_KEYS = ['hidden_size', 'd_model', 'dim', 'n_embd'];

export interface OnnxTextEmbedderConfig {
  /** Where models live (MODELS_DIR). */
  modelsDir: string;
  /** The model's folder under modelsDir, e.g. `Xenova/all-MiniLM-L6-v2`. */
  modelId: string;
  /** Row name; derived from the id by default (lower case, at most 50 characters). */
  name?: string;
  /** Output width when config.json does not say it (hidden_size and the like). */
  dimensions?: number;
  /** Texts per model run; 32 by default (every text in a run is padded to the longest). */
  batchSize?: number;
  /** Load onnx/model_quantized.onnx even when onnx/model.onnx is there too. */
  preferQuantized?: boolean;
  similarity?: EmbeddingModelInfo['similarity'];
}

/** Mean-pooled, normalized embeddings from a local ONNX model, run by transformers.js on the CPU. */
export class OnnxTextEmbedder implements TextEmbedder {
  readonly model: EmbeddingModelInfo;
  private readonly located: LocatedModel;
  private readonly batchSize: number;
  private extractor?: Promise<FeatureExtractionPipeline>;

  constructor(private readonly config: OnnxTextEmbedderConfig) {
    this.located = locateModel(config.modelsDir, config.modelId, TEXT_LAYOUT, config.preferQuantized);
    const dimensions = config.dimensions ?? configNumber(this.located.config, WIDTH_KEYS);
    if (dimensions === undefined) {
      throw new Error(
        `ONNX model "${config.modelId}": config.json has none of ${WIDTH_KEYS.join(', ')}; set the dimensions`,
      );
    }
    assertIndexableDimensions(dimensions, `ONNX model "${config.modelId}"`);
    this.batchSize = Math.max(1, config.batchSize ?? 32);
    this.model = {
      name: config.name ?? safeModelName(config.modelId),
      dimensions,
      provider: ONNX_EMBEDDINGS,
      similarity: config.similarity ?? ONNX_TEXT_SIMILARITY,
    };
  }

  async warmUp(): Promise<void> {
    await this.load();
  }

  async embed(inputs: readonly EmbeddingInput[], context: EmbeddingCallContext = {}): Promise<number[][]> {
    const texts = inputs.map((input) => inputText(input).trim());
    const vectors: number[][] = texts.map(() => new Array<number>(this.model.dimensions).fill(0));
    // Like lengths share a run so little is padding; an input with no text keeps a zero vector.
    const order = texts
      .flatMap((text, index) => (text ? [index] : []))
      .sort((a, b) => texts[a].length - texts[b].length);
    if (order.length === 0) return vectors;
    const extractor = await this.load();
    for (let start = 0; start < order.length; start += this.batchSize) {
      context.signal?.throwIfAborted();
      const positions = order.slice(start, start + this.batchSize);
      const output = await extractor(
        positions.map((position) => texts[position]),
        { pooling: 'mean', normalize: false },
      );
      const rows = rowsOf(output, positions.length, this.model.dimensions, `ONNX model "${this.config.modelId}"`);
      rows.forEach((row, i) => (vectors[positions[i]] = normalize(row)));
    }
    return vectors;
  }

  async close(): Promise<void> {
    const extractor = this.extractor;
    this.extractor = undefined;
    await extractor?.then((loaded) => loaded.dispose()).catch(() => undefined);
  }

  private load(): Promise<FeatureExtractionPipeline> {
    this.extractor ??= this.open().catch((error: unknown) => {
      // A later call tries again: the files may have been fixed meanwhile.
      this.extractor = undefined;
      throw error;
    });
    return this.extractor;
  }

  private async open(): Promise<FeatureExtractionPipeline> {
    const { pipeline } = await loadTransformers(this.config.modelsDir);
    return pipeline('feature-extraction', this.located.dir, { ...OFFLINE, dtype: this.located.dtype });
  }
}

export function createOnnxTextEmbedder(config: OnnxTextEmbedderConfig): OnnxTextEmbedder {
  return new OnnxTextEmbedder(config);
}
