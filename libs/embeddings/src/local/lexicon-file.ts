import { gunzipSync, gzipSync } from 'node:zlib';
import type { LexiconData } from './lexicon';

/**
 * On-disk lexicon: gzip of [u32 header length][JSON header][sections], each section a typed
 * array (or the lemma list as UTF-8 lines) starting at a multiple of 4 bytes.
 */
const MAGIC = 'local-lexical';

type ArrayKind = 'u8' | 'u32' | 'f32';
type TypedArray = Uint8Array | Uint32Array | Float32Array;
type ArraySection = Exclude<keyof LexiconData, 'lemmas'>;

const ARRAY_SECTIONS: Record<ArraySection, ArrayKind> = {
  partsOfSpeech: 'u8',
  frequency: 'u32',
  textWeight: 'u8',
  senseStart: 'u32',
  senseSynset: 'u32',
  senseWeight: 'u8',
  featureStart: 'u32',
  featureSynset: 'u32',
  featureWeight: 'u8',
  contextStart: 'u32',
  contextLemma: 'u32',
  contextWeight: 'u8',
};

interface Header {
  format: typeof MAGIC;
  version: number;
  sourceHash: string;
  sections: { name: string; bytes: number }[];
}

const padding = (length: number) => (4 - (length % 4)) % 4;

export function encodeLexicon(data: LexiconData, version: number, sourceHash: string): Buffer {
  const names = ['lemmas', ...Object.keys(ARRAY_SECTIONS)] as (keyof LexiconData)[];
  const bodies = names.map((name) => {
    const value = data[name];
    return Array.isArray(value)
      ? Buffer.from(value.join('\n'), 'utf8')
      : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  });
  const header: Header = {
    format: MAGIC,
    version,
    sourceHash,
    sections: names.map((name, index) => ({ name, bytes: bodies[index].length })),
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(headerBytes.length);
  const parts: Buffer[] = [length, headerBytes, Buffer.alloc(padding(headerBytes.length))];
  for (const body of bodies) parts.push(body, Buffer.alloc(padding(body.length)));
  return gzipSync(Buffer.concat(parts), { level: 6 });
}

export interface DecodedLexicon {
  version: number;
  sourceHash: string;
  data: LexiconData;
}

function typedArray(kind: ArrayKind, bytes: Buffer): TypedArray {
  // Copy into a fresh buffer: views need aligned offsets, and the copy lets the unzipped file go.
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
  if (kind === 'u8') return new Uint8Array(buffer);
  return kind === 'u32' ? new Uint32Array(buffer) : new Float32Array(buffer);
}

export function decodeLexicon(file: Buffer): DecodedLexicon {
  const raw = gunzipSync(file);
  const headerLength = raw.readUInt32LE(0);
  const header = JSON.parse(raw.subarray(4, 4 + headerLength).toString('utf8')) as Header;
  if (header.format !== MAGIC) throw new Error('not a local-lexical lexicon file');
  let offset = 4 + headerLength + padding(headerLength);
  const sections = new Map<string, Buffer>();
  for (const { name, bytes } of header.sections) {
    sections.set(name, raw.subarray(offset, offset + bytes));
    offset += bytes + padding(bytes);
  }
  const section = (name: string) => {
    const bytes = sections.get(name);
    if (!bytes) throw new Error(`lexicon file lacks its ${name} section`);
    return bytes;
  };
  const data = { lemmas: section('lemmas').toString('utf8').split('\n') } as LexiconData;
  for (const [name, kind] of Object.entries(ARRAY_SECTIONS) as [ArraySection, ArrayKind][]) {
    (data as unknown as Record<string, TypedArray>)[name] = typedArray(kind, section(name));
  }
  return { version: header.version, sourceHash: header.sourceHash, data };
}
