import type { TextLine } from '../../../capabilities';
import type { DecodedImage } from '../decoded-image';
import { fractionBox, type PixelBox } from '../geometry';
import type { ReadTextBox } from './paddle-ocr';

/** Readings below this mean character probability are mostly wrong. */
const MIN_LINE_CONFIDENCE = 0.6;
/** Fewer letters or digits than this is noise (a stray mark read as "l" or "-"). */
const MIN_ALPHANUMERICS = 2;
/** Boxes on one row closer than this many line heights are pieces of one line. */
const MAX_WORD_SPACING = 1.2;

/** Readable lines in reading order: noise dropped, pieces of one line joined, boxes as fractions. */
export function readableLines(read: ReadTextBox[], image: DecodedImage): TextLine[] {
  const kept = read
    .map((box) => ({ ...box, text: fixCapitalConfusions(box.text.normalize('NFKC').replace(/\s+/g, ' ').trim()) }))
    .filter((box) => box.confidence >= MIN_LINE_CONFIDENCE && alphanumerics(box.text) >= MIN_ALPHANUMERICS);
  return joinRows(kept).map((line) => ({
    text: line.text,
    confidence: Math.round(line.confidence * 100) / 100,
    box: fractionBox(line.box, image),
  }));
}

/**
 * In a word of capitals the recogniser often reads I as "l" or "1" and O as "0" ("INVOlCE",
 * "1NV-2041"), which no search for "invoice" would find. Words with other lower-case letters,
 * and digits next to digits ("COVID19", "2041"), are left alone.
 */
export function fixCapitalConfusions(text: string): string {
  return text.replace(/[\p{L}\p{N}]+/gu, (word) => {
    const capitals = (word.match(/\p{Lu}/gu) ?? []).length;
    const otherLower = (word.match(/\p{Ll}/gu) ?? []).filter((char) => char !== 'l').length;
    if (capitals < 2 || otherLower > 0) return word;
    return word
      .replace(/l/g, 'I')
      .replace(/1(?=\p{Lu})|(?<=\p{Lu})1(?=\p{Lu})/gu, 'I')
      .replace(/(?<=\p{Lu})0(?=\p{Lu})/gu, 'O');
  });
}

function alphanumerics(text: string): number {
  return (text.match(/[\p{L}\p{N}]/gu) ?? []).length;
}

function joinRows(boxes: ReadTextBox[]): ReadTextBox[] {
  const ordered = [...boxes].sort((a, b) => a.box.top + a.box.height / 2 - (b.box.top + b.box.height / 2));
  const lines: ReadTextBox[] = [];
  for (const box of ordered) {
    const line = lines.find((candidate) => continues(candidate.box, box.box));
    if (!line) {
      lines.push({ ...box });
      continue;
    }
    const [first, second] = line.box.left <= box.box.left ? [line, box] : [box, line];
    const length = line.text.length + box.text.length;
    line.confidence = (line.confidence * line.text.length + box.confidence * box.text.length) / length;
    line.text = `${first.text} ${second.text}`;
    line.box = union(line.box, box.box);
  }
  return lines.sort((a, b) => a.box.top - b.box.top || a.box.left - b.box.left);
}

/** Same row (centres within half a line height) and a word gap apart, on either side. */
function continues(line: PixelBox, box: PixelBox): boolean {
  const height = Math.min(line.height, box.height);
  const sameRow = Math.abs(line.top + line.height / 2 - (box.top + box.height / 2)) < height / 2;
  const gap = Math.max(box.left - (line.left + line.width), line.left - (box.left + box.width));
  return sameRow && gap < height * MAX_WORD_SPACING;
}

function union(a: PixelBox, b: PixelBox): PixelBox {
  const left = Math.min(a.left, b.left);
  const top = Math.min(a.top, b.top);
  return {
    left,
    top,
    width: Math.max(a.left + a.width, b.left + b.width) - left,
    height: Math.max(a.top + a.height, b.top + b.height) - top,
  };
}
