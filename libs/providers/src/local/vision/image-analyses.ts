import { stat } from 'node:fs/promises';
import { providerUnavailable } from '../../errors';
import type { Capability, CapabilityResults } from './vision-task';
import { PROVIDER, type VisionWorkerPool } from './vision-worker-pool';

/** How long a finished capability is reused for the same unchanged file. */
const REUSE_MS = 2 * 60_000;
const MAX_IMAGES = 16;

interface Finding<C extends Capability = Capability> {
  value: CapabilityResults[C];
  /** Worker time for this capability, and for decoding the image in its batch. */
  ms: number;
  decodeMs: number;
}

/** Each capability's finding, by name. */
export type Findings = { [C in Capability]: Finding<C> };

interface ImageEntry {
  expires: number;
  findings: Map<Capability, Promise<Finding>>;
}

interface Batch {
  path: string;
  waiting: Map<Capability, { resolve(finding: Finding): void; reject(error: unknown): void }>;
}

/**
 * Per-image sharing between the four capability calls the pipeline makes on one image: calls
 * made in the same tick (`Promise.all`) become one worker task that decodes the image once, and
 * a capability already computed for the same unchanged file is reused for a short while.
 */
export class ImageAnalyses {
  private readonly images = new Map<string, ImageEntry>();
  private readonly batches = new Map<string, Batch>();

  constructor(private readonly pool: VisionWorkerPool) {}

  async find<C extends Capability>(path: string, capabilities: C[], signal?: AbortSignal): Promise<Pick<Findings, C>> {
    signal?.throwIfAborted();
    const key = await fileKey(path);
    const entry = this.entry(key);
    const findings = capabilities.map((capability) => {
      const known = entry.findings.get(capability);
      if (known) return known;
      const scheduled = this.schedule(key, path, capability);
      entry.findings.set(capability, scheduled);
      // A failure is not reused: the next call runs the capability again.
      scheduled.catch(() => entry.findings.get(capability) === scheduled && entry.findings.delete(capability));
      return scheduled;
    });
    const found = await untilAborted(Promise.all(findings), signal);
    // Copies: callers may change what they get without changing what the next caller reuses.
    const entries = capabilities.map((capability, index) => [capability, structuredClone(found[index])]);
    return Object.fromEntries(entries) as Pick<Findings, C>;
  }

  private entry(key: string): ImageEntry {
    const now = Date.now();
    for (const [known, entry] of this.images) if (entry.expires < now) this.images.delete(known);
    let entry = this.images.get(key);
    if (!entry) {
      entry = { expires: now + REUSE_MS, findings: new Map() };
      this.images.set(key, entry);
      if (this.images.size > MAX_IMAGES) this.images.delete(this.images.keys().next().value as string);
    }
    return entry;
  }

  private schedule(key: string, path: string, capability: Capability): Promise<Finding> {
    let batch = this.batches.get(key);
    if (!batch) {
      const created: Batch = { path, waiting: new Map() };
      this.batches.set(key, created);
      setImmediate(() => void this.dispatch(key, created));
      batch = created;
    }
    const waiting = batch.waiting;
    return new Promise<Finding>((resolve, reject) => waiting.set(capability, { resolve, reject }));
  }

  private async dispatch(key: string, batch: Batch): Promise<void> {
    this.batches.delete(key);
    const capabilities = [...batch.waiting.keys()];
    try {
      const { results, timings } = await this.pool.run({ kind: 'analyze', path: batch.path, capabilities });
      for (const [capability, waiter] of batch.waiting) {
        const value = results[capability];
        if (value === undefined)
          waiter.reject(providerUnavailable(PROVIDER, `no ${capability} in the worker's answer`));
        else waiter.resolve({ value, ms: timings[capability] ?? 0, decodeMs: timings.decode ?? 0 });
      }
    } catch (error) {
      for (const waiter of batch.waiting.values()) waiter.reject(error);
    }
  }
}

/** Same path, size and modification time: same image (keyframe paths get reused across jobs). */
async function fileKey(path: string): Promise<string> {
  try {
    const file = await stat(path);
    return `${path}:${file.size}:${file.mtimeMs}`;
  } catch (error) {
    throw providerUnavailable(PROVIDER, `cannot read ${path}: ${(error as Error).message}`, error);
  }
}

/** The caller stops waiting when its signal aborts; the shared worker task still completes. */
function untilAborted<T>(work: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return work;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
