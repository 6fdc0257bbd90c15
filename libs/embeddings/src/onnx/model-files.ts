import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';

/** Which weights file a model loads: `onnx/<base>.onnx` (fp32) or `onnx/<base>_quantized.onnx` (q8). */
export type OnnxDtype = 'fp32' | 'q8';

export interface ModelLayout {
  /** Files besides the weights, relative to the model directory. */
  files: readonly string[];
  /** Weights base names under onnx/, e.g. `model`, or `text_model` and `vision_model`. */
  weights: readonly string[];
}

export interface LocatedModel {
  dir: string;
  dtype: OnnxDtype;
  config: Record<string, unknown>;
}

const weightsFile = (base: string, dtype: OnnxDtype) => `onnx/${base}${dtype === 'q8' ? '_quantized' : ''}.onnx`;

/** What a layout expects, for error messages. */
function describe(layout: ModelLayout): string {
  const weights = layout.weights.map((base) => `${weightsFile(base, 'fp32')} (or ${weightsFile(base, 'q8')})`);
  return [...layout.files, ...weights].join(', ');
}

/**
 * Finds `<modelsDir>/<modelId>` in the transformers.js layout and reads its config.json, or throws
 * an error naming the directory and every file it lacks. fp32 weights win unless `preferQuantized`.
 */
export function locateModel(
  modelsDir: string,
  modelId: string,
  layout: ModelLayout,
  preferQuantized = false,
): LocatedModel {
  const root = resolve(modelsDir);
  const dir = resolve(root, modelId);
  const inside = relative(root, dir);
  if (!modelId || isAbsolute(modelId) || inside === '' || inside.startsWith('..') || isAbsolute(inside)) {
    throw new Error(
      `ONNX model id "${modelId}" must be a folder inside MODELS_DIR (${root}), e.g. Xenova/all-MiniLM-L6-v2`,
    );
  }
  const expected = `expected ${describe(layout)} (the transformers.js layout, as in the Xenova/* repositories)`;
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new Error(`ONNX model "${modelId}" not found: no directory ${dir}; ${expected}`);
  }
  const has = (file: string) => existsSync(join(dir, file));
  const order: OnnxDtype[] = preferQuantized ? ['q8', 'fp32'] : ['fp32', 'q8'];
  const dtype = order.find((candidate) => layout.weights.every((base) => has(weightsFile(base, candidate))));
  const missing = [
    ...layout.files.filter((file) => !has(file)),
    ...layout.weights
      .filter((base) => !has(weightsFile(base, 'fp32')) && !has(weightsFile(base, 'q8')))
      .map((base) => weightsFile(base, 'fp32')),
  ];
  if (missing.length > 0) {
    throw new Error(`ONNX model "${modelId}" in ${dir} is incomplete: missing ${missing.join(', ')}; ${expected}`);
  }
  if (!dtype) throw new Error(`ONNX model "${modelId}" in ${dir} mixes fp32 and quantized weights; ${expected}`);
  return { dir, dtype, config: readConfig(join(dir, 'config.json')) };
}

function readConfig(path: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch (error) {
    throw new Error(`${path} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  throw new Error(`${path} must hold a JSON object`);
}

/** The first of `keys` holding a positive integer in a model config. */
export function configNumber(config: Record<string, unknown>, keys: readonly string[]): number | undefined {
  for (const key of keys) {
    const value = config[key];
    if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
  }
  return undefined;
}
