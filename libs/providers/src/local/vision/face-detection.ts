import type { FaceResult, Human } from '@vladmandic/human';
import type { DetectedFace } from '../../capabilities';
import { squareCrop, type DecodedImage } from './decoded-image';
import {
  fractionBox,
  intersectionOverUnion,
  letterboxRegion,
  regionBoxToPixels,
  tileStarts,
  type PixelBox,
  type SquareRegion,
} from './geometry';
import { FACE_CANDIDATES, FACE_CONFIRMATION, FACE_DETAILS } from './human-models';
import { imageTensor } from './tfjs-runtime';

/** BlazeFace's own input size: tiles are handed to it at exactly this size. */
const TILE_INPUT = 256;
const DETAIL_INPUT = 512;
/** Photos with a shorter side than this get no second, finer pass. */
const MIN_SIDE_FOR_TILES = 400;
/** Tiles of the finer pass span this fraction of the longest side. */
const TILE_FRACTION = 1 / 2.5;
/** A face crop spans this many times BlazeFace's box (itself 1.4× the face). */
const DETAIL_CROP_FACTOR = 2.2;
/** Boxes from overlapping tiles that overlap this much are one face. */
const SAME_FACE_IOU = 0.35;
/** Kept without the face mesh's confirmation only when BlazeFace itself is this sure. */
const UNCONFIRMED_MIN_CONFIDENCE = 0.8;
const MIN_MESH_CONFIDENCE = 0.5;
/** Bound the time a crowd costs: FaceRes describes the largest faces only, and candidates beyond
 * the confirmation budget count only when BlazeFace is sure. */
const MAX_DESCRIBED_FACES = 4;
const MAX_CONFIRMED_FACES = 24;
const MIN_GENDER_CONFIDENCE = 0.6;
const MIN_EMOTION_CONFIDENCE = 0.4;

interface Candidate extends PixelBox {
  score: number;
}

/**
 * Faces, in two stages. BlazeFace only sees 256 px, so it runs on the whole letterboxed photo
 * and on overlapping tiles (small faces in group photos); each distinct box is then cropped
 * from the full-resolution photo, where the face mesh confirms it (dropping BlazeFace's false
 * alarms on textures and blur) and, for the largest faces, FaceRes and the emotion model
 * estimate age, gender and emotion.
 */
export async function detectFaces(human: Human, image: DecodedImage): Promise<DetectedFace[]> {
  const candidates = distinctFaces(await findCandidates(human, image));
  const largestFirst = candidates.sort((a, b) => b.width * b.height - a.width * a.height);
  const faces: { face: DetectedFace; box: PixelBox }[] = [];
  for (const [index, candidate] of largestFirst.entries()) {
    const config = index < MAX_DESCRIBED_FACES ? FACE_DETAILS : FACE_CONFIRMATION;
    const confirmed = index < MAX_CONFIRMED_FACES ? await confirmFace(human, image, candidate, config) : undefined;
    const found = confirmed ?? (candidate.score >= UNCONFIRMED_MIN_CONFIDENCE ? unconfirmed(candidate) : undefined);
    // Two candidate boxes of one face both confirm it, with nearly the same mesh box.
    if (found && !faces.some(({ box }) => intersectionOverUnion(box, found.box) > SAME_FACE_IOU)) faces.push(found);
  }
  return faces
    .map(({ face, box }) => ({ ...face, box: fractionBox(box, image) }))
    .sort((a, b) => b.confidence - a.confidence);
}

function tilePlan(image: DecodedImage): SquareRegion[] {
  const regions = [letterboxRegion(image)];
  if (Math.min(image.width, image.height) < MIN_SIDE_FOR_TILES) return regions;
  const side = Math.max(TILE_INPUT, Math.round(Math.max(image.width, image.height) * TILE_FRACTION));
  for (const top of tileStarts(image.height, side)) {
    for (const left of tileStarts(image.width, side)) regions.push({ left, top, side });
  }
  return regions;
}

async function findCandidates(human: Human, image: DecodedImage): Promise<Candidate[]> {
  const candidates: Candidate[] = [];
  for (const region of tilePlan(image)) {
    const found = await detectIn(human, image, region, TILE_INPUT, FACE_CANDIDATES);
    for (const face of found) candidates.push({ ...regionBoxToPixels(face.boxRaw, region), score: face.score });
  }
  return candidates;
}

function distinctFaces(candidates: Candidate[]): Candidate[] {
  const kept: Candidate[] = [];
  for (const candidate of [...candidates].sort((a, b) => b.score - a.score)) {
    if (!kept.some((face) => intersectionOverUnion(face, candidate) > SAME_FACE_IOU)) kept.push(candidate);
  }
  return kept;
}

function unconfirmed(candidate: Candidate): { face: DetectedFace; box: PixelBox } {
  return { face: { confidence: round2(candidate.score) }, box: candidate };
}

async function confirmFace(
  human: Human,
  image: DecodedImage,
  candidate: Candidate,
  config: typeof FACE_DETAILS,
): Promise<{ face: DetectedFace; box: PixelBox } | undefined> {
  const side = Math.max(candidate.width, candidate.height) * DETAIL_CROP_FACTOR;
  const region = {
    left: candidate.left + candidate.width / 2 - side / 2,
    top: candidate.top + candidate.height / 2 - side / 2,
    side,
  };
  const found = await detectIn(human, image, region, DETAIL_INPUT, config);
  const match = found
    .filter((face) => face.faceScore >= MIN_MESH_CONFIDENCE)
    .map((face) => ({ face, box: regionBoxToPixels(face.boxRaw, region) }))
    .filter(({ box }) => isSameFace(candidate, box))
    .sort((a, b) => b.face.score - a.face.score)[0];
  if (!match) return undefined;
  return { face: describe(match.face, Math.max(candidate.score, match.face.score)), box: match.box };
}

/** The mesh's box is tighter than BlazeFace's: same face when its centre is inside and sizes agree. */
function isSameFace(candidate: Candidate, box: PixelBox): boolean {
  const centreX = box.left + box.width / 2;
  const centreY = box.top + box.height / 2;
  const inside =
    centreX > candidate.left &&
    centreX < candidate.left + candidate.width &&
    centreY > candidate.top &&
    centreY < candidate.top + candidate.height;
  const sizeRatio = Math.max(box.width, box.height) / Math.max(candidate.width, candidate.height);
  return inside && sizeRatio > 0.3 && sizeRatio < 2;
}

function describe(face: FaceResult, confidence: number): DetectedFace {
  const described: DetectedFace = { confidence: round2(confidence) };
  if (face.age && face.age > 0) described.age = Math.round(face.age);
  if (face.gender && face.gender !== 'unknown' && (face.genderScore ?? 0) >= MIN_GENDER_CONFIDENCE) {
    described.gender = face.gender;
  }
  const emotion = face.emotion?.[0];
  if (emotion && emotion.score >= MIN_EMOTION_CONFIDENCE) described.emotion = emotion.emotion;
  return described;
}

async function detectIn(
  human: Human,
  image: DecodedImage,
  region: SquareRegion,
  size: number,
  config: typeof FACE_CANDIDATES,
): Promise<FaceResult[]> {
  const input = imageTensor(await squareCrop(image, region, size), size, size);
  try {
    return (await human.detect(input, config)).face;
  } finally {
    input.dispose();
  }
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
