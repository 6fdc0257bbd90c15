import { isSafeStorageKey } from './storage-key';

describe('isSafeStorageKey', () => {
  it.each([
    'media/3f1c2b7e-8a4d-4e0b-9c1a-2d5e6f7a8b9c/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0/original.jpg',
    'media/a/b/thumb_256.webp',
    'x',
  ])('accepts the system-generated key %j', (key) => {
    expect(isSafeStorageKey(key)).toBe(true);
  });

  it.each([
    ['a parent segment', '../x'],
    ['a parent segment in the middle', 'a/../../b'],
    ['".." inside a name', 'media/a..b/c'],
    ['a "." segment', 'media/./a'],
    ['a leading slash', '/etc/passwd'],
    ['a trailing slash', 'media/a/'],
    ['a doubled slash', 'media//a'],
    ['a backslash', 'a\\b'],
    ['a NUL byte', 'media/a\0.jpg'],
    ['a space', 'media/a b.jpg'],
    ['non-ASCII', 'media/é.jpg'],
    ['a query-like character', 'media/a?.jpg'],
    ['the empty key', ''],
    ['more than 500 characters', `media/${'a'.repeat(495)}`],
  ])('refuses %s', (_reason, key) => {
    expect(isSafeStorageKey(key)).toBe(false);
  });

  it('accepts exactly 500 characters', () => {
    expect(isSafeStorageKey(`media/${'a'.repeat(494)}`)).toBe(true);
  });
});
