import type { Tx } from '../database';

export interface ReindexRunRow {
  id: string;
  model: string;
  previousModel: string;
  status: 'running' | 'completed' | 'failed';
  total: number;
  done: number;
  failed: number;
  lastMediaFileId: string | null;
  error: string | null;
  startedAt: Date;
  completedAt: Date | null;
}

type Raw = {
  id: string;
  model: string;
  previous_model: string;
  status: ReindexRunRow['status'];
  total: number;
  done: number;
  failed: number;
  last_media_file_id: string | null;
  error: string | null;
  started_at: Date;
  completed_at: Date | null;
};

const toRun = (row: Raw): ReindexRunRow => ({
  id: row.id,
  model: row.model,
  previousModel: row.previous_model,
  status: row.status,
  total: row.total,
  done: row.done,
  failed: row.failed,
  lastMediaFileId: row.last_media_file_id,
  error: row.error,
  startedAt: row.started_at,
  completedAt: row.completed_at,
});

// Every function here is service path: a reindex spans all users.

/** Start a run over every analysed file; null when one is already running (one at a time, by index). */
export async function createReindexRun(
  tx: Tx,
  run: { model: string; previousModel: string; requestedBy: string | null },
): Promise<ReindexRunRow | null> {
  const rows = await tx.$queryRaw<Raw[]>`
    INSERT INTO reindex_runs (model, previous_model, requested_by, total)
    SELECT ${run.model}, ${run.previousModel}, ${run.requestedBy}::uuid, count(*)::int
      FROM media_files WHERE status = 'completed' AND deleted_at IS NULL
    ON CONFLICT DO NOTHING
    RETURNING *`;
  return rows[0] ? toRun(rows[0]) : null;
}

/**
 * Take the running run if nobody has reported on it for `staleMs` (its replica died) or it is
 * already ours: the heartbeat is the lease. Null when there is nothing for this replica to do.
 */
export async function claimReindexRun(tx: Tx, staleMs: number, ownRunId: string | null): Promise<ReindexRunRow | null> {
  const rows = await tx.$queryRaw<Raw[]>`
    UPDATE reindex_runs SET heartbeat_at = now()
     WHERE status = 'running'
       AND (id = ${ownRunId}::uuid OR heartbeat_at < now() - make_interval(secs => ${staleMs / 1000}))
    RETURNING *`;
  return rows[0] ? toRun(rows[0]) : null;
}

/** The next analysed files after `afterId`, in id order (a run's keyset). */
export async function nextFilesToReindex(tx: Tx, afterId: string | null, limit: number): Promise<string[]> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM media_files
     WHERE status = 'completed' AND deleted_at IS NULL AND (${afterId}::uuid IS NULL OR id > ${afterId}::uuid)
     ORDER BY id LIMIT ${limit}`;
  return rows.map((row) => row.id);
}

export async function recordReindexProgress(
  tx: Tx,
  runId: string,
  progress: { lastMediaFileId: string; done: number; failed: number },
): Promise<void> {
  await tx.$executeRaw`
    UPDATE reindex_runs SET last_media_file_id = ${progress.lastMediaFileId}::uuid, done = done + ${progress.done},
           failed = failed + ${progress.failed}, total = GREATEST(total, done + ${progress.done} + failed + ${progress.failed}),
           heartbeat_at = now()
     WHERE id = ${runId}::uuid AND status = 'running'`;
}

export async function finishReindexRun(tx: Tx, runId: string, status: 'completed' | 'failed', error: string | null) {
  await tx.$executeRaw`
    UPDATE reindex_runs SET status = ${status}, error = ${error}, completed_at = now(), heartbeat_at = now()
     WHERE id = ${runId}::uuid AND status = 'running'`;
}

/** One run by id, or the latest one. */
export async function reindexRun(tx: Tx, runId?: string): Promise<ReindexRunRow | null> {
  const rows = await tx.$queryRaw<Raw[]>`
    SELECT * FROM reindex_runs WHERE (${runId ?? null}::uuid IS NULL OR id = ${runId ?? null}::uuid)
     ORDER BY started_at DESC LIMIT 1`;
  return rows[0] ? toRun(rows[0]) : null;
}
