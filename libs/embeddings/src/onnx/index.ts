export {
  createOnnxTextEmbedder,
  ONNX_EMBEDDINGS,
  ONNX_TEXT_SIMILARITY,
  OnnxTextEmbedder,
  type OnnxTextEmbedderConfig,
} from './onnx-text-embedder';
export {
  CLIP_SIMILARITY,
  createOnnxClipEmbedder,
  OnnxClipEmbedder,
  type OnnxClipEmbedderConfig,
} from './onnx-clip-embedder';
export {
  assertIndexableDimensions,
  MAX_EMBEDDING_DIMENSIONS,
  MAX_MODEL_NAME_LENGTH,
  safeModelName,
} from './model-name';
