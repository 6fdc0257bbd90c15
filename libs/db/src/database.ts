import type { Pool } from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { isUuid } from '@ams/contracts';
import { PrismaClient, type Prisma } from './generated/prisma/client';

/** A transaction handle: the Prisma client inside `Database.tenant/service/admin`. */
export type Tx = Prisma.TransactionClient;

export interface TransactionOptions {
  /** Upper bound on the whole transaction; keep slow work (analysis, network) outside. */
  timeoutMs?: number;
}

/**
 * How long a transaction may wait to start. The embedded server runs one transaction at a time
 * for every service, so a burst queues; giving up early (Prisma's default is 2 s) can abandon a
 * connection mid-BEGIN, which that server cannot tell from a slow client.
 */
const MAX_WAIT_MS = 30_000;

/**
 * The only way services reach PostgreSQL. Every transaction first switches role and tenant with
 * transaction-local settings (`SET LOCAL ROLE`, `set_config(..., true)`), so nothing survives
 * into the next transaction: correct behind transaction-mode poolers and on the embedded
 * server, whose connections share one session. Nothing else in the codebase sets either.
 */
export class Database {
  readonly prisma: PrismaClient;

  constructor(pool: Pool) {
    this.prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  }

  /** Run `work` as `app_user` for one user: RLS shows and changes that user's rows only. */
  tenant<T>(userId: string, work: (tx: Tx) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    if (!isUuid(userId)) throw new TypeError(`tenant transaction needs a user id (uuid), got "${userId}"`);
    return this.transaction(
      // One round trip: set_config('role', …, true) is SET LOCAL ROLE.
      (tx) =>
        tx.$queryRaw`SELECT set_config('role', 'app_user', true), set_config('app.current_user_id', ${userId}, true)`,
      work,
      options,
    );
  }

  /**
   * Run `work` as `app_service`: the explicit cross-tenant path for workers, the monthly reset,
   * sign-in lookup by firebase_uid and audit writes. Use it only where no single user applies.
   */
  service<T>(work: (tx: Tx) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    return this.transaction((tx) => tx.$queryRaw`SELECT set_config('role', 'app_service', true)`, work, options);
  }

  /** Run `work` as `admin_role` (the spec's admin policies): only for verified administrators. */
  admin<T>(work: (tx: Tx) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    return this.transaction((tx) => tx.$queryRaw`SELECT set_config('role', 'admin_role', true)`, work, options);
  }

  private transaction<T>(
    enter: (tx: Tx) => Promise<unknown>,
    work: (tx: Tx) => Promise<T>,
    options: TransactionOptions,
  ): Promise<T> {
    return this.prisma.$transaction(
      async (tx) => {
        await enter(tx);
        return work(tx);
      },
      { timeout: options.timeoutMs ?? 10_000, maxWait: MAX_WAIT_MS },
    );
  }

  disconnect(): Promise<void> {
    return this.prisma.$disconnect();
  }
}
