import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

const storage = new AsyncLocalStorage<string>();

/** The correlation id of the HTTP request or message being handled, if any. */
export function currentCorrelationId(): string | undefined {
  return storage.getStore();
}

/** Run `fn` with `id` as the current correlation id (visible to every log line inside). */
export function withCorrelationId<T>(id: string, fn: () => T): T {
  return storage.run(id, fn);
}

const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Accept a caller's id only when it is short and plain; otherwise start a new one. */
export function correlationIdFrom(incoming: unknown): string {
  const value = Array.isArray(incoming) ? incoming[0] : incoming;
  return typeof value === 'string' && SAFE_ID.test(value) ? value : randomUUID();
}
