import { z } from 'zod';

/** A request/reply message: its versioned name and the shapes of both sides. */
export interface RpcContract<Req extends z.ZodType, Res extends z.ZodType> {
  readonly kind: 'rpc';
  readonly name: string;
  readonly request: Req;
  readonly reply: Res;
}

/** A fire-and-forget domain event: its versioned name and payload shape. */
export interface EventContract<P extends z.ZodType> {
  readonly kind: 'event';
  readonly name: string;
  readonly payload: P;
}

const VERSIONED_NAME = /^[a-z][a-z-]*(\.[a-z][a-z-]*)+\.v\d+$/;

function assertVersionedName(name: string): void {
  if (!VERSIONED_NAME.test(name)) {
    throw new Error(`Contract name "${name}" must look like "domain.action.v1"`);
  }
}

export function defineRpc<Req extends z.ZodType, Res extends z.ZodType>(
  name: string,
  request: Req,
  reply: Res,
): RpcContract<Req, Res> {
  assertVersionedName(name);
  return { kind: 'rpc', name, request, reply };
}

export function defineEvent<P extends z.ZodType>(name: string, payload: P): EventContract<P> {
  assertVersionedName(name);
  return { kind: 'event', name, payload };
}

export type RequestOf<C> = C extends RpcContract<infer Req, z.ZodType> ? z.infer<Req> : never;
export type ReplyOf<C> = C extends RpcContract<z.ZodType, infer Res> ? z.infer<Res> : never;
export type PayloadOf<C> = C extends EventContract<infer P> ? z.infer<P> : never;

/** Thrown when a message does not match its contract; names the contract and the fields. */
export class ContractViolation extends Error {
  constructor(
    readonly contract: string,
    readonly issues: string[],
  ) {
    super(`Message does not match ${contract}: ${issues.join('; ')}`);
    this.name = 'ContractViolation';
  }
}

/** Validate a value against a schema at a service boundary. */
export function parseMessage<S extends z.ZodType>(contract: string, schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ContractViolation(
    contract,
    result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `value` is a UUID in its canonical text form (ids, event ids, cursors). */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
