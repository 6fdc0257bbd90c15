import * as tf from '@tensorflow/tfjs';
import { load, type NSFWJS } from 'nsfwjs/core';
import { MobileNetV2Model } from 'nsfwjs/models/mobilenet_v2';
import type { ContentWarning } from '../../capabilities';
import { squareCrop, type DecodedImage } from './decoded-image';
import { letterboxRegion } from './geometry';
import { tfjsReady } from './tfjs-runtime';

const MOBILENET_INPUT = 224;
/** Below this the classes are too often wrong on ordinary photos (beach, party, sport). */
const MIN_WARNING_CONFIDENCE = 0.6;

/** NSFWJS classes that are warnings, in the words the product uses; Neutral and Drawing are not. */
const WARNINGS: Record<string, string> = {
  Porn: 'explicit nudity',
  Hentai: 'explicit drawing',
  Sexy: 'suggestive',
};

export async function loadModerationModel(): Promise<NSFWJS> {
  await tfjsReady();
  // NSFWJS announces the chosen model on console.info at every load; keep service logs clean.
  const info = console.info;
  console.info = () => undefined;
  try {
    return await load('MobileNetV2', { modelDefinitions: [MobileNetV2Model] });
  } finally {
    console.info = info;
  }
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
