import type * as Transformers from '@huggingface/transformers';

export type TransformersModule = typeof Transformers;

let loaded: Promise<TransformersModule> | undefined;

/**
 * transformers.js, loaded on first use (it brings onnxruntime with it) and set strictly offline:
 * no download, no cache written next to node_modules. Models are opened by absolute directory, so
 * several embedders with different MODELS_DIRs can share the library's one global `env`.
 */
export function loadTransformers(modelsDir: string): Promise<TransformersModule> {
  loaded ??= import('@huggingface/transformers').then((transformers) => {
    const { env } = transformers;
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    env.useFSCache = false;
    env.useBrowserCache = false;
    env.useWasmCache = false;
    return transformers;
  });
  return loaded.then((transformers) => {
    // Only consulted for a bare model id, which we never pass; set for anything that does.
    transformers.env.localModelPath = modelsDir;
    return transformers;
  });
}

/** Options for every from_pretrained call: local files only, on the CPU runtime bundled with the package. */
export const OFFLINE = { local_files_only: true, device: 'cpu' } as const;
