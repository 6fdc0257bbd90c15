import { AmqpConnection, Nack } from '@golevelup/nestjs-rabbitmq';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { ConfirmChannel, ConsumeMessage } from 'amqplib';
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import {
  CORRELATION_HEADER,
  DomainError,
  EXCHANGES,
  isErrorCode,
  parseMessage,
  PRIORITY_HEADER,
  type EventContract,
  type PayloadOf,
  type ReplyOf,
  type RequestOf,
  type RpcContract,
} from '@ams/contracts';
import { contextHeaders, withContextFrom } from '@ams/logging';
import { MESSAGE_METRICS, secondsSince, type MessageMetrics } from './message-metrics';

type AnyRpc = RpcContract<z.ZodType, z.ZodType>;
type AnyEvent = EventContract<z.ZodType>;

/**
 * What travels back on the reply queue: the validated reply, or the domain error the handler
 * threw (so the caller can rethrow it with its code). Anything else becomes INTERNAL.
 */
type ReplyEnvelope =
  | { ok: true; value: unknown }
  | { ok: false; error: { code: string; message: string; details?: Record<string, unknown> } };

export interface SubscribeOptions {
  /** Durable queue of the consuming service (`<service>.<what>`); replicas share it. */
  queue: string;
}

/** What a subscriber receives besides the payload. */
export interface EventContext {
  /** Stable across redeliveries: the key for idempotent handling. */
  eventId: string;
  correlationId: string;
}

/** Messages a handler rejects are parked here per queue (`<queue>.dead`) for inspection. */
export const DEAD_LETTER_EXCHANGE = 'ams.dlx';

export interface RespondOptions {
  /** Routing key on the RPC exchange; defaults to the contract name. */
  routingKey?: string;
  /** Queue the service consumes; replicas of one service share it. */
  queue: string;
}

/**
 * The one way services talk: requests and events validated against `@ams/contracts` on both
 * ends, stamped with the current correlation id, and handled inside it.
 */
@Injectable()
export class MessageBus {
  private readonly logger = new Logger(MessageBus.name);
  private readonly rpcTimeoutMs: number;
  private readonly queues = new Set<string>();

  constructor(
    private readonly amqp: AmqpConnection,
    config: ConfigService,
    @Optional() @Inject(MESSAGE_METRICS) private readonly metrics?: MessageMetrics,
  ) {
    this.rpcTimeoutMs = config.get<number>('RPC_TIMEOUT_MS') ?? 5000;
  }

  /** The durable queues this process consumes through `subscribe` and `respond` (for queue depth metrics). */
  consumedQueues(): string[] {
    return [...this.queues];
  }

  /** True while the broker connection is up (it reconnects by itself after an outage). */
  isConnected(): boolean {
    return this.amqp.managedConnection?.isConnected() ?? false;
  }

  /**
   * Call another service and wait for its validated reply. A `DomainError` the other side threw
   * is rethrown here with its code; no answer within the timeout is SERVICE_UNAVAILABLE.
   */
  async request<C extends AnyRpc>(contract: C, payload: RequestOf<C>, routingKey = contract.name): Promise<ReplyOf<C>> {
    const body = parseMessage(contract.name, contract.request, payload);
    const envelope = await this.send(contract.name, routingKey, body);
    if (!envelope.ok) {
      const { code, message, details } = envelope.error;
      throw new DomainError(isErrorCode(code) ? code : 'INTERNAL', message, details);
    }
    return parseMessage(`${contract.name} reply`, contract.reply, envelope.value) as ReplyOf<C>;
  }

  private async send(name: string, routingKey: string, body: unknown): Promise<ReplyEnvelope> {
    try {
      return await this.amqp.request<ReplyEnvelope>({
        exchange: EXCHANGES.rpc,
        routingKey,
        payload: body,
        timeout: this.rpcTimeoutMs,
        // A request nobody answered within the caller's timeout is worthless: let it expire unseen.
        expiration: this.rpcTimeoutMs,
        headers: this.headers(),
      });
    } catch (error) {
      this.logger.warn({ pattern: name, err: error }, 'request got no answer');
      throw new DomainError('SERVICE_UNAVAILABLE', 'A service did not answer in time; try again shortly.');
    }
  }

  /** Announce that something happened; every subscribed service gets its own copy. */
  async publish<C extends AnyEvent>(contract: C, payload: PayloadOf<C>): Promise<void> {
    const body = parseMessage(contract.name, contract.payload, payload);
    await this.amqp.publish(EXCHANGES.events, contract.name, body, {
      persistent: true,
      messageId: randomUUID(),
      contentType: 'application/json',
      headers: this.headers(),
    });
  }

  /**
   * Publish an already-validated event with a given id (the outbox relay's path). Resolves when
   * the broker confirms it, or rejects after the RPC timeout.
   */
  async publishRaw(name: string, payload: unknown, eventId: string, headers: Record<string, string>): Promise<void> {
    const priority = headers[PRIORITY_HEADER] === undefined ? undefined : Number(headers[PRIORITY_HEADER]);
    const publish = this.amqp.publish(EXCHANGES.events, name, payload, {
      persistent: true,
      messageId: eventId,
      contentType: 'application/json',
      headers,
      priority,
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`broker did not confirm ${name} within ${this.rpcTimeoutMs} ms`)),
        this.rpcTimeoutMs,
      );
    });
    try {
      await Promise.race([publish, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Handle every `contract` event on the service's own durable queue. Acknowledged after the
   * handler succeeds; a message that breaks its contract, or whose handler throws, is
   * dead-lettered to `<queue>.dead` instead of looping.
   */
  async subscribe<C extends AnyEvent>(
    contract: C,
    { queue }: SubscribeOptions,
    handler: (payload: PayloadOf<C>, context: EventContext) => Promise<void>,
  ): Promise<void> {
    this.queues.add(queue);
    await this.amqp.managedChannel.addSetup(async (channel: ConfirmChannel) => {
      await channel.assertExchange(DEAD_LETTER_EXCHANGE, 'direct', { durable: true });
      await channel.assertQueue(`${queue}.dead`, { durable: true });
      await channel.bindQueue(`${queue}.dead`, DEAD_LETTER_EXCHANGE, queue);
    });
    await this.amqp.createSubscriber(
      async (message: unknown, raw?: ConsumeMessage) => {
        return withContextFrom(raw?.properties.headers, async (correlationId) => {
          const eventId = raw?.properties.messageId ?? randomUUID();
          const started = performance.now();
          try {
            const payload = parseMessage(contract.name, contract.payload, message) as PayloadOf<C>;
            await handler(payload, { eventId, correlationId });
            this.logger.log({ pattern: contract.name, eventId }, 'event handled');
            this.metrics?.observe(contract.name, 'handled', secondsSince(started));
            return undefined;
          } catch (error) {
            this.logger.error({ pattern: contract.name, eventId, err: error }, 'event handler failed; dead-lettered');
            this.metrics?.observe(contract.name, 'failed', secondsSince(started));
            return new Nack(false);
          }
        });
      },
      {
        exchange: EXCHANGES.events,
        routingKey: contract.name,
        queue,
        queueOptions: { durable: true, deadLetterExchange: DEAD_LETTER_EXCHANGE, deadLetterRoutingKey: queue },
      },
      `${queue}:${contract.name}`,
    );
  }

  /**
   * Every replica gets every `contract` event on its own temporary queue (deleted when the
   * process goes): for live views such as progress streams, not for work. A failing handler
   * only logs; these events are not durable state.
   */
  async subscribeBroadcast<C extends AnyEvent>(
    contract: C,
    handler: (payload: PayloadOf<C>) => void | Promise<void>,
  ): Promise<void> {
    await this.amqp.createSubscriber(
      async (message: unknown) => {
        try {
          await handler(parseMessage(contract.name, contract.payload, message) as PayloadOf<C>);
        } catch (error) {
          this.logger.warn({ pattern: contract.name, err: error }, 'broadcast handler failed');
        }
        return undefined;
      },
      {
        exchange: EXCHANGES.events,
        routingKey: contract.name,
        queue: '',
        queueOptions: { exclusive: true, autoDelete: true, durable: false },
      },
      `broadcast:${contract.name}`,
    );
  }

  /** Publish without the outbox and without waiting: progress pings nobody must rely on. */
  publishTransient<C extends AnyEvent>(contract: C, payload: PayloadOf<C>): void {
    const body = parseMessage(contract.name, contract.payload, payload);
    this.amqp
      .publish(EXCHANGES.events, contract.name, body, { persistent: false, headers: this.headers() })
      .catch((error: unknown) => this.logger.debug({ pattern: contract.name, err: error }, 'transient publish lost'));
  }

  /** Answer a request contract with `handler`; invalid requests are refused, never handled. */
  async respond<C extends AnyRpc>(
    contract: C,
    options: RespondOptions,
    handler: (request: RequestOf<C>) => Promise<ReplyOf<C>>,
  ): Promise<void> {
    this.queues.add(options.queue);
    await this.amqp.createRpc(
      async (message: unknown, raw?: ConsumeMessage) => {
        return withContextFrom(raw?.properties.headers, async (): Promise<ReplyEnvelope> => {
          const started = performance.now();
          const durationMs = () => Math.round(performance.now() - started);
          try {
            const request = parseMessage(contract.name, contract.request, message) as RequestOf<C>;
            const value = parseMessage(`${contract.name} reply`, contract.reply, await handler(request));
            this.logger.log({ pattern: contract.name, durationMs: durationMs() }, 'request handled');
            this.metrics?.observe(contract.name, 'handled', secondsSince(started));
            return { ok: true, value };
          } catch (error) {
            if (error instanceof DomainError) {
              this.logger.log(
                { pattern: contract.name, code: error.code, durationMs: durationMs() },
                'request refused',
              );
              this.metrics?.observe(contract.name, 'refused', secondsSince(started));
              return { ok: false, error: { code: error.code, message: error.message, details: error.details } };
            }
            this.logger.error({ pattern: contract.name, err: error }, 'request failed');
            this.metrics?.observe(contract.name, 'failed', secondsSince(started));
            return { ok: false, error: { code: 'INTERNAL', message: 'Something went wrong on our side.' } };
          }
        });
      },
      {
        exchange: EXCHANGES.rpc,
        routingKey: options.routingKey ?? contract.name,
        queue: options.queue,
        queueOptions: { durable: true },
      },
    );
  }

  private headers(): Record<string, string> {
    return { [CORRELATION_HEADER]: randomUUID(), ...contextHeaders() };
  }
}
