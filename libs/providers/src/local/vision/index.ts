export { createLocalVision, type ImageAnalysis, type LocalVision, type LocalVisionOptions } from './local-vision';
export type { VisionTimings } from './vision-task';
