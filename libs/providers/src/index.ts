export * from './capabilities';
export * from './errors';
export * from './prices';
export * from './factory';
export * from './resilience';
export { openAiErrorClassifier } from './openai/openai-errors';
