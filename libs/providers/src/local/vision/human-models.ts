import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Config, Human } from '@vladmandic/human';
import { WASM_DIR, tfjsReady } from './tfjs-runtime';

// The package's main build binds @tensorflow/tfjs-node; the wasm build beside it binds
// tfjs-core + tfjs-backend-wasm, which are the copies this thread already runs.
const HUMAN_DIST = dirname(require.resolve('@vladmandic/human'));
const HUMAN_WASM_BUILD = join(HUMAN_DIST, 'human.node-wasm.js');
const MODELS_URL = `${pathToFileURL(join(HUMAN_DIST, '..', 'models')).href}/`;

type HumanConfig = Partial<Config>;

/** Every model this provider uses is loaded at start; each call then enables what it needs. */
const LOAD_CONFIG: HumanConfig = {
  backend: 'wasm',
  wasmPath: WASM_DIR,
  modelBasePath: MODELS_URL,
  debug: false,
  async: true,
  warmup: 'none',
  cacheModels: false,
  // Photos are unrelated stills, not video frames: never reuse a previous frame's result.
  cacheSensitivity: 0,
  skipAllowed: false,
  filter: { enabled: false },
  face: {
    enabled: true,
    detector: { modelPath: 'blazeface.json', rotation: false, return: false },
    mesh: { enabled: true, modelPath: 'facemesh.json' },
    iris: { enabled: false },
    attention: { enabled: false },
    emotion: { enabled: true, modelPath: 'emotion.json' },
    description: { enabled: true, modelPath: 'faceres.json' },
    antispoof: { enabled: false },
    liveness: { enabled: false },
    gear: { enabled: false },
  },
  body: { enabled: false },
  hand: { enabled: false },
  gesture: { enabled: false },
  segmentation: { enabled: false },
  object: { enabled: true, modelPath: 'centernet.json' },
};

/** CenterNet only. Human merges per-call settings into its own, so each call states all toggles. */
export const OBJECTS: HumanConfig = {
  face: { enabled: false },
  object: { enabled: true, minConfidence: 0.2, iouThreshold: 0.4, maxDetected: 50 },
};

/** BlazeFace boxes only: cheap enough to run on several tiles of one photo. */
export const FACE_CANDIDATES: HumanConfig = {
  object: { enabled: false },
  face: {
    enabled: true,
    detector: { minConfidence: 0.5, maxDetected: 25, iouThreshold: 0.3 },
    mesh: { enabled: false },
    emotion: { enabled: false },
    description: { enabled: false },
  },
};

/** One face, well framed: the face mesh confirms it is a face (about 50 ms). */
export const FACE_CONFIRMATION: HumanConfig = {
  object: { enabled: false },
  face: {
    enabled: true,
    detector: { minConfidence: 0.3, maxDetected: 5, iouThreshold: 0.3 },
    mesh: { enabled: true },
    emotion: { enabled: false },
    description: { enabled: false },
  },
};

/** As above, and FaceRes and the emotion model describe it (about 100 ms more). */
export const FACE_DETAILS: HumanConfig = {
  object: { enabled: false },
  face: {
    enabled: true,
    detector: { minConfidence: 0.3, maxDetected: 5, iouThreshold: 0.3 },
    mesh: { enabled: true },
    emotion: { enabled: true, minConfidence: 0.2 },
    description: { enabled: true, minConfidence: 0.1 },
  },
};

export async function loadHuman(): Promise<Human> {
  await tfjsReady();
  const build = (await import(HUMAN_WASM_BUILD)) as { Human?: typeof Human; default?: { Human: typeof Human } };
  const HumanClass = build.Human ?? build.default?.Human;
  if (!HumanClass) throw new Error(`no Human export in ${HUMAN_WASM_BUILD}`);
  const human = new HumanClass(LOAD_CONFIG);
  await human.load();
  const loaded = human.models.loaded();
  const missing = ['blazeface', 'facemesh', 'faceres', 'emotion', 'centernet'].filter((name) => !loaded.includes(name));
  if (missing.length) throw new Error(`human models did not load: ${missing.join(', ')}`);
  return human;
}
