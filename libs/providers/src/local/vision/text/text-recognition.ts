import type { InferenceSession } from 'onnxruntime-node';
import { Tensor } from 'onnxruntime-node';
import sharp from 'sharp';
import type { DecodedImage } from '../decoded-image';
import type { PixelBox } from '../geometry';
import { wordGapCentres } from './word-gaps';

/** The recogniser's fixed input height, and PaddleOCR's minimum input width (padded). */
const LINE_HEIGHT = 48;
const MIN_INPUT_WIDTH = 320;
/** Lines taller than wide by this much are vertical: read them turned both ways. */
const VERTICAL_RATIO = 1.5;

export interface RecognizedText {
  text: string;
  /** Mean probability of the characters read. */
  confidence: number;
}

/** The CTC recogniser on one text box; `dictionary[0]` is the CTC blank. */
export async function recognizeLine(
  session: InferenceSession,
  dictionary: string[],
  image: DecodedImage,
  box: PixelBox,
): Promise<RecognizedText> {
  if (box.height < box.width * VERTICAL_RATIO) return recognizeTurned(session, dictionary, image, box, 0);
  const readings = [
    await recognizeTurned(session, dictionary, image, box, -90),
    await recognizeTurned(session, dictionary, image, box, 90),
  ];
  return readings.sort((a, b) => b.confidence - a.confidence)[0];
}

async function recognizeTurned(
  session: InferenceSession,
  dictionary: string[],
  image: DecodedImage,
  box: PixelBox,
  angle: number,
): Promise<RecognizedText> {
  const { pixels, width } = await lineImage(image, box, angle);
  const inputWidth = Math.max(MIN_INPUT_WIDTH, width);
  const outputs = await session.run({
    [session.inputNames[0]]: new Tensor('float32', normalizedPlanes(pixels, width, inputWidth), [
      1,
      3,
      LINE_HEIGHT,
      inputWidth,
    ]),
  });
  const output = outputs[session.outputNames[0]];
  const [, steps, classes] = output.dims;
  // Word gaps in input pixels, mapped to the recogniser's time steps.
  const gapSteps = wordGapCentres(pixels, width, LINE_HEIGHT).map((x) => (x * steps) / inputWidth);
  return decodeCtc(output.data as Float32Array, steps, classes, dictionary, gapSteps);
}

/** The box cut from the image, turned, at the recogniser's height (width follows the aspect). */
async function lineImage(image: DecodedImage, box: PixelBox, angle: number) {
  const left = Math.max(0, Math.floor(box.left));
  const top = Math.max(0, Math.floor(box.top));
  const width = Math.max(1, Math.min(image.width - left, Math.ceil(box.width)));
  const height = Math.max(1, Math.min(image.height - top, Math.ceil(box.height)));
  const turned = angle === 0 ? { width, height } : { width: height, height: width };
  const lineWidth = Math.max(8, Math.round((turned.width * LINE_HEIGHT) / turned.height));
  const pixels = await sharp(image.rgb, { raw: { width: image.width, height: image.height, channels: 3 } })
    .extract({ left, top, width, height })
    .rotate(angle)
    .resize(lineWidth, LINE_HEIGHT, { fit: 'fill' })
    .raw()
    .toBuffer();
  return { pixels, width: lineWidth };
}

/** BGR planes scaled to -1..1 as PaddleOCR feeds its recogniser; the padding stays 0. */
function normalizedPlanes(rgb: Uint8Array, width: number, inputWidth: number): Float32Array {
  const plane = LINE_HEIGHT * inputWidth;
  const planes = new Float32Array(3 * plane);
  for (let y = 0; y < LINE_HEIGHT; y++) {
    for (let x = 0; x < width; x++) {
      const source = (y * width + x) * 3;
      const target = y * inputWidth + x;
      for (let channel = 0; channel < 3; channel++) {
        planes[channel * plane + target] = rgb[source + 2 - channel] / 127.5 - 1;
      }
    }
  }
  return planes;
}

/** Greedy CTC decoding, with a space put back wherever the pixels show a word gap. */
function decodeCtc(
  probabilities: Float32Array,
  steps: number,
  classes: number,
  dictionary: string[],
  gapSteps: number[],
): RecognizedText {
  let text = '';
  let confidenceSum = 0;
  let characters = 0;
  let previousClass = 0;
  let previousStep = -1;
  for (let step = 0; step < steps; step++) {
    let best = 0;
    for (let index = 1; index < classes; index++) {
      if (probabilities[step * classes + index] > probabilities[step * classes + best]) best = index;
    }
    if (best !== 0 && best !== previousClass) {
      const character = dictionary[best] ?? '';
      const gapBefore = gapSteps.some((gap) => gap > previousStep + 0.5 && gap < step + 0.5);
      if (previousStep >= 0 && gapBefore && character !== ' ' && !text.endsWith(' ')) text += ' ';
      text += character;
      confidenceSum += probabilities[step * classes + best];
      characters++;
      previousStep = step;
    }
    previousClass = best;
  }
  return { text: text.trim(), confidence: characters ? confidenceSum / characters : 0 };
}
