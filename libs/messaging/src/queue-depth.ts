import { AmqpConnection } from '@golevelup/nestjs-rabbitmq';
import { Injectable } from '@nestjs/common';
import type { ChannelModel } from 'amqplib';
import { MessageBus } from './message-bus';
import { WorkQueue } from './work-queue';

/**
 * Messages waiting in the queues this process consumes, read from the broker on demand (a
 * metrics scrape). Each check runs on a short-lived channel of its own: a failed check (queue
 * gone) makes the broker close the channel it ran on, which must never be one that consumers
 * or publishers use.
 */
@Injectable()
export class QueueDepthProbe {
  constructor(
    private readonly amqp: AmqpConnection,
    private readonly bus: MessageBus,
    private readonly workQueue: WorkQueue,
  ) {}

  /** Ready messages per consumed queue; a queue the broker did not answer for within `timeoutMs` is left out. */
  async depths(timeoutMs: number): Promise<Map<string, number>> {
    const queues = [...new Set([...this.bus.consumedQueues(), ...this.workQueue.consumedQueues()])];
    const depths = new Map<string, number>();
    const connection = this.amqp.managedConnection?.connection;
    if (queues.length === 0 || !connection) return depths;
    await Promise.all(
      queues.map(async (queue) => {
        const count = await withTimeout(messageCount(connection, queue), timeoutMs).catch(() => null);
        if (count !== null) depths.set(queue, count);
      }),
    );
    return depths;
  }
}

async function messageCount(connection: ChannelModel, queue: string): Promise<number> {
  const channel = await connection.createChannel();
  // Without a listener, the broker closing the channel (404) would be an uncaught 'error' event.
  channel.on('error', () => undefined);
  try {
    return (await channel.checkQueue(queue)).messageCount;
  } finally {
    await channel.close().catch(() => undefined);
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
