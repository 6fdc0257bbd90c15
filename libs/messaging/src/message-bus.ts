import { AmqpConnection } from '@golevelup/nestjs-rabbitmq';
import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { ConsumeMessage } from 'amqplib';
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import {
  CORRELATION_HEADER,
  EXCHANGES,
  parseMessage,
  type EventContract,
  type PayloadOf,
  type ReplyOf,
  type RequestOf,
  type RpcContract,
} from '@ams/contracts';
import { correlationIdFrom, currentCorrelationId, withCorrelationId } from '@ams/logging';

type AnyRpc = RpcContract<z.ZodType, z.ZodType>;
type AnyEvent = EventContract<z.ZodType>;

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

  constructor(
    private readonly amqp: AmqpConnection,
    config: ConfigService,
  ) {
    this.rpcTimeoutMs = config.get<number>('RPC_TIMEOUT_MS') ?? 5000;
  }

  /** True while the broker connection is up (it reconnects by itself after an outage). */
  isConnected(): boolean {
    return this.amqp.managedConnection?.isConnected() ?? false;
  }

  /** Call another service and wait for its validated reply. */
  async request<C extends AnyRpc>(contract: C, payload: RequestOf<C>, routingKey = contract.name): Promise<ReplyOf<C>> {
    const body = parseMessage(contract.name, contract.request, payload);
    const reply = await this.amqp.request<unknown>({
      exchange: EXCHANGES.rpc,
      routingKey,
      payload: body,
      timeout: this.rpcTimeoutMs,
      // A request nobody answered within the caller's timeout is worthless: let it expire unseen.
      expiration: this.rpcTimeoutMs,
      headers: this.headers(),
    });
    return parseMessage(`${contract.name} reply`, contract.reply, reply) as ReplyOf<C>;
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

  /** Answer a request contract with `handler`; invalid requests are refused, never handled. */
  async respond<C extends AnyRpc>(
    contract: C,
    options: RespondOptions,
    handler: (request: RequestOf<C>) => Promise<ReplyOf<C>>,
  ): Promise<void> {
    await this.amqp.createRpc(
      async (message: unknown, raw?: ConsumeMessage) => {
        const correlationId = correlationIdFrom(raw?.properties.headers?.[CORRELATION_HEADER]);
        return withCorrelationId(correlationId, async () => {
          const started = performance.now();
          const request = parseMessage(contract.name, contract.request, message) as RequestOf<C>;
          const reply = parseMessage(`${contract.name} reply`, contract.reply, await handler(request));
          this.logger.log({ pattern: contract.name, durationMs: Math.round(performance.now() - started) }, 'request handled');
          return reply;
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
    return { [CORRELATION_HEADER]: currentCorrelationId() ?? randomUUID() };
  }
}
