import { DomainError } from '@ams/contracts';

const MAX_FILENAME_BYTES = 255;

/**
 * The client's filename, made safe to store and show: a name with path parts is refused (a
 * browser never sends one), control and reserved characters are dropped, and the length is
 * capped by bytes, keeping the extension. It never reaches a storage key.
 */
export function cleanFilename(raw: string | undefined): string {
  const name = (raw ?? '').normalize('NFC');
  if (/[/\\]/.test(name) || name.split(/[/\\]/).includes('..') || name === '.' || name === '..')
    throw new DomainError('INVALID_FILENAME', 'The filename must not contain a path.', {
      filename: name.slice(0, 100),
    });
  const cleaned = name
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f<>:"|?*\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '');
  return truncateBytes(cleaned || 'upload', MAX_FILENAME_BYTES);
}

function truncateBytes(name: string, maxBytes: number): string {
  if (Buffer.byteLength(name) <= maxBytes) return name;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 && name.length - dot <= 10 ? name.slice(dot) : '';
  let stem = name.slice(0, name.length - extension.length);
  while (Buffer.byteLength(stem + extension) > maxBytes) stem = [...stem].slice(0, -1).join('');
  return stem + extension;
}
