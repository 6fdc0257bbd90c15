import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { z } from 'zod';
import { PRIORITY_HEADER, parseMessage, type EventContract, type PayloadOf } from '@ams/contracts';
import { claimDueEvents, Database, enqueueEvent, markEventsPublished, releaseEvent, type Tx } from '@ams/db';
import { contextHeaders } from '@ams/logging';
import { MessageBus } from './message-bus';

const POLL_INTERVAL_MS = 250;
const BATCH_SIZE = 100;
const LEASE_MS = 30_000;
const RETRY_AFTER_MS = 2_000;

/**
 * Events that follow a database change: written in the change's own transaction, published by
 * the relay after commit. A broker outage delays them; it never loses them.
 */
@Injectable()
export class Outbox {
  /**
   * Validate and record `payload` in `tx`; it is published only if `tx` commits. `priority`
   * (0–10, higher first) matters only to priority queues such as the analysis work queue.
   */
  async add<C extends EventContract<z.ZodType>>(
    tx: Tx,
    contract: C,
    payload: PayloadOf<C>,
    options: { priority?: number } = {},
  ): Promise<string> {
    const body = parseMessage(contract.name, contract.payload, payload);
    const headers = contextHeaders();
    if (options.priority !== undefined) headers[PRIORITY_HEADER] = String(options.priority);
    return enqueueEvent(tx, { name: contract.name, payload: body, headers });
  }
}

/** Publishes committed outbox events in order of creation, at least once, with the event id as message id. */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly database: Database,
    private readonly bus: MessageBus,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.relayOnce(), POLL_INTERVAL_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass: claim due events, publish each, record the outcome. Never runs twice at once. */
  relayOnce(): Promise<void> {
    if (this.running || !this.bus.isConnected()) return this.running ?? Promise.resolve();
    this.running = this.relayBatch()
      .catch((error: unknown) => this.logger.warn({ err: error }, 'outbox relay pass failed'))
      .finally(() => (this.running = undefined));
    return this.running;
  }

  private async relayBatch(): Promise<void> {
    // Claim in one short transaction, publish outside any transaction, then record.
    const events = await this.database.service((tx) => claimDueEvents(tx, BATCH_SIZE, LEASE_MS));
    if (events.length === 0) return;
    const published: string[] = [];
    for (const event of events) {
      try {
        await this.bus.publishRaw(event.name, event.payload, event.id, event.headers);
        published.push(event.id);
      } catch (error) {
        await this.database.service((tx) => releaseEvent(tx, event.id, (error as Error).message, RETRY_AFTER_MS));
        break; // keep order: the rest wait for the next pass
      }
    }
    await this.database.service((tx) => markEventsPublished(tx, published));
    const remaining = events.filter((event) => !published.includes(event.id)).map((event) => event.id);
    if (remaining.length > 0) {
      await this.database.service(async (tx) => {
        for (const id of remaining)
          await releaseEvent(tx, id, 'not attempted: an earlier event failed', RETRY_AFTER_MS);
      });
    }
    this.logger.debug({ published: published.length, deferred: remaining.length }, 'outbox relayed');
  }
}
