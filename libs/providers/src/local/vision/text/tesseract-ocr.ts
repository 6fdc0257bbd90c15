import { execFile } from 'node:child_process';
import sharp from 'sharp';
import type { DecodedImage } from '../decoded-image';
import type { ReadTextBox } from './paddle-ocr';

const TIMEOUT_MS = 60_000;
const MAX_OUTPUT_BYTES = 16 * 1024 * 1024;

/** The Debian `tesseract` CLI (English), used when the ONNX models cannot be loaded. */
export async function tesseractAvailable(): Promise<boolean> {
  return new Promise((resolve) => {
    execFile('tesseract', ['--version'], { timeout: 10_000 }, (error) => resolve(!error));
  });
}

/** Lines as tesseract reads them (TSV word rows grouped by block, paragraph and line). */
export async function readWithTesseract(image: DecodedImage): Promise<ReadTextBox[]> {
  const png = await sharp(image.rgb, { raw: { width: image.width, height: image.height, channels: 3 } })
    .png({ compressionLevel: 1 })
    .toBuffer();
  const tsv = await runTesseract(png);
  return linesFromTsv(tsv);
}

function runTesseract(png: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'tesseract',
      ['stdin', 'stdout', '-l', 'eng', '--psm', '3', 'tsv'],
      { timeout: TIMEOUT_MS, maxBuffer: MAX_OUTPUT_BYTES, killSignal: 'SIGKILL', encoding: 'utf8' },
      (error, stdout, stderr) =>
        error ? reject(new Error(`tesseract failed: ${stderr || error.message}`)) : resolve(stdout),
    );
    child.stdin?.end(png);
  });
}

function linesFromTsv(tsv: string): ReadTextBox[] {
  const lines = new Map<string, { words: string[]; confidences: number[]; box: [number, number, number, number] }>();
  for (const row of tsv.split('\n').slice(1)) {
    const [level, , block, paragraph, line, , left, top, width, height, confidence, ...text] = row.split('\t');
    const word = text.join('\t').trim();
    if (level !== '5' || !word || Number(confidence) < 0) continue;
    const key = `${block}.${paragraph}.${line}`;
    const entry = lines.get(key) ?? { words: [], confidences: [], box: [Infinity, Infinity, 0, 0] };
    entry.words.push(word);
    entry.confidences.push(Number(confidence) / 100);
    const [x, y, w, h] = [left, top, width, height].map(Number);
    entry.box = [
      Math.min(entry.box[0], x),
      Math.min(entry.box[1], y),
      Math.max(entry.box[2], x + w),
      Math.max(entry.box[3], y + h),
    ];
    lines.set(key, entry);
  }
  return [...lines.values()].map(({ words, confidences, box }) => ({
    text: words.join(' '),
    confidence: confidences.reduce((sum, value) => sum + value, 0) / confidences.length,
    box: { left: box[0], top: box[1], width: box[2] - box[0], height: box[3] - box[1] },
  }));
}
