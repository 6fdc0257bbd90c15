import { DomainError } from '@ams/contracts';
import { SearchCursors, searchFingerprint } from '../src/search/search-cursor';

const cursors = new SearchCursors('a-secret-of-at-least-thirty-two-characters');
const alice = '8d3f4b7e-1c2a-4e5f-9a0b-1c2d3e4f5a6b';
const bob = '1a2b3c4d-5e6f-4a0b-8c9d-0e1f2a3b4c5d';
const position = { asOf: 1_764_000_000_000, key: 0.73, id: 'c0ffee00-0000-4000-8000-000000000001' };

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return error instanceof DomainError ? error.code : 'other';
  }
  return 'accepted';
}

describe('SearchCursors', () => {
  it('gives back the position it encoded, for the same user and search', () => {
    const cursor = cursors.encode(alice, 'search-1', position);
    expect(cursors.decode(cursor, alice, 'search-1')).toEqual(position);
  });

  it('refuses a cursor of another user, of another search, tampered with, or signed with another secret', () => {
    const cursor = cursors.encode(alice, 'search-1', position);
    expect(refusal(() => cursors.decode(cursor, bob, 'search-1'))).toBe('INVALID_CURSOR');
    expect(refusal(() => cursors.decode(cursor, alice, 'search-2'))).toBe('INVALID_CURSOR');
    const [body, signature] = cursor.split('.');
    const forged = Buffer.from(JSON.stringify({ user: bob, search: 'search-1', ...position })).toString('base64url');
    expect(refusal(() => cursors.decode(`${forged}.${signature}`, bob, 'search-1'))).toBe('INVALID_CURSOR');
    expect(refusal(() => cursors.decode(`${body}.${signature}x`, alice, 'search-1'))).toBe('INVALID_CURSOR');
    expect(refusal(() => cursors.decode('garbage', alice, 'search-1'))).toBe('INVALID_CURSOR');
    const other = new SearchCursors('another-secret-of-thirty-two-characters!!');
    expect(refusal(() => other.decode(cursor, alice, 'search-1'))).toBe('INVALID_CURSOR');
  });
});

describe('searchFingerprint', () => {
  it('ignores key order and undefined values, and tells different searches apart', () => {
    expect(searchFingerprint({ a: 1, b: [1, 2], c: undefined })).toBe(searchFingerprint({ b: [1, 2], a: 1 }));
    expect(searchFingerprint({ text: 'dog' })).not.toBe(searchFingerprint({ text: 'dogs' }));
  });
});
