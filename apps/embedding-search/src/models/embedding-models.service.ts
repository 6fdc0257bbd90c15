import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DomainError } from '@ams/contracts';
import { Database, activeEmbeddingModel, ensureEmbeddingModel } from '@ams/db';
import {
  createImageEmbedder,
  createLocalLexicalEmbedder,
  createTextEmbedder,
  embeddingEnvShape,
  type EmbeddingEnv,
  type ImageEmbedder,
  type TextEmbedder,
} from '@ams/embeddings';

/** How long the serving model is trusted before it is read again (a reindex switches it). */
const SERVING_MODEL_TTL_MS = 2_000;

/**
 * The embedders this replica can run, by model name: the configured one (new files are embedded
 * with it) and the offline lexical model (always available). Searches use the model the database
 * marks active; a reindex run fills the configured model's rows, then makes it active.
 */
@Injectable()
export class EmbeddingModels implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(EmbeddingModels.name);
  readonly configured: TextEmbedder;
  /** CLIP-style: looks at each file's thumbnail, and embeds queries into the same space (ONNX_IMAGE_MODEL). */
  readonly image: ImageEmbedder | undefined;
  private readonly byName = new Map<string, TextEmbedder>();
  private serving: { name: string; at: number } | null = null;

  constructor(
    private readonly database: Database,
    config: ConfigService,
  ) {
    // The validated settings, read back out of the service's configuration.
    const env = Object.fromEntries(Object.keys(embeddingEnvShape).map((key) => [key, config.get(key)])) as EmbeddingEnv;
    this.configured = createTextEmbedder(env);
    this.byName.set(this.configured.model.name, this.configured);
    this.image = createImageEmbedder(env);
    if (!this.byName.has('local-lexical-v1')) {
      const lexical = createLocalLexicalEmbedder({ lexiconDir: env.LEXICON_DIR });
      this.byName.set(lexical.model.name, lexical);
    }
  }

  async onModuleInit(): Promise<void> {
    await Promise.all([...this.byName.values()].map((embedder) => embedder.warmUp?.()));
    const { model } = this.configured;
    await this.database.service((tx) => ensureEmbeddingModel(tx, model), { timeoutMs: 120_000 });
    const image = this.image?.model;
    if (image) await this.database.service((tx) => ensureEmbeddingModel(tx, image), { timeoutMs: 120_000 });
    this.logger.log(
      { configured: model.name, dimensions: model.dimensions, serving: await this.servingName() },
      'embedding models ready',
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.byName.values(), this.image].map((embedder) => embedder?.close?.()));
  }

  /** The embedder for a model, or undefined when this replica cannot run it. */
  get(name: string): TextEmbedder | undefined {
    return this.byName.get(name);
  }

  /** The model searches use now (embedding_models.is_active), with its embedder. */
  async servingEmbedder(): Promise<TextEmbedder> {
    const name = await this.servingName();
    const embedder = this.byName.get(name);
    if (!embedder) {
      this.logger.error(
        { serving: name, configured: this.configured.model.name },
        'cannot embed queries for the active model',
      );
      throw new DomainError('SERVICE_UNAVAILABLE', 'Search is being reconfigured; try again shortly.');
    }
    return embedder;
  }

  /** Models a new or changed file is embedded with: the configured one and, while a switch is under way, the serving one. */
  async writeEmbedders(): Promise<TextEmbedder[]> {
    const serving = this.byName.get(await this.servingName());
    return serving && serving !== this.configured ? [this.configured, serving] : [this.configured];
  }

  async servingName(): Promise<string> {
    if (this.serving && Date.now() - this.serving.at < SERVING_MODEL_TTL_MS) return this.serving.name;
    const { name } = await this.database.service((tx) => activeEmbeddingModel(tx));
    this.serving = { name, at: Date.now() };
    return name;
  }

  /** Forget the cached serving model (after a reindex switched it). */
  forgetServing(): void {
    this.serving = null;
  }
}
