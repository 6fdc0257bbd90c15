import { AmqpConnection } from '@golevelup/nestjs-rabbitmq';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { ChannelWrapper } from 'amqp-connection-manager';
import type { ConfirmChannel, ConsumeMessage } from 'amqplib';
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { EXCHANGES, parseMessage, type EventContract, type PayloadOf } from '@ams/contracts';
import { withContextFrom } from '@ams/logging';
import { DEAD_LETTER_EXCHANGE, type EventContext } from './message-bus';
import { MESSAGE_METRICS, secondsSince, type MessageMetrics } from './message-metrics';

export interface WorkQueueOptions {
  /** Durable queue that replicas share. */
  queue: string;
  /** Messages handled at once by this process (the channel's prefetch). */
  concurrency: number;
  /** Highest message priority the queue honours (RabbitMQ priority queue, 1–10). */
  maxPriority: number;
}

export interface WorkContext extends EventContext {
  /** True when the broker delivered this message before and it was not acknowledged. */
  redelivered: boolean;
}

/** A running consumer: stop taking work, let what is in hand finish, then close. */
export interface WorkConsumer {
  drain(timeoutMs: number): Promise<void>;
}

/**
 * Long-running work off a durable priority queue, with its own prefetch so slow jobs never
 * starve the service's other consumers. A message is acknowledged when its handler returns,
 * dead-lettered (`<queue>.dead`) when it throws, and redelivered to another replica when this
 * process dies holding it: the handler must be idempotent.
 */
@Injectable()
export class WorkQueue {
  private readonly logger = new Logger(WorkQueue.name);
  private readonly queues = new Set<string>();

  constructor(
    private readonly amqp: AmqpConnection,
    @Optional() @Inject(MESSAGE_METRICS) private readonly metrics?: MessageMetrics,
  ) {}

  /** The work queues this process consumes (for queue depth metrics). */
  consumedQueues(): string[] {
    return [...this.queues];
  }

  consume<C extends EventContract<z.ZodType>>(
    contract: C,
    options: WorkQueueOptions,
    handler: (payload: PayloadOf<C>, context: WorkContext) => Promise<void>,
  ): WorkConsumer {
    const { queue, concurrency, maxPriority } = options;
    this.queues.add(queue);
    const inFlight = new Set<Promise<void>>();
    let consumerTag: string | undefined;
    let draining = false;

    const deliver = (channel: ConfirmChannel, message: ConsumeMessage | null) => {
      if (!message) return; // the broker cancelled the consumer; the wrapper re-runs setup
      if (draining) return channel.nack(message, false, true);
      const run = this.handle(contract, channel, message, handler).finally(() => inFlight.delete(run));
      inFlight.add(run);
    };

    const channel: ChannelWrapper = this.amqp.managedConnection.createChannel({
      name: `work:${queue}`,
      setup: async (ch: ConfirmChannel) => {
        await ch.assertExchange(EXCHANGES.events, 'topic', { durable: true });
        await ch.assertExchange(DEAD_LETTER_EXCHANGE, 'direct', { durable: true });
        await ch.assertQueue(`${queue}.dead`, { durable: true });
        await ch.bindQueue(`${queue}.dead`, DEAD_LETTER_EXCHANGE, queue);
        await ch.assertQueue(queue, {
          durable: true,
          maxPriority,
          deadLetterExchange: DEAD_LETTER_EXCHANGE,
          deadLetterRoutingKey: queue,
        });
        await ch.bindQueue(queue, EXCHANGES.events, contract.name);
        await ch.prefetch(concurrency);
        if (draining) return;
        ({ consumerTag } = await ch.consume(queue, (message) => deliver(ch, message), { noAck: false }));
      },
    });

    return {
      drain: async (timeoutMs: number) => {
        draining = true;
        if (consumerTag) await channel.cancel(consumerTag).catch(() => undefined);
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
        await Promise.race([Promise.allSettled([...inFlight]), timeout]);
        clearTimeout(timer);
        if (inFlight.size > 0)
          this.logger.warn(
            { queue, unfinished: inFlight.size },
            'closing with work unfinished; it will be redelivered',
          );
        // Closing the channel hands anything unacknowledged back to the broker.
        await channel.close();
      },
    };
  }

  private async handle<C extends EventContract<z.ZodType>>(
    contract: C,
    channel: ConfirmChannel,
    message: ConsumeMessage,
    handler: (payload: PayloadOf<C>, context: WorkContext) => Promise<void>,
  ): Promise<void> {
    await withContextFrom(message.properties.headers, async (correlationId) => {
      const eventId = (message.properties.messageId as string | undefined) ?? randomUUID();
      const context = { eventId, correlationId, redelivered: message.fields.redelivered };
      let acknowledge = true;
      const started = performance.now();
      try {
        const payload = parseMessage(contract.name, contract.payload, JSON.parse(message.content.toString()));
        await handler(payload as PayloadOf<C>, context);
      } catch (error) {
        acknowledge = false;
        this.logger.error({ pattern: contract.name, eventId, err: error }, 'work failed; dead-lettered');
      }
      this.metrics?.observe(contract.name, acknowledge ? 'handled' : 'failed', secondsSince(started));
      try {
        if (acknowledge) channel.ack(message);
        else channel.nack(message, false, false);
      } catch (error) {
        // The channel closed under us (broker restart): the message comes back; handlers are idempotent.
        this.logger.warn({ pattern: contract.name, eventId, err: error }, 'could not settle message');
      }
    });
  }
}
