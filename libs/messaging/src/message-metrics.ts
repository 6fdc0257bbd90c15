/**
 * How a consumed message ended: `handled`; `refused` (an RPC answered with a domain error, e.g.
 * not found: a normal answer); `failed` (broke its contract or the handler threw).
 */
export type MessageOutcome = 'handled' | 'refused' | 'failed';

/**
 * Where the bus reports every message it took off a queue. Optional: the metrics library
 * provides one under MESSAGE_METRICS; without it nothing is recorded.
 */
export interface MessageMetrics {
  observe(pattern: string, outcome: MessageOutcome, seconds: number): void;
}

export const MESSAGE_METRICS = Symbol('MESSAGE_METRICS');

/** Seconds since `started` (a `performance.now()` reading). */
export function secondsSince(started: number): number {
  return (performance.now() - started) / 1000;
}
