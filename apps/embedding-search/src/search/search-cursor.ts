import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { DomainError } from '@ams/contracts';

/**
 * Where the next page of one search starts. Signed (HMAC-SHA256) and bound to the user and to
 * the exact search, so a cursor that was edited, belongs to someone else or to another query is
 * refused instead of being trusted. `asOf` freezes the library: files uploaded after the first
 * page never shift later pages.
 */
export interface SearchPosition {
  asOf: number;
  /** The last item's sort key (score, or date in ms) and id. */
  key: number;
  id: string;
}

interface CursorBody extends SearchPosition {
  user: string;
  search: string;
}

/** Why a cursor was refused: the audit trail tells tampering and another user's cursor from a stale one. */
export type CursorRefusal = 'malformed' | 'forged' | 'other_user' | 'other_search';

export class InvalidCursor extends DomainError {
  constructor(readonly reason: CursorRefusal) {
    super('INVALID_CURSOR', 'This cursor does not belong to this search. Search again without it.');
  }
}

const invalid = (reason: CursorRefusal = 'malformed') => new InvalidCursor(reason);

export class SearchCursors {
  constructor(private readonly secret: string) {}

  encode(userId: string, searchHash: string, position: SearchPosition): string {
    const body: CursorBody = { user: userId, search: searchHash, ...position };
    const json = Buffer.from(JSON.stringify(body)).toString('base64url');
    return `${json}.${this.sign(json)}`;
  }

  /** The position in `cursor`, or INVALID_CURSOR (400) for anything not issued for this user and search. */
  decode(cursor: string, userId: string, searchHash: string): SearchPosition {
    const [json, signature, extra] = cursor.split('.');
    if (!json || !signature || extra !== undefined) throw invalid();
    const expected = Buffer.from(this.sign(json));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid('forged');
    let body: CursorBody;
    try {
      body = JSON.parse(Buffer.from(json, 'base64url').toString('utf8')) as CursorBody;
    } catch {
      throw invalid();
    }
    if (body.user !== userId) throw invalid('other_user');
    if (body.search !== searchHash) throw invalid('other_search');
    if (!Number.isFinite(body.asOf) || !Number.isFinite(body.key) || typeof body.id !== 'string') throw invalid();
    return { asOf: body.asOf, key: body.key, id: body.id };
  }

  private sign(json: string): string {
    return createHmac('sha256', this.secret).update(json).digest('base64url');
  }
}

/** A stable fingerprint of what was asked (not of who asked or which page): cursors and the page cache key on it. */
export function searchFingerprint(parts: unknown): string {
  return createHash('sha256').update(stableJson(parts)).digest('base64url').slice(0, 32);
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
