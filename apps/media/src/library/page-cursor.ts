import { DomainError, isUuid } from '@ams/contracts';
import type { MediaPagePosition } from '@ams/db';

/** Cursors are opaque to clients: base64url of the last row's exact position. */
export function encodeCursor(position: MediaPagePosition): string {
  return Buffer.from(JSON.stringify([position.uploadedAt, position.id])).toString('base64url');
}

const POSITION_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
export function decodeCursor(cursor: string): MediaPagePosition {
  try {
    const [uploadedAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof uploadedAt === 'string' && POSITION_TIME.test(uploadedAt) && typeof id === 'string' && isUuid(id))
      return { uploadedAt, id };
  } catch {
    // falls through to the refusal
  }
  throw new DomainError('VALIDATION_FAILED', 'The cursor is not one this API returned.', { field: 'cursor' });
}
