import { readFile } from 'node:fs/promises';
import type { PreTrainedModel, PreTrainedTokenizer, Processor, RawImage, Tensor } from '@huggingface/transformers';
import { unreadableMedia } from '@ams/providers';
import { normalize, type EmbeddingCallContext, type EmbeddingModelInfo, type ImageEmbedder } from '../embedder';
import { configNumber, locateModel, type LocatedModel, type ModelLayout } from './model-files';
import { assertIndexableDimensions, safeModelName } from './model-name';
import { rowsOf } from './tensor-rows';
import { loadTransformers, OFFLINE } from './transformers-runtime';
import { ONNX_EMBEDDINGS } from './onnx-text-embedder';

/**
 * Text-to-image cosine scores of CLIP are low: a matching caption scores about 0.3 (ViT-B/32),
 * which is why CLIPScore (Hessel et al., 2021) rescales them by 2.5; unrelated pairs score ~0.1..0.2.
 */
export const CLIP_SIMILARITY = { unrelated: 0.15, related: 0.3 } as const;

const CLIP_LAYOUT: ModelLayout = {
  files: ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'preprocessor_config.json'],
  weights: ['text_model', 'vision_model'],
};

export interface OnnxClipEmbedderConfig {
  modelsDir: string;
  /** The model's folder under modelsDir, e.g. `Xenova/clip-vit-base-patch32`. */
  modelId: string;
  name?: string;
  /** Images (or queries) per model run; 8 by default. */
  batchSize?: number;
  preferQuantized?: boolean;
  similarity?: EmbeddingModelInfo['similarity'];
}

interface TextSide {
  tokenizer: PreTrainedTokenizer;
  model: PreTrainedModel;
}

interface VisionSide {
  processor: Processor;
  model: PreTrainedModel;
  RawImage: typeof RawImage;
}

/**
 * CLIP from a local directory: images through the vision tower, queries through the text tower,
 * both projected into one space. Each tower loads on first use, so a search service that only
 * embeds queries never holds the (larger) vision weights.
 */
export class OnnxClipEmbedder implements ImageEmbedder {
  readonly model: EmbeddingModelInfo;
  private readonly located: LocatedModel;
  private readonly batchSize: number;
  private text?: Promise<TextSide>;
  private vision?: Promise<VisionSide>;

  constructor(private readonly config: OnnxClipEmbedderConfig) {
    this.located = locateModel(config.modelsDir, config.modelId, CLIP_LAYOUT, config.preferQuantized);
    const dimensions = configNumber(this.located.config, ['projection_dim']);
    if (dimensions === undefined) throw new Error(`CLIP model "${config.modelId}": config.json has no projection_dim`);
    assertIndexableDimensions(dimensions, `CLIP model "${config.modelId}"`);
    this.batchSize = Math.max(1, config.batchSize ?? 8);
    this.model = {
      name: config.name ?? safeModelName(config.modelId),
      dimensions,
      provider: ONNX_EMBEDDINGS,
      similarity: config.similarity ?? CLIP_SIMILARITY,
    };
  }

  async embedImages(paths: readonly string[], context: EmbeddingCallContext = {}): Promise<number[][]> {
    if (paths.length === 0) return [];
    const { processor, model, RawImage } = await this.loadVision();
    return this.inBatches(paths, context, async (batch) => {
      const images = await Promise.all(batch.map((path) => readImage(RawImage, path)));
      const inputs = (await processor(images)) as Record<string, Tensor>;
      return ((await model(inputs)) as { image_embeds: Tensor }).image_embeds;
    });
  }

  async embedQuery(texts: readonly string[], context: EmbeddingCallContext = {}): Promise<number[][]> {
    if (texts.length === 0) return [];
    const { tokenizer, model } = await this.loadText();
    return this.inBatches(texts, context, async (batch) => {
      const inputs = tokenizer(batch, { padding: true, truncation: true }) as Record<string, Tensor>;
      return ((await model(inputs)) as { text_embeds: Tensor }).text_embeds;
    });
  }

  async close(): Promise<void> {
    const sides = [this.text, this.vision];
    this.text = undefined;
    this.vision = undefined;
    await Promise.all(sides.map((side) => side?.then((loaded) => loaded.model.dispose()).catch(() => undefined)));
  }

  private async inBatches<T>(
    items: readonly T[],
    context: EmbeddingCallContext,
    run: (batch: T[]) => Promise<Tensor>,
  ): Promise<number[][]> {
    const vectors: number[][] = [];
    for (let start = 0; start < items.length; start += this.batchSize) {
      context.signal?.throwIfAborted();
      const batch = items.slice(start, start + this.batchSize);
      const rows = rowsOf(await run(batch), batch.length, this.model.dimensions, `CLIP model "${this.config.modelId}"`);
      vectors.push(...rows.map(normalize));
    }
    return vectors;
  }

  private loadText(): Promise<TextSide> {
    this.text ??= this.openText().catch((error: unknown) => {
      this.text = undefined;
      throw error;
    });
    return this.text;
  }

  private loadVision(): Promise<VisionSide> {
    this.vision ??= this.openVision().catch((error: unknown) => {
      this.vision = undefined;
      throw error;
    });
    return this.vision;
  }

  private async openText(): Promise<TextSide> {
    const { AutoTokenizer, CLIPTextModelWithProjection } = await loadTransformers(this.config.modelsDir);
    const { dir, dtype } = this.located;
    const [tokenizer, model] = await Promise.all([
      AutoTokenizer.from_pretrained(dir, { local_files_only: true }),
      CLIPTextModelWithProjection.from_pretrained(dir, { ...OFFLINE, dtype }),
    ]);
    return { tokenizer, model };
  }

  private async openVision(): Promise<VisionSide> {
    const transformers = await loadTransformers(this.config.modelsDir);
    const { dir, dtype } = this.located;
    const [processor, model] = await Promise.all([
      transformers.AutoProcessor.from_pretrained(dir, { local_files_only: true }),
      transformers.CLIPVisionModelWithProjection.from_pretrained(dir, { ...OFFLINE, dtype }),
    ]);
    return { processor, model, RawImage: transformers.RawImage };
  }
}

/** A missing file fails as itself (storage may recover); bytes no decoder reads are unreadable media. */
async function readImage(rawImage: typeof RawImage, path: string): Promise<RawImage> {
  const bytes = await readFile(path);
  try {
    return await rawImage.fromBlob(new Blob([bytes]));
  } catch (error) {
    throw unreadableMedia(`${path}: not a decodable image (${(error as Error).message})`, error);
  }
}

export function createOnnxClipEmbedder(config: OnnxClipEmbedderConfig): OnnxClipEmbedder {
  return new OnnxClipEmbedder(config);
}
