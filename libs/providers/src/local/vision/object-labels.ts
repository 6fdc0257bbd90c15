import type { Human } from '@vladmandic/human';
import type { DetectedLabel } from '../../capabilities';
import { cocoWords } from './coco-words';
import { squareCrop, type DecodedImage } from './decoded-image';
import { fractionBox, letterboxRegion, regionBoxToPixels } from './geometry';
import { OBJECTS } from './human-models';
import { imageTensor } from './tfjs-runtime';

const CENTERNET_INPUT = 512;
/** Below this CenterNet's guesses are mostly wrong on real photos. */
const MIN_OBJECT_CONFIDENCE = 0.3;

/** COCO objects in the whole photo, one label per class with its instances counted. */
export async function detectObjectLabels(human: Human, image: DecodedImage): Promise<DetectedLabel[]> {
  const region = letterboxRegion(image);
  const input = imageTensor(await squareCrop(image, region, CENTERNET_INPUT), CENTERNET_INPUT, CENTERNET_INPUT);
  try {
    const { object } = await human.detect(input, OBJECTS);
    const byName = new Map<string, Required<DetectedLabel>>();
    for (const found of object) {
      if (found.score < MIN_OBJECT_CONFIDENCE) continue;
      const { name, parents } = cocoWords(found.label);
      const label = byName.get(name) ?? { name, confidence: 0, instances: 0, parents, boxes: [] };
      label.confidence = Math.max(label.confidence, found.score);
      label.instances += 1;
      label.boxes.push(fractionBox(regionBoxToPixels(found.boxRaw, region), image));
      byName.set(name, label);
    }
    return [...byName.values()].sort((a, b) => b.confidence - a.confidence);
  } finally {
    input.dispose();
  }
}
