import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Piscina } from 'piscina';
import sharp, { type Region } from 'sharp';
import type { CallContext, ImageInput } from '../src/capabilities';
import { ProviderError } from '../src/errors';
import { createLocalVision, type LocalVision } from '../src/local/vision';
import { COCO_CLASS_NAMES, cocoWords } from '../src/local/vision/coco-words';
import { decodeImage } from '../src/local/vision/decoded-image';
import { readableLines } from '../src/local/vision/text/text-lines';
import { readWithTesseract } from '../src/local/vision/text/tesseract-ocr';
import { VisionWorkerPool } from '../src/local/vision/vision-worker-pool';

// Loading every model in a worker thread takes seconds on a busy 2-CPU machine.
jest.setTimeout(120_000);

const HUMAN_ASSETS = join(dirname(require.resolve('@vladmandic/human')), '..', 'assets');

const context: CallContext = { userId: 'user-1', mediaId: 'media-1', jobId: 'job-1', recordUsage: () => undefined };

let vision: LocalVision;
let dir: string;
let portraits: ImageInput;
let document: ImageInput;

/** A region of one of human's sample images, saved as a JPEG photo. */
async function cropOf(asset: string, name: string, region: Region): Promise<ImageInput> {
  const path = join(dir, name);
  await sharp(join(HUMAN_ASSETS, asset)).extract(region).jpeg({ quality: 92 }).toFile(path);
  return { path, width: region.width, height: region.height };
}

/** Printed English at two sizes, one line light on dark, as a phone photo of a page would be. */
async function textImage(name: string): Promise<ImageInput> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1100" height="420">
    <rect width="1100" height="420" fill="#fbfaf5"/>
    <text x="40" y="90" font-size="64" font-family="DejaVu Sans">Hello World Invoice</text>
    <text x="40" y="170" font-size="26" font-family="DejaVu Sans">Total due: 42.50 EUR</text>
    <text x="40" y="230" font-size="26" font-family="DejaVu Sans">the quick brown fox jumps</text>
    <rect y="290" width="1100" height="90" fill="#202830"/>
    <text x="40" y="352" font-size="40" font-family="DejaVu Sans" fill="#ffffff">SALE 50% OFF everything</text>
  </svg>`;
  const path = join(dir, name);
  await sharp(Buffer.from(svg)).jpeg({ quality: 90 }).toFile(path);
  return { path, width: 1100, height: 420 };
}

async function rejection(work: Promise<unknown>): Promise<ProviderError> {
  try {
    await work;
  } catch (error) {
    if (error instanceof ProviderError) return error;
    throw error;
  }
  throw new Error('expected a ProviderError');
}

function expectFractions(box: { left: number; top: number; width: number; height: number } | undefined) {
  expect(box).toBeDefined();
  for (const value of Object.values(box ?? {})) expect(value >= 0 && value <= 1).toBe(true);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'local-vision-'));
  // Two sample photos side by side: a woman's portrait, a man at a restaurant table.
  portraits = await cropOf('samples.jpg', 'portraits.jpg', { left: 160, top: 0, width: 330, height: 160 });
  document = await textImage('document.jpg');
  vision = createLocalVision({ threads: 1 });
  await vision.warmUp();
}, 180_000);

afterAll(async () => {
  await vision?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('local vision', () => {
  it('runs all four capabilities on a photo in one pass', async () => {
    const analysis = await vision.analyzeImage(portraits, { moderation: true }, context);

    expect(analysis.faces).toHaveLength(2);
    for (const face of analysis.faces) {
      expect(face.confidence).toBeGreaterThanOrEqual(0.5);
      expectFractions(face.box);
    }
    const person = analysis.labels.find((label) => label.name === 'person');
    expect(person).toMatchObject({ instances: 2, parents: ['people', 'human'] });
    expect(person?.confidence).toBeGreaterThanOrEqual(0.3);
    person?.boxes?.forEach(expectFractions);
    expect(analysis.contentWarnings).toEqual([]);
    expect(Object.keys(analysis.timingsMs).sort()).toEqual(['decode', 'faces', 'labels', 'moderation', 'text']);

    // The interface calls on the same unchanged file reuse that pass.
    const [labels, faces] = await Promise.all([
      vision.labels.detectLabels(portraits, context),
      vision.faces.detectFaces(portraits, context),
    ]);
    expect(labels).toEqual(analysis.labels);
    expect(faces).toEqual(analysis.faces);
  });

  it('reads English lines with the spaces between words, in reading order', async () => {
    const lines = await vision.text.readText(document, context);

    expect(lines.map((line) => line.text)).toEqual([
      'Hello World Invoice',
      'Total due: 42.50 EUR',
      'the quick brown fox jumps',
      'SALE 50% OFF everything',
    ]);
    for (const line of lines) {
      expect(line.confidence).toBeGreaterThan(0.8);
      expectFractions(line.box);
    }
    expect(await vision.faces.detectFaces(document, context)).toEqual([]);
  });

  it('warns about nothing on a strip of portraits that a squashed resize reads as nudity', async () => {
    const strip = await cropOf('screenshot-facedetect.jpg', 'strip.jpg', {
      left: 0,
      top: 340,
      width: 800,
      height: 165,
    });

    expect(await vision.moderation.moderate(strip, context)).toEqual([]);
  });

  it('refuses a truncated JPEG as unreadable media, and the worker carries on', async () => {
    const whole = await readFile(portraits.path);
    const path = join(dir, 'truncated.jpg');
    await writeFile(path, whole.subarray(0, Math.floor(whole.length / 2)));

    const error = await rejection(vision.analyzeImage({ ...portraits, path }, { moderation: true }, context));
    expect(error).toMatchObject({ code: 'MEDIA_UNREADABLE', retryable: false });
    const intact = join(dir, 'intact.jpg');
    await writeFile(intact, whole);
    expect(await vision.moderation.moderate({ ...portraits, path: intact }, context)).toEqual([]);
  });

  it('reports a worker thread that dies mid-task as a retryable provider error', async () => {
    const pool = new VisionWorkerPool(1);
    try {
      const running = pool.run({ kind: 'warm-up' });
      // No public way to crash a thread: end it the way an out-of-memory abort would.
      const threads = (pool as unknown as { pool: Piscina }).pool.threads;
      await threads[0].terminate();

      expect(await rejection(running)).toMatchObject({ code: 'PROVIDER_UNAVAILABLE', retryable: true });
    } finally {
      await pool.close();
    }
  });
});

describe('tesseract fallback', () => {
  it('reads the same English lines', async () => {
    const image = await decodeImage(document.path);

    const lines = readableLines(await readWithTesseract(image), image);
    expect(lines.map((line) => line.text)).toEqual(
      expect.arrayContaining(['Hello World Invoice', 'Total due: 42.50 EUR']),
    );
  });
});

describe('COCO search words', () => {
  it('covers all 80 classes with lower-case names and broader words', () => {
    expect(COCO_CLASS_NAMES).toHaveLength(80);
    for (const cocoName of COCO_CLASS_NAMES) {
      const { name, parents } = cocoWords(cocoName);
      expect(name).toMatch(/^[a-z][a-z ]*$/);
      expect(parents.length).toBeGreaterThan(0);
    }
    expect(cocoWords('dog').parents).toEqual(expect.arrayContaining(['animal', 'pet']));
    expect(cocoWords('pizza').parents).toContain('food');
  });
});
