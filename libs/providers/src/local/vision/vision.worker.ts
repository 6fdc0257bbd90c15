/**
 * The piscina worker thread: every model is loaded once per thread, on first use (or warm-up),
 * and one call decodes the image once for all the capabilities asked.
 */
import { stat } from 'node:fs/promises';
import type { Human } from '@vladmandic/human';
import type { NSFWJS } from 'nsfwjs/core';
import { loadModerationModel, moderateImage } from './content-moderation';
import { decodeImage, UnreadableImage, warmUpImage, type DecodedImage } from './decoded-image';
import { detectFaces } from './face-detection';
import { loadHuman } from './human-models';
import { detectObjectLabels } from './object-labels';
import { loadTextReader, type ImageTextReader } from './text/text-reader';
import {
  CAPABILITIES,
  type Capability,
  type CapabilityResults,
  type VisionTask,
  type VisionTaskResult,
  type VisionTimings,
} from './vision-task';

/** A model loaded once per thread; a failed load is forgotten, so the next call tries again. */
class LoadedOnce<T> {
  private loading?: Promise<T>;

  constructor(private readonly load: () => Promise<T>) {}

  get(): Promise<T> {
    this.loading ??= this.load().catch((error: unknown) => {
      this.loading = undefined;
      throw error;
    });
    return this.loading;
  }
}

const human = new LoadedOnce<Human>(loadHuman);
const moderation = new LoadedOnce<NSFWJS>(loadModerationModel);
const textReader = new LoadedOnce<ImageTextReader>(loadTextReader);

/** The last decoded image, for a pipeline that asks for capabilities one call at a time. */
let lastImage: { key: string; image: DecodedImage } | undefined;

/** A model threw: its WASM or ONNX state may be broken (an aborted WASM module stays aborted). */
class ModelFailed extends Error {
  override readonly name = 'ModelFailed';
}

/** Set after a model failure: the thread ends, and tasks reaching it meanwhile are turned away. */
let ending = false;

export default async function runVisionTask(task: VisionTask): Promise<VisionTaskResult> {
  if (ending) return { ok: false, code: 'FAILED', message: 'vision worker is restarting after a model failure' };
  try {
    if (task.kind === 'warm-up') return await warmUp();
    return await analyze(task.path, task.capabilities);
  } catch (error) {
    if (error instanceof ModelFailed) {
      // The retry gets a fresh thread: this one ends once its answer is sent, and piscina replaces it.
      ending = true;
      setImmediate(() => process.exit(1));
    }
    const code = error instanceof UnreadableImage ? 'MEDIA_UNREADABLE' : 'FAILED';
    return { ok: false, code, message: error instanceof Error ? error.message : String(error) };
  }
}

/** Loads every model, then runs each once: first inferences pay for memory and kernel setup. */
async function warmUp(): Promise<VisionTaskResult> {
  const timings: VisionTimings = {};
  const image = await warmUpImage();
  for (const capability of CAPABILITIES) {
    const started = performance.now();
    await run(capability, image, {});
    timings[capability] = Math.round(performance.now() - started);
  }
  return { ok: true, results: {}, timings };
}

async function analyze(path: string, capabilities: Capability[]): Promise<VisionTaskResult> {
  const timings: VisionTimings = {};
  const started = performance.now();
  const image = await decodeOnce(path);
  timings.decode = Math.round(performance.now() - started);
  const results: Partial<CapabilityResults> = {};
  for (const capability of capabilities) {
    const begun = performance.now();
    await run(capability, image, results);
    timings[capability] = Math.round(performance.now() - begun);
  }
  return { ok: true, results, timings };
}

async function run(capability: Capability, image: DecodedImage, results: Partial<CapabilityResults>) {
  try {
    await runModel(capability, image, results);
  } catch (error) {
    throw new ModelFailed(`${capability}: ${(error as Error).message}`, { cause: error });
  }
}

async function runModel(capability: Capability, image: DecodedImage, results: Partial<CapabilityResults>) {
  switch (capability) {
    case 'labels':
      results.labels = await detectObjectLabels(await human.get(), image);
      return;
    case 'faces':
      results.faces = await detectFaces(await human.get(), image);
      return;
    case 'text':
      results.text = await (await textReader.get()).read(image);
      return;
    case 'moderation':
      results.moderation = await moderateImage(await moderation.get(), image);
      return;
  }
}

async function decodeOnce(path: string): Promise<DecodedImage> {
  // A missing file is a storage problem, not a bad image: it stays retryable.
  const file = await stat(path);
  const key = `${path}:${file.size}:${file.mtimeMs}`;
  if (lastImage?.key === key) return lastImage.image;
  lastImage = undefined;
  const image = await decodeImage(path);
  lastImage = { key, image };
  return image;
}
