export { createAwsProviders, type AwsProviders, type AwsProvidersConfig } from './create-aws-providers';
export { awsErrorClassifier } from './aws-errors';
export {
  RekognitionCelebrityRecognizer,
  RekognitionContentModerator,
  RekognitionFaceDetector,
  RekognitionLabelDetector,
  RekognitionTextReader,
  type RekognitionDeps,
} from './rekognition-images';
export { RekognitionVideoAnalyzer, type RekognitionVideoOptions } from './rekognition-video';
export { TranscribeSpeechTranscriber, type TranscribeOptions } from './transcribe-speech';
export { ComprehendTextAnalyzer, type ComprehendOptions } from './comprehend-text';
