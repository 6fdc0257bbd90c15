const MAX_KEY_LENGTH = 500;
// Segments of [A-Za-z0-9._-] joined by single slashes: no leading, trailing or doubled '/'.
const KEY_SHAPE = /^[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*$/;

/**
 * Whether `key` has the shape of a system-generated key (e.g. `media/<uuid>/<uuid>/original.jpg`).
 * Anything that could walk out of the storage root or mean different things to different vendors is refused.
 */
export function isSafeStorageKey(key: string): boolean {
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_LENGTH) return false;
  if (!KEY_SHAPE.test(key)) return false;
  // '..' anywhere (not only as a segment) and '.' segments: keys stay literal, never normalised.
  return !key.includes('..') && key.split('/').every((segment) => segment !== '.');
}

/** Throws a TypeError for a key `isSafeStorageKey` refuses; the message shows the key JSON-quoted. */
export function assertSafeStorageKey(key: string): void {
  if (!isSafeStorageKey(key)) throw new TypeError(`Refusing unsafe storage key ${JSON.stringify(key)}`);
}
