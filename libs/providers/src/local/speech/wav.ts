import { open } from 'node:fs/promises';
import { unreadableMedia } from '../../errors';

export interface WavFormat {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  /** Bytes of PCM actually present (the header's size, capped at what the file holds). */
  dataBytes: number;
  durationSeconds: number;
}

const HEADER_BYTES = 4096;

/** Reads a RIFF/WAVE header; ffmpeg adds a LIST chunk before `data`, so chunks are walked. */
export async function readWavFormat(path: string): Promise<WavFormat> {
  const file = await open(path, 'r').catch((error: unknown) => {
    throw unreadableMedia('The audio file cannot be opened.', error);
  });
  try {
    const { size } = await file.stat();
    const header = Buffer.alloc(Math.min(HEADER_BYTES, size));
    await file.read(header, 0, header.length, 0);
    return parseWavHeader(header, size);
  } finally {
    await file.close();
  }
}

function parseWavHeader(header: Buffer, fileSize: number): WavFormat {
  if (header.length < 12 || header.toString('latin1', 0, 4) !== 'RIFF' || header.toString('latin1', 8, 12) !== 'WAVE') {
    throw unreadableMedia('The audio is not a WAV file.');
  }
  let format: Omit<WavFormat, 'dataBytes' | 'durationSeconds'> | undefined;
  for (let offset = 12; offset + 8 <= header.length;) {
    const id = header.toString('latin1', offset, offset + 4);
    const size = header.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ' && body + 16 <= header.length) {
      format = {
        channels: header.readUInt16LE(body + 2),
        sampleRate: header.readUInt32LE(body + 4),
        bitsPerSample: header.readUInt16LE(body + 14),
      };
    }
    if (id === 'data') {
      if (!format) break;
      // Streamed WAVs leave the size at 0 or 0xFFFFFFFF: trust the file's length instead.
      const dataBytes = Math.min(size || Infinity, fileSize - body);
      const bytesPerSecond = format.sampleRate * format.channels * (format.bitsPerSample / 8);
      return { ...format, dataBytes, durationSeconds: bytesPerSecond ? dataBytes / bytesPerSecond : 0 };
    }
    offset = body + size + (size % 2);
  }
  throw unreadableMedia('The WAV file has no readable format or data chunk.');
}
