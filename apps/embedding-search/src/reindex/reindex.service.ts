import { Injectable } from '@nestjs/common';
import { DomainError, type ReindexRun } from '@ams/contracts';
import {
  Database,
  activateEmbeddingModel,
  claimReindexRun,
  createReindexRun,
  finishReindexRun,
  mediaSearchFacts,
  nextFilesToReindex,
  recordReindexProgress,
  reindexRun,
  storedRowsOf,
  type ReindexRunRow,
} from '@ams/db';
import { PeriodicTask } from '@ams/runtime';
import { ConfigService } from '@nestjs/config';
import { Indexer } from '../indexing/indexer.service';
import { fieldsOfSourceText, fullRow, type RowToIndex } from '../indexing/search-document';
import { EmbeddingModels } from '../models/embedding-models.service';
import { SearchCache } from '../search/search-cache';

/** A run nobody has reported on for this long is taken over by another replica. */
const STALE_MS = 30_000;
/** One tick works this long, then lets shutdown and other replicas in. */
const TICK_BUDGET_MS = 20_000;

/**
 * Re-embeds every analysed file with the configured model, in the background, batch by batch in
 * id order (resumable from the last id), while searches keep the serving model. When every file
 * is done the configured model becomes the serving one in one transaction. Each file's `full`
 * row is rebuilt from what media_files holds now; its moments from their stored texts.
 */
@Injectable()
export class ReindexService extends PeriodicTask {
  protected readonly name = 'reindex';
  protected readonly intervalMs = 2_000;
  private ownRunId: string | null = null;
  private readonly batchSize: number;

  constructor(
    private readonly database: Database,
    private readonly models: EmbeddingModels,
    private readonly indexer: Indexer,
    private readonly cache: SearchCache,
    config: ConfigService,
  ) {
    super();
    this.batchSize = config.getOrThrow<number>('REINDEX_BATCH_SIZE');
  }

  async start(requestedBy: string): Promise<ReindexRun> {
    const previousModel = await this.models.servingName();
    const run = await this.database.service((tx) =>
      createReindexRun(tx, { model: this.models.configured.model.name, previousModel, requestedBy }),
    );
    if (!run) throw new DomainError('REINDEX_RUNNING', 'A reindex is already running; follow its progress instead.');
    this.ownRunId = run.id;
    void this.tick();
    return this.view(run);
  }

  async status(runId?: string): Promise<ReindexRun | null> {
    const run = await this.database.service((tx) => reindexRun(tx, runId));
    return run ? this.view(run) : null;
  }

  protected async runOnce(): Promise<Record<string, unknown>> {
    const run = await this.database.service((tx) => claimReindexRun(tx, STALE_MS, this.ownRunId));
    if (!run) return { files: 0 };
    this.ownRunId = run.id;
    const embedder = this.models.get(run.model);
    if (!embedder) {
      // Another replica started it with a model this one cannot run: leave it to that one.
      return { files: 0 };
    }
    const deadline = Date.now() + TICK_BUDGET_MS;
    let after = run.lastMediaFileId;
    let files = 0;
    while (Date.now() < deadline) {
      const ids = await this.database.service((tx) => nextFilesToReindex(tx, after, this.batchSize));
      if (ids.length === 0) {
        await this.database.service(async (tx) => {
          await activateEmbeddingModel(tx, run.model);
          await finishReindexRun(tx, run.id, 'completed', null);
        });
        this.models.forgetServing();
        this.ownRunId = null;
        return { files, completed: run.id };
      }
      let done = 0;
      let failed = 0;
      for (const id of ids) {
        try {
          await this.reembed(id, run);
          done += 1;
        } catch {
          failed += 1;
        }
      }
      after = ids.at(-1)!;
      files += ids.length;
      await this.database.service((tx) => recordReindexProgress(tx, run.id, { lastMediaFileId: after!, done, failed }));
    }
    return { files };
  }

  private async reembed(mediaId: string, run: ReindexRunRow): Promise<void> {
    const [facts] = await this.database.service((tx) => mediaSearchFacts(tx, [mediaId]));
    if (!facts || facts.deleted) return;
    const stored = await this.database.service((tx) => storedRowsOf(tx, mediaId, run.previousModel));
    const moments: RowToIndex[] = stored
      .filter((row) => row.segmentType !== 'full')
      .map((row) => ({
        fields: fieldsOfSourceText(row.sourceText),
        segmentType: row.segmentType,
        startTimeSeconds: row.startTimeSeconds,
        endTimeSeconds: row.endTimeSeconds,
        sourceQuality: row.sourceQuality ?? 'medium',
      }));
    await this.indexer.embedAndStore(facts, [fullRow(facts), ...moments], this.models.get(run.model)!);
    await this.cache.libraryChanged(facts.userId);
  }

  private async view(run: ReindexRunRow): Promise<ReindexRun> {
    return {
      id: run.id,
      model: run.model,
      status: run.status,
      total: run.total,
      done: run.done,
      failed: run.failed,
      servingModel: await this.models.servingName(),
      startedAt: run.startedAt.toISOString(),
      completedAt: run.completedAt?.toISOString() ?? null,
      error: run.error,
    };
  }
}
