import type { InferenceSession } from 'onnxruntime-node';
import { Tensor } from 'onnxruntime-node';
import { resizedImage, type DecodedImage } from '../decoded-image';
import type { PixelBox } from '../geometry';

/** PaddleOCR's defaults for the DB detector (det_limit_side_len, thresh, box_thresh, unclip_ratio). */
const MAX_SIDE = 960;
const PIXEL_THRESHOLD = 0.3;
const MIN_BOX_SCORE = 0.6;
const UNCLIP_RATIO = 1.5;
const MIN_BOX_SIDE = 3;
/** The detector's strides need sides that are multiples of 32. */
const STRIDE = 32;
const MEAN = [0.485, 0.456, 0.406];
const STD = [0.229, 0.224, 0.225];

/**
 * Text regions in image pixels, as axis-aligned boxes. The detector's probability map is cut
 * into connected regions, each grown by PaddleOCR's unclip distance; tilted text gets its
 * bounding rectangle (readable up to a few degrees of tilt).
 */
export async function findTextBoxes(session: InferenceSession, image: DecodedImage): Promise<PixelBox[]> {
  const scale = Math.min(1, MAX_SIDE / Math.max(image.width, image.height));
  const width = Math.max(STRIDE, Math.round((image.width * scale) / STRIDE) * STRIDE);
  const height = Math.max(STRIDE, Math.round((image.height * scale) / STRIDE) * STRIDE);
  const input = normalizedPlanes(await resizedImage(image, width, height), width * height);
  const outputs = await session.run({ [session.inputNames[0]]: new Tensor('float32', input, [1, 3, height, width]) });
  const probabilities = outputs[session.outputNames[0]].data as Float32Array;
  const toImageX = image.width / width;
  const toImageY = image.height / height;
  return textRegions(probabilities, width, height).map((box) => ({
    left: Math.max(0, box.left * toImageX),
    top: Math.max(0, box.top * toImageY),
    width: Math.min(image.width, (box.left + box.width) * toImageX) - Math.max(0, box.left * toImageX),
    height: Math.min(image.height, (box.top + box.height) * toImageY) - Math.max(0, box.top * toImageY),
  }));
}

/** RGB bytes as the detector's input: BGR planes, ImageNet mean and deviation (as in PaddleOCR). */
function normalizedPlanes(rgb: Buffer, pixels: number): Float32Array {
  const planes = new Float32Array(3 * pixels);
  for (let index = 0; index < pixels; index++) {
    for (let channel = 0; channel < 3; channel++) {
      const value = rgb[index * 3 + 2 - channel] / 255;
      planes[channel * pixels + index] = (value - MEAN[channel]) / STD[channel];
    }
  }
  return planes;
}

/** Connected regions of text pixels (8-neighbourhood), scored and unclipped, in map pixels. */
function textRegions(probabilities: Float32Array, width: number, height: number): PixelBox[] {
  const visited = new Uint8Array(width * height);
  const stack = new Int32Array(width * height);
  const boxes: PixelBox[] = [];
  for (let start = 0; start < probabilities.length; start++) {
    if (visited[start] || probabilities[start] <= PIXEL_THRESHOLD) continue;
    let size = 0;
    let sum = 0;
    let [left, top, right, bottom] = [width, height, 0, 0];
    stack[size++] = start;
    visited[start] = 1;
    let count = 0;
    while (size > 0) {
      const index = stack[--size];
      const x = index % width;
      const y = (index - x) / width;
      count++;
      sum += probabilities[index];
      [left, top, right, bottom] = [Math.min(left, x), Math.min(top, y), Math.max(right, x), Math.max(bottom, y)];
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          const ny = y + dy;
          if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
          const next = ny * width + nx;
          if (visited[next] || probabilities[next] <= PIXEL_THRESHOLD) continue;
          visited[next] = 1;
          stack[size++] = next;
        }
      }
    }
    const box = { left, top, width: right - left + 1, height: bottom - top + 1 };
    if (Math.min(box.width, box.height) < MIN_BOX_SIDE || sum / count < MIN_BOX_SCORE) continue;
    boxes.push(unclip(box));
  }
  return boxes;
}

/** The detector shrinks text regions; PaddleOCR grows them back by area × ratio / perimeter. */
function unclip(box: PixelBox): PixelBox {
  const distance = (box.width * box.height * UNCLIP_RATIO) / (2 * (box.width + box.height));
  return {
    left: box.left - distance,
    top: box.top - distance,
    width: box.width + 2 * distance,
    height: box.height + 2 * distance,
  };
}
