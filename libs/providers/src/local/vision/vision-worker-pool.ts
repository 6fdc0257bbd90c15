import { join } from 'node:path';
import { Piscina } from 'piscina';
import { providerUnavailable, unreadableMedia } from '../../errors';
import type { VisionTask, VisionTaskResult } from './vision-task';

export const PROVIDER = 'local';

// Under ts (jest, `node -r @swc-node/register`) the worker is the .ts source and each thread
// registers the same transpiler; a compiled build runs the .js beside this file.
const RUNS_FROM_SOURCE = __filename.endsWith('.ts');
const WORKER_FILE = join(__dirname, RUNS_FROM_SOURCE ? 'vision.worker.ts' : 'vision.worker.js');
const WORKER_EXEC_ARGV = RUNS_FROM_SOURCE ? ['-r', '@swc-node/register'] : undefined;

type Success = Extract<VisionTaskResult, { ok: true }>;

/** A fixed number of worker threads, started on first use, each holding its own models. */
export class VisionWorkerPool {
  private pool?: Piscina<VisionTask, VisionTaskResult>;
  private closed = false;

  constructor(private readonly threads: number) {}

  /** Runs a task; a worker that dies mid-task (crash, out of memory) is a retryable failure. */
  async run(task: VisionTask, signal?: AbortSignal): Promise<Success> {
    if (this.closed) throw providerUnavailable(PROVIDER, 'vision workers are closed');
    let result: VisionTaskResult;
    try {
      result = await this.workers().run(task, { signal });
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      throw providerUnavailable(PROVIDER, `vision worker stopped: ${(error as Error).message}`, error);
    }
    if (result.ok) return result;
    if (result.code === 'MEDIA_UNREADABLE') throw unreadableMedia(result.message);
    throw providerUnavailable(PROVIDER, result.message);
  }

  /** Loads every model in every thread (one long task per thread, so each thread takes one). */
  async warmUp(): Promise<Success['timings'][]> {
    const runs = Array.from({ length: this.threads }, () => this.run({ kind: 'warm-up' }));
    return (await Promise.all(runs)).map((result) => result.timings);
  }

  async close(): Promise<void> {
    this.closed = true;
    const pool = this.pool;
    this.pool = undefined;
    await pool?.destroy();
  }

  private workers(): Piscina<VisionTask, VisionTaskResult> {
    if (this.pool) return this.pool;
    this.pool = new Piscina<VisionTask, VisionTaskResult>({
      filename: WORKER_FILE,
      execArgv: WORKER_EXEC_ARGV,
      minThreads: this.threads,
      maxThreads: this.threads,
      concurrentTasksPerWorker: 1,
      // Idle threads keep running their event loop (instead of blocking in Atomics.wait), so a
      // thread that decides to end after a model failure ends at once. Tasks here are long.
      atomics: 'disabled',
    });
    // A thread that fails outside a task is replaced by piscina; without a listener the
    // 'error' event would take the whole service down.
    this.pool.on('error', () => undefined);
    return this.pool;
  }
}
