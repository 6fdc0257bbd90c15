import { randomUUID } from 'node:crypto';
import type { Prisma } from '../generated/prisma/client';
import type { Tx } from '../database';

export interface OutboxEvent {
  id: string;
  name: string;
  payload: unknown;
  headers: Record<string, string>;
}

/**
 * Record an event in the caller's transaction: it exists if and only if the change it announces
 * commits. The id is made here because the tenant role may insert but not read the outbox.
 */
export async function enqueueEvent(
  tx: Tx,
  event: { name: string; payload: unknown; headers?: Record<string, string> },
): Promise<string> {
  const id = randomUUID();
  await tx.$executeRaw`
    INSERT INTO outbox_events (id, event_name, payload, headers)
    VALUES (${id}::uuid, ${event.name}, ${JSON.stringify(event.payload)}::jsonb, ${JSON.stringify(event.headers ?? {})}::jsonb)`;
  return id;
}

/**
 * Lease up to `limit` due events to one relay for `leaseMs` (service path). A relay that dies
 * mid-publish lets the lease lapse and another relay publishes again: at least once.
 */
export async function claimDueEvents(tx: Tx, limit: number, leaseMs: number): Promise<OutboxEvent[]> {
  const rows = await tx.$queryRaw<
    { id: string; position: bigint; event_name: string; payload: Prisma.JsonValue; headers: Prisma.JsonValue }[]
  >`
    UPDATE outbox_events SET available_at = now() + make_interval(secs => ${leaseMs / 1000}), attempts = attempts + 1
    WHERE id IN (
      SELECT id FROM outbox_events
      WHERE published_at IS NULL AND available_at <= now()
      ORDER BY position
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING id, position, event_name, payload, headers`;
  // RETURNING has no order of its own.
  rows.sort((a, b) => (a.position < b.position ? -1 : 1));
  return rows.map((r) => ({
    id: r.id,
    name: r.event_name,
    payload: r.payload,
    headers: (r.headers ?? {}) as Record<string, string>,
  }));
}

export async function markEventsPublished(tx: Tx, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await tx.$executeRaw`UPDATE outbox_events SET published_at = now(), last_error = NULL WHERE id = ANY(${ids}::uuid[])`;
}

/** Give an event back after a failed publish, to be retried after `retryInMs`. */
export async function releaseEvent(tx: Tx, id: string, error: string, retryInMs: number): Promise<void> {
  await tx.$executeRaw`
    UPDATE outbox_events SET available_at = now() + make_interval(secs => ${retryInMs / 1000}), last_error = ${error.slice(0, 1000)}
    WHERE id = ${id}::uuid`;
}
