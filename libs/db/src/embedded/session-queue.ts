import type { PGlite } from '@electric-sql/pglite';

interface QueuedMessage {
  handlerId: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (error: Error) => void;
}

/** Extended-protocol messages that leave a batch open until the client's Sync. */
const BATCH_MESSAGES = new Set(['P', 'B', 'D', 'E', 'C', 'H', 'F', 'd']);

/**
 * Serialises every connection's protocol messages onto PGlite's single session.
 *
 * pglite-socket's own queue hands the session to another connection between any two messages
 * outside a transaction. node-postgres sends a parameterised query as Parse, Bind, Describe,
 * Execute, Sync; interleaving another client's Parse in between swaps the unnamed statement
 * under it ("bind message supplies 1 parameters, but prepared statement requires 8", or rows of
 * the wrong query). Here a connection keeps the session from its first message to the Sync that
 * ends the batch, and for as long as it has a transaction open. A connection that holds the
 * session and goes quiet while others wait is cut after `idleOwnerMs` (its transaction rolls back),
 * as PostgreSQL's idle_in_transaction_session_timeout would.
 */
export class SessionQueue {
  private queue: QueuedMessage[] = [];
  private owner: number | null = null;
  private processing = false;
  private idleTimer?: NodeJS.Timeout;

  constructor(
    private readonly db: PGlite,
    private readonly idleOwnerMs: number,
    private readonly cutConnection: (handlerId: number) => void,
  ) {}

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    return new Promise((resolve, reject) => {
      this.queue.push({ handlerId, message, onData, resolve, reject });
      void this.process();
    });
  }

  getQueueLength(): number {
    return this.queue.length;
  }

  clearQueueForHandler(handlerId: number): void {
    this.queue = this.queue.filter((item) => {
      if (item.handlerId !== handlerId) return true;
      item.reject(new Error('connection closed'));
      return false;
    });
  }

  /** Called when a connection goes away: release the session it held, rolling back its transaction. */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.owner !== handlerId) return;
    if (this.db.isInTransaction()) await this.db.exec('ROLLBACK');
    this.release();
    void this.process();
  }

  private async process(): Promise<void> {
    if (this.processing) return;
    this.processing = true;
    try {
      while (this.queue.length > 0) {
        const index = this.owner === null ? 0 : this.queue.findIndex((item) => item.handlerId === this.owner);
        if (index === -1) {
          this.watchIdleOwner();
          break;
        }
        const [item] = this.queue.splice(index, 1) as [QueuedMessage];
        clearTimeout(this.idleTimer);
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(item.message, {
              onRawData: (data) => {
                bytes += data.length;
                item.onData(data);
              },
            }),
          );
          item.resolve(bytes);
        } catch (error) {
          item.reject(error as Error);
        }
        const type = String.fromCharCode(item.message[0] ?? 0);
        this.owner = BATCH_MESSAGES.has(type) || this.db.isInTransaction() ? item.handlerId : null;
      }
    } finally {
      this.processing = false;
    }
  }

  private watchIdleOwner(): void {
    clearTimeout(this.idleTimer);
    const owner = this.owner;
    this.idleTimer = setTimeout(() => {
      if (owner !== null && this.owner === owner && this.queue.some((item) => item.handlerId !== owner)) {
        this.cutConnection(owner);
      }
    }, this.idleOwnerMs);
    this.idleTimer.unref();
  }

  private release(): void {
    this.owner = null;
    clearTimeout(this.idleTimer);
  }
}
