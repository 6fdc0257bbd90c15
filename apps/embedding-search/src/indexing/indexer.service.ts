import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ExponentialBackoff, handleWhen, retry } from 'cockatiel';
import { SEARCH_INDEX_FAILED_V1, SEARCH_INDEXED_V1, type AnalysisResult } from '@ams/contracts';
import {
  Database,
  embeddingJobId,
  mediaSearchFacts,
  replaceMediaEmbeddings,
  type IndexedRow,
  type MediaSearchFacts,
} from '@ams/db';
import type { TextEmbedder } from '@ams/embeddings';
import { isRetryable } from '@ams/providers';
import { Outbox } from '@ams/messaging';
import { STORAGE, type StorageProvider } from '@ams/storage';
import { EmbeddingCosts, EmbeddingMeter } from '../costs/embedding-costs';
import { EmbeddingModels } from '../models/embedding-models.service';
import { SearchCache } from '../search/search-cache';
import {
  embeddingDocument,
  fullRow,
  segmentRows,
  sourceTextOf,
  weightedDocument,
  withAnalysis,
  type RowToIndex,
} from './search-document';

/** A provider that keeps failing after its own retries gets a few more, spaced out, before the file is given up. */
const embedRetry = retry(handleWhen(isRetryable), {
  maxAttempts: 3,
  backoff: new ExponentialBackoff({ initialDelay: 1_000, maxDelay: 15_000 }),
});

/**
 * Turns what is known about a file into its embedding rows: one `full` row and, for videos, its
 * moments. Embedding happens outside any transaction; the rows of each model are then replaced
 * in one short transaction with the `search.indexed` event, so a redelivered event rewrites the
 * same rows instead of adding more.
 */
@Injectable()
export class Indexer {
  private readonly logger = new Logger(Indexer.name);

  constructor(
    private readonly database: Database,
    private readonly models: EmbeddingModels,
    private readonly outbox: Outbox,
    private readonly cache: SearchCache,
    @Inject(STORAGE) private readonly storage: StorageProvider,
    private readonly costs: EmbeddingCosts,
  ) {}

  /** After analysis: everything the file holds, moments included. */
  async indexAnalysed(mediaId: string, result: AnalysisResult): Promise<void> {
    const facts = await this.facts(mediaId);
    if (!facts) return;
    const rows = [fullRow(withAnalysis(facts, result)), ...segmentRows(result.segments)];
    await this.write(facts, rows, undefined);
    await this.embedLook(facts);
  }

  /**
   * With an image embedder (CLIP), one `visual` row of the image model from the file's thumbnail
   * (a video's representative frame): found by what it looks like, not only by what analysis
   * named. Best effort: the file is already searchable by its words.
   */
  private async embedLook(facts: MediaSearchFacts): Promise<void> {
    const embedder = this.models.image;
    if (!embedder || !facts.thumbnailKey) return;
    const dir = await mkdtemp(join(tmpdir(), 'ams-look-'));
    try {
      const path = join(dir, 'thumbnail');
      await this.storage.download(facts.thumbnailKey, path);
      const [vector] = await embedRetry.execute(() => embedder.embedImages([path]));
      const look: IndexedRow = {
        vector: vector!,
        sourceText: `Image: ${facts.filename}`,
        document: { a: '', b: '', c: '', d: '' },
        segmentType: 'visual',
        startTimeSeconds: null,
        endTimeSeconds: null,
        confidenceScore: null,
        sourceQuality: 'medium',
      };
      await this.database.service((tx) =>
        replaceMediaEmbeddings(tx, { mediaFileId: facts.mediaId, userId: facts.userId, model: embedder.model }, [look]),
      );
      await this.cache.libraryChanged(facts.userId);
    } catch (error) {
      this.logger.warn(
        { mediaId: facts.mediaId, err: error },
        'image embedding failed; the file is searchable by its words',
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** After the user edited tags or metadata: only the `full` row holds them. */
  async refreshFullRow(mediaId: string): Promise<void> {
    const facts = await this.facts(mediaId);
    if (!facts || facts.status !== 'completed') return; // not analysed yet: analysis.completed will index it
    await this.write(facts, [fullRow(facts)], ['full']);
  }

  /** Embed `rows` with `embedder` and replace the file's rows of that model (reindex runs use this too). */
  async embedAndStore(
    facts: MediaSearchFacts,
    rows: readonly RowToIndex[],
    embedder: TextEmbedder,
    onlySegmentTypes?: readonly IndexedRow['segmentType'][],
  ): Promise<number> {
    const { meter, indexed } = await embedRows(embedder, rows);
    return this.database.service(async (tx) => {
      const written = await replaceMediaEmbeddings(
        tx,
        { mediaFileId: facts.mediaId, userId: facts.userId, model: embedder.model },
        indexed,
        onlySegmentTypes,
      );
      await this.costs.record(tx, { userId: facts.userId, mediaId: facts.mediaId, jobId: null }, meter);
      return written;
    });
  }

  private async write(
    facts: MediaSearchFacts,
    rows: RowToIndex[],
    onlySegmentTypes: IndexedRow['segmentType'][] | undefined,
  ): Promise<void> {
    const { mediaId, userId } = facts;
    try {
      const embedders = await this.models.writeEmbedders();
      const embedded = await Promise.all(
        embedders.map(async (embedder) => ({ embedder, ...(await embedRows(embedder, rows)) })),
      );
      const written = await this.database.service(async (tx) => {
        let count = 0;
        for (const { embedder, indexed } of embedded) {
          count = await replaceMediaEmbeddings(
            tx,
            { mediaFileId: mediaId, userId, model: embedder.model },
            indexed,
            onlySegmentTypes,
          );
        }
        if (count > 0) {
          await this.outbox.add(tx, SEARCH_INDEXED_V1, {
            userId,
            mediaId,
            model: embedders[0]!.model.name,
            embeddings: count,
            indexedAt: new Date().toISOString(),
          });
          const jobId = await embeddingJobId(tx, mediaId);
          for (const { meter } of embedded) await this.costs.record(tx, { userId, mediaId, jobId }, meter);
        }
        return count;
      });
      await this.cache.libraryChanged(userId);
      this.logger.log({ mediaId, rows: written, models: embedders.map((e) => e.model.name) }, 'file indexed');
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'INDEXING_FAILED';
      this.logger.error({ mediaId, err: error }, 'file could not be indexed');
      await this.database.service((tx) =>
        this.outbox.add(tx, SEARCH_INDEX_FAILED_V1, {
          userId,
          mediaId,
          failedAt: new Date().toISOString(),
          errorCode: code,
          message:
            'The file was analysed but could not be made searchable; it will be retried when the file is processed again.',
        }),
      );
    }
  }

  private async facts(mediaId: string): Promise<MediaSearchFacts | null> {
    const [facts] = await this.database.service((tx) => mediaSearchFacts(tx, [mediaId]));
    if (!facts || facts.deleted) {
      this.logger.log({ mediaId }, 'file gone before it was indexed; skipped');
      return null;
    }
    return facts;
  }
}

/** Embed `rows` with `embedder` (outside any transaction), metering what a paid provider charges. */
async function embedRows(embedder: TextEmbedder, rows: readonly RowToIndex[]) {
  const meter = new EmbeddingMeter(embedder.model.provider);
  const vectors = await embedRetry.execute(() => embedder.embed(rows.map(embeddingDocument), meter.context));
  return { meter, indexed: rows.map((row, index) => toIndexedRow(row, vectors[index]!)) };
}

export function toIndexedRow(row: RowToIndex, vector: number[]): IndexedRow {
  return {
    vector,
    sourceText: sourceTextOf(row.fields),
    document: weightedDocument(row.fields),
    segmentType: row.segmentType,
    startTimeSeconds: row.startTimeSeconds,
    endTimeSeconds: row.endTimeSeconds,
    confidenceScore: null,
    sourceQuality: row.sourceQuality,
  };
}
