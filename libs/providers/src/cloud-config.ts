import { z } from 'zod';
import type { AwsProvidersConfig } from './aws/create-aws-providers';
import type { OpenAiSummarizerConfig } from './openai/openai-summarizer';

/**
 * The cloud providers' variables as a plain shape, for apps to spread into their env schema. All
 * optional or defaulted: which of them are required depends on which providers are chosen.
 * AWS credentials are never configured here: the SDK's default chain (role, profile, env) applies.
 */
export const cloudProvidersEnvShape = {
  AWS_REGION: z.string().min(1).optional(),
  /** An AWS-compatible endpoint for every AWS client (LocalStack, …); AWS itself needs none. */
  AWS_ENDPOINT_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** 0..1, like every confidence in the app (Rekognition's percentages are converted). */
  REKOGNITION_MIN_CONFIDENCE: z.coerce.number().min(0).max(1).default(0.6),
  /** e.g. `en-US`; unset, Transcribe identifies the language of each recording. */
  TRANSCRIBE_LANGUAGE_CODE: z
    .string()
    .regex(/^[a-z]{2,3}-[A-Z]{2,3}$/, 'a Transcribe language code such as en-US')
    .optional(),
  /**
   * Optional bucket of ours for the extracted audio when the original cannot be transcribed in place
   * (QuickTime videos, local storage). Give it a lifecycle rule expiring `transcribe-staging/`.
   */
  TRANSCRIBE_STAGING_BUCKET: z.string().min(3).optional(),
  /** Comprehend's language for sentiment, key phrases and entities. */
  COMPREHEND_LANGUAGE_CODE: z
    .enum(['en', 'es', 'fr', 'de', 'it', 'pt', 'ar', 'hi', 'ja', 'ko', 'zh', 'zh-TW'])
    .default('en'),
  /** Per cloud request (one call, or one poll of a job). */
  PROVIDER_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(20_000),
  /** Between two polls of a Rekognition Video or Transcribe job. */
  PROVIDER_POLL_INTERVAL_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
  OPENAI_API_KEY: z.string().min(1).optional(),
  /** Any server speaking the Chat Completions API; OpenAI's own by default. */
  OPENAI_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  OPENAI_SUMMARY_MODEL: z.string().min(1).default('gpt-4o-mini'),
};

export type CloudProvidersEnv = z.infer<z.ZodObject<typeof cloudProvidersEnvShape>>;

/** The AWS providers' settings from the parsed environment. */
export function awsProvidersConfig(env: CloudProvidersEnv): AwsProvidersConfig {
  if (!env.AWS_REGION) throw new Error('AWS_REGION is required for the AWS providers');
  return {
    region: env.AWS_REGION,
    endpoint: env.AWS_ENDPOINT_URL,
    minConfidence: env.REKOGNITION_MIN_CONFIDENCE,
    timeoutMs: env.PROVIDER_TIMEOUT_MS,
    pollIntervalMs: env.PROVIDER_POLL_INTERVAL_MS,
    transcribeLanguageCode: env.TRANSCRIBE_LANGUAGE_CODE,
    transcribeStagingBucket: env.TRANSCRIBE_STAGING_BUCKET,
    comprehendLanguageCode: env.COMPREHEND_LANGUAGE_CODE,
  };
}

/** The OpenAI summarizer's settings from the parsed environment. */
export function openAiSummaryConfig(env: CloudProvidersEnv): OpenAiSummarizerConfig {
  if (!env.OPENAI_API_KEY) throw new Error('OPENAI_API_KEY is required for the OpenAI summarizer');
  return {
    apiKey: env.OPENAI_API_KEY,
    baseUrl: env.OPENAI_BASE_URL,
    model: env.OPENAI_SUMMARY_MODEL,
    timeoutMs: env.PROVIDER_TIMEOUT_MS,
  };
}
