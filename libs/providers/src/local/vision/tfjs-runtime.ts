import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

/** The .wasm binaries ship inside the backend package: no download, no CDN. */
export const WASM_DIR = `${dirname(require.resolve('@tensorflow/tfjs-backend-wasm'))}/`;

let ready: Promise<void> | undefined;

/** TensorFlow.js on the WASM backend, with `file://` model URLs readable; once per thread. */
export function tfjsReady(): Promise<void> {
  ready ??= start().catch((error: unknown) => {
    ready = undefined;
    throw error;
  });
  return ready;
}

async function start(): Promise<void> {
  // Routers answer null for URLs they do not handle; tfjs types the return too narrowly.
  tf.io.registerLoadRouter((url) => fileModelHandler(url) as tf.io.IOHandler);
  setWasmPaths(WASM_DIR);
  // One thread per model call: parallelism comes from the worker pool, and the CPUs are shared.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  if (!(await tf.setBackend('wasm'))) throw new Error('the TensorFlow.js WASM backend did not start');
  await tf.ready();
}

/** Node's fetch refuses `file://`, and tfjs-node (which reads files) downloads a binary at install. */
function fileModelHandler(url: string | string[]): tf.io.IOHandler | null {
  if (typeof url !== 'string' || !url.startsWith('file://')) return null;
  const modelPath = fileURLToPath(url);
  return {
    load: async () => {
      const modelJson = JSON.parse(await readFile(modelPath, 'utf8')) as tf.io.ModelJSON;
      return tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => {
        const specs = manifest.flatMap((group) => group.weights);
        const shards = await Promise.all(
          manifest.flatMap((group) => group.paths).map((shard) => readFile(join(dirname(modelPath), shard))),
        );
        const weights = Buffer.concat(shards);
        return [specs, weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength)];
      });
    },
  };
}

/** An RGB pixel buffer as the `[1, size, size, 3]` tensor image models take. */
export function imageTensor(rgb: Buffer, width: number, height: number): tf.Tensor4D {
  return tf.tensor4d(Int32Array.from(rgb), [1, height, width, 3], 'int32');
}
