export * from './embedder';
export * from './local';
export * from './openai';
export * from './onnx';
export * from './factory';
