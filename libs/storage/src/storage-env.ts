import { z } from 'zod';

/**
 * The storage variables as a plain shape. Merging a shape (`base.extend(storageEnvShape)`) carries no refinement,
 * so apps write `base.extend(storageEnvShape).superRefine(refineStorageEnv)`, or use storageEnvSchema alone.
 */
export const storageEnvShape = {
  STORAGE_PROVIDER: z.enum(['local', 's3']).default('local'),
  /** Local objects live under `${DATA_DIR}/media/`. */
  DATA_DIR: z.string().min(1).default('.data'),
  S3_BUCKET: z.string().min(1).optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  /** For S3-compatible servers (MinIO, R2, …); AWS itself needs none. */
  S3_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  // Accepts the parsed boolean too, so an app's already-validated config can be parsed again.
  S3_FORCE_PATH_STYLE: z.union([z.boolean(), z.stringbool({ truthy: ['true'], falsy: ['false'] })]).default(false),
  /** Both or neither; without them the SDK's default credential chain (role, profile, …) applies. */
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  PRESIGNED_URL_TTL_SECONDS: z.coerce.number().int().min(30).max(3600).default(300),
};

type StorageFields = z.infer<z.ZodObject<typeof storageEnvShape>>;

/** The cross-field rules, as a `superRefine` callback apps can apply after merging the shape. */
export function refineStorageEnv(env: StorageFields, ctx: z.RefinementCtx): void {
  if (env.STORAGE_PROVIDER === 's3' && !env.S3_BUCKET) {
    ctx.addIssue({ code: 'custom', path: ['S3_BUCKET'], message: 'S3_BUCKET is required when STORAGE_PROVIDER=s3' });
  }
  if (Boolean(env.S3_ACCESS_KEY_ID) !== Boolean(env.S3_SECRET_ACCESS_KEY)) {
    const [given, missing] = env.S3_ACCESS_KEY_ID
      ? ['S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY']
      : ['S3_SECRET_ACCESS_KEY', 'S3_ACCESS_KEY_ID'];
    ctx.addIssue({ code: 'custom', path: [missing], message: `${missing} is required with ${given}` });
  }
}

export const storageEnvSchema = z.object(storageEnvShape).superRefine(refineStorageEnv);

export type StorageEnv = z.infer<typeof storageEnvSchema>;
