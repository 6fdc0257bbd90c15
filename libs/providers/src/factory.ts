import { z } from 'zod';
import type { AnalysisProviders } from './capabilities';
import { awsProvidersConfig, cloudProvidersEnvShape, openAiSummaryConfig } from './cloud-config';
import { createAwsProviders } from './aws';
import { createOpenAiSummarizer } from './openai';
import { createLocalLanguage } from './local/language';
import { createLocalSpeech } from './local/speech';
import { createLocalSummarizer } from './local/summary';
import { createLocalVision } from './local/vision';

/** Which implementation answers each capability; `local` needs no account and no network. */
export const providersEnvShape = {
  VISION_PROVIDER: z.enum(['local', 'aws']).default('local'),
  /** `keyframes`: sample frames and analyse each like a photo; `aws`: Rekognition Video on the S3 object. */
  VIDEO_PROVIDER: z.enum(['keyframes', 'aws']).default('keyframes'),
  SPEECH_PROVIDER: z.enum(['local', 'aws']).default('local'),
  LANGUAGE_PROVIDER: z.enum(['local', 'aws']).default('local'),
  SUMMARY_PROVIDER: z.enum(['local', 'openai']).default('local'),
  /** Worker threads running the local vision models (each holds its own copy, ~0.5 GB). */
  ANALYSIS_MODEL_THREADS: z.coerce.number().int().min(1).max(16).default(1),
  /** JSON object of price overrides, item → USD per unit (see DEFAULT_PRICES). */
  PROVIDER_PRICES: z.string().optional(),
  ...cloudProvidersEnvShape,
};

export type ProvidersEnv = z.infer<z.ZodObject<typeof providersEnvShape>>;

/** Cross-field rules: a cloud choice needs its credentials or region. */
export function refineProvidersEnv(env: ProvidersEnv, ctx: z.RefinementCtx): void {
  if (env.SUMMARY_PROVIDER === 'openai' && !env.OPENAI_API_KEY) {
    ctx.addIssue({ code: 'custom', path: ['OPENAI_API_KEY'], message: 'is required when SUMMARY_PROVIDER=openai' });
  }
  const usesAws = [env.VISION_PROVIDER, env.VIDEO_PROVIDER, env.SPEECH_PROVIDER, env.LANGUAGE_PROVIDER].includes('aws');
  if (usesAws && !env.AWS_REGION) {
    ctx.addIssue({ code: 'custom', path: ['AWS_REGION'], message: 'is required when a provider is aws' });
  }
}

/** The providers configuration asks for; local models load lazily (or on `warmUp`). */
export function createProviders(env: ProvidersEnv): AnalysisProviders {
  const choices = [env.VISION_PROVIDER, env.VIDEO_PROVIDER, env.SPEECH_PROVIDER, env.LANGUAGE_PROVIDER];
  const aws = choices.includes('aws') ? createAwsProviders(awsProvidersConfig(env)) : undefined;
  const vision =
    env.VISION_PROVIDER === 'local' ? createLocalVision({ threads: env.ANALYSIS_MODEL_THREADS }) : undefined;
  const cloud = <K extends keyof NonNullable<typeof aws>>(capability: K): NonNullable<typeof aws>[K] => {
    if (!aws) throw new Error(`${String(capability)}: aws providers are not configured`);
    return aws[capability];
  };
  return {
    labels: vision?.labels ?? cloud('labels'),
    faces: vision?.faces ?? cloud('faces'),
    text: vision?.text ?? cloud('text'),
    moderation: vision?.moderation ?? cloud('moderation'),
    celebrities: vision ? undefined : cloud('celebrities'),
    video: env.VIDEO_PROVIDER === 'aws' ? cloud('video') : undefined,
    speech: env.SPEECH_PROVIDER === 'local' ? createLocalSpeech() : cloud('speech'),
    language: env.LANGUAGE_PROVIDER === 'local' ? createLocalLanguage() : cloud('language'),
    summary:
      env.SUMMARY_PROVIDER === 'local' ? createLocalSummarizer() : createOpenAiSummarizer(openAiSummaryConfig(env)),
    warmUp: async () => vision?.warmUp(),
    close: async () => {
      await Promise.all([vision?.close(), aws?.close()]);
    },
  };
}
