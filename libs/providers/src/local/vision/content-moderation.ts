import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { NSFWJS } from 'nsfwjs/core';
import type { ContentWarning } from '../../capabilities';
import { squareCrop, type DecodedImage } from './decoded-image';
import { letterboxRegion } from './geometry';
import { tfjsReady } from './tfjs-runtime';

// NSFWJS bundles its MobileNetV2 as two JS modules: the model JSON, and the weights as base64.
const MOBILENET_DIR = join(
  dirname(require.resolve('nsfwjs/models/mobilenet_v2')),
  '..',
  '..',
  'models',
  'mobilenet_v2',
);
const MOBILENET_INPUT = 224;
/** Below this the classes are too often wrong on ordinary photos (beach, party, sport). */
const MIN_WARNING_CONFIDENCE = 0.6;

/** NSFWJS classes that are warnings, in the words the product uses; Neutral and Drawing are not. */
const WARNINGS: Record<string, string> = {
  Porn: 'explicit nudity',
  Hentai: 'explicit drawing',
  Sexy: 'suggestive',
};

/**
 * NSFWJS's MobileNetV2 (not InceptionV3: ten times the size). Its own
 * loader spends seconds copying the 3.5 MB base64 string character by character; this reads the
 * same two bundles and decodes the weights with Buffer.
 */
export async function loadModerationModel(): Promise<NSFWJS> {
  await tfjsReady();
  const modelJson = ((await import(join(MOBILENET_DIR, 'model.min.js'))) as { default: tf.io.ModelJSON }).default;
  const base64 = ((await import(join(MOBILENET_DIR, 'group1-shard1of1.min.js'))) as { default: string }).default;
  const weights = Buffer.from(base64, 'base64');
  const handler: tf.io.IOHandler = {
    load: () =>
      tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => [
        manifest.flatMap((group) => group.weights),
        weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
      ]),
  };
  const model = new NSFWJS(handler, { size: MOBILENET_INPUT });
  await model.load();
  return model;
}

/**
 * The whole image letterboxed into MobileNet's square input: a squashed resize stretches bodies
 * and skin and reads as nudity where there is none.
 */
export async function moderateImage(model: NSFWJS, image: DecodedImage): Promise<ContentWarning[]> {
  const pixels = await squareCrop(image, letterboxRegion(image), MOBILENET_INPUT);
  const input = tf.tensor3d(Int32Array.from(pixels), [MOBILENET_INPUT, MOBILENET_INPUT, 3], 'int32');
  try {
    const predictions = await model.classify(input, 5);
    return predictions
      .filter((prediction) => WARNINGS[prediction.className] && prediction.probability >= MIN_WARNING_CONFIDENCE)
      .map((prediction) => ({
        name: WARNINGS[prediction.className],
        confidence: Math.round(prediction.probability * 100) / 100,
      }));
  } finally {
    input.dispose();
  }
}
