import { z } from 'zod';

/**
 * Auth settings every app that verifies tokens merges into its env schema. AUTH_PROVIDER
 * defaults to `local` outside production and `firebase` in production (see resolveAuthProvider).
 */
export const authEnvShape = {
  AUTH_PROVIDER: z.enum(['local', 'firebase']).optional(),
  /** HMAC key for local tokens; when unset one is generated and kept under DATA_DIR. */
  LOCAL_AUTH_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  LOCAL_AUTH_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(3600),
  /** The Firebase project whose ID tokens are accepted (their `aud`). */
  FIREBASE_PROJECT_ID: z.string().min(1).optional(),
  /** Also ask Firebase whether the token was revoked (one network call per new token). */
  FIREBASE_CHECK_REVOKED: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true'),
};

export interface AuthEnv {
  NODE_ENV: 'development' | 'test' | 'production';
  AUTH_PROVIDER?: 'local' | 'firebase';
  LOCAL_AUTH_SECRET?: string;
  LOCAL_AUTH_TOKEN_TTL_SECONDS: number;
  FIREBASE_PROJECT_ID?: string;
  FIREBASE_CHECK_REVOKED: boolean;
  DATA_DIR: string;
}

export function resolveAuthProvider(env: Pick<AuthEnv, 'NODE_ENV' | 'AUTH_PROVIDER'>): 'local' | 'firebase' {
  return env.AUTH_PROVIDER ?? (env.NODE_ENV === 'production' ? 'firebase' : 'local');
}

/** Cross-field rules, as a `superRefine` callback for the app's merged schema. */
export function refineAuthEnv(
  env: Pick<AuthEnv, 'NODE_ENV' | 'AUTH_PROVIDER' | 'FIREBASE_PROJECT_ID'>,
  ctx: z.RefinementCtx,
): void {
  for (const [variable, message] of authEnvProblems(env)) ctx.addIssue({ code: 'custom', path: [variable], message });
}

/** The cross-field problems as [variable, problem] pairs. */
export function authEnvProblems(
  env: Pick<AuthEnv, 'NODE_ENV' | 'AUTH_PROVIDER' | 'FIREBASE_PROJECT_ID'>,
): [string, string][] {
  const provider = resolveAuthProvider(env);
  const problems: [string, string][] = [];
  if (provider === 'firebase' && !env.FIREBASE_PROJECT_ID)
    problems.push(['FIREBASE_PROJECT_ID', 'is required when AUTH_PROVIDER is firebase (the default in production)']);
  if (provider === 'local' && env.NODE_ENV === 'production')
    problems.push(['AUTH_PROVIDER', 'local tokens are for development; use firebase in production']);
  return problems;
}
