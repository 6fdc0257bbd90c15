export * from './eventually';
export * from './nest-app';
export * from './tcp-proxy';
export * from './tiny-onnx-models';
