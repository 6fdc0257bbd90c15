const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

/**
 * Splits text into pieces of at most `maxBytes` UTF-8 bytes, at sentence ends where possible,
 * else between words, else between characters (never inside one).
 */
export function chunkText(text: string, maxBytes: number): string[] {
  const sentences = text
    .split(/(?<=[.!?。！？])\s+|\n+/)
    .map((sentence) => sentence.trim())
    .filter(Boolean);
  return pack(
    sentences.flatMap((sentence) => (bytes(sentence) <= maxBytes ? [sentence] : splitLong(sentence, maxBytes))),
    maxBytes,
  );
}

function splitLong(sentence: string, maxBytes: number): string[] {
  const words = sentence
    .split(/\s+/)
    .flatMap((word) => (bytes(word) <= maxBytes ? [word] : splitChars(word, maxBytes)));
  return pack(words, maxBytes);
}

function splitChars(word: string, maxBytes: number): string[] {
  const pieces: string[] = [];
  let piece = '';
  for (const char of word) {
    if (bytes(piece + char) > maxBytes) {
      pieces.push(piece);
      piece = '';
    }
    piece += char;
  }
  return piece ? [...pieces, piece] : pieces;
}

// Joins consecutive parts with spaces while they fit.
function pack(parts: string[], maxBytes: number): string[] {
  const chunks: string[] = [];
  let chunk = '';
  for (const part of parts) {
    const joined = chunk ? `${chunk} ${part}` : part;
    if (bytes(joined) <= maxBytes) {
      chunk = joined;
      continue;
    }
    chunks.push(chunk);
    chunk = part;
  }
  return chunk ? [...chunks, chunk] : chunks;
}
