import { z } from 'zod';
import { DomainError } from '@ams/contracts';
import type { AuditPosition } from '@ams/db';

const positionSchema = z.object({ at: z.iso.datetime({ offset: true }), id: z.uuid() }).strict();

/** The opaque cursor after `position`: base64url JSON of the last entry's time and id. */
export function encodeAuditCursor(position: AuditPosition): string {
  return Buffer.from(JSON.stringify({ at: position.occurredAt.toISOString(), id: position.id })).toString('base64url');
}

/**
 * The position in `cursor`, or INVALID_CURSOR (400). It needs no signature: it only positions
 * within rows the caller may read anyway (RLS or the admin path).
 */
export function decodeAuditCursor(cursor: string): AuditPosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const position = positionSchema.safeParse(parsed);
  if (!position.success)
    throw new DomainError('INVALID_CURSOR', 'This cursor is not valid; list the audit trail again without it.');
  return { occurredAt: new Date(position.data.at), id: position.data.id };
}
