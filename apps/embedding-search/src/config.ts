import { createHash } from 'node:crypto';
import { z } from 'zod';
import { workerEnvSchema } from '@ams/config';
import { embeddingEnvShape, refineEmbeddingEnv } from '@ams/embeddings';
import { refineStorageEnv, storageEnvShape } from '@ams/storage';
import { FUSIONS } from './search/ranking';

/** How search ranks, pages and caches; every value has a default measured in bench/relevance and bench/search. */
export const searchEnvShape = {
  /** How the meaning and word lists are fused (see search/ranking.ts); bench/relevance compares them. */
  SEARCH_FUSION: z.enum(FUSIONS).default('convex'),
  /** w in fusion: how much of the gap words close above meaning (lift), or meaning's share (convex). */
  SEARCH_SEMANTIC_WEIGHT: z.coerce.number().min(0).max(1).default(0.5),
  /** Default relevance floor (0..1) when a search gives no `minScore`. */
  SEARCH_MIN_SCORE: z.coerce.number().min(0).max(1).default(0.25),
  /** Rows each list (vector, full-text) contributes before fusion: bounds how deep results go. */
  SEARCH_CANDIDATES: z.coerce.number().int().min(20).max(2000).default(300),
  /** Signs pagination cursors; every replica needs the same. Defaults to one derived from DATABASE_URL. */
  SEARCH_CURSOR_SECRET: z.string().min(32).optional(),
  /** How long a result page stays cached (it is also dropped as soon as the library changes). */
  SEARCH_CACHE_TTL_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
  /** Query embeddings are cached this long (they depend only on the text and the model). */
  QUERY_EMBEDDING_CACHE_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(0)
    .max(30 * 86_400)
    .default(7 * 86_400),
  /** search_history rows are written in batches at most this far behind the response. */
  SEARCH_HISTORY_FLUSH_MS: z.coerce.number().int().min(10).max(60_000).default(250),
  /** JSON object of price overrides, item → USD per unit (e.g. `openai.embeddings.tokens`). */
  PROVIDER_PRICES: z.string().optional(),
  /** Files re-embedded per step of a reindex run. */
  REINDEX_BATCH_SIZE: z.coerce.number().int().min(1).max(1_000).default(50),
};

/** Everything this service reads from the environment, validated at start-up. */
export const envSchema = workerEnvSchema(3103)
  // Storage: an image embedder (ONNX_IMAGE_MODEL) looks at each file's stored thumbnail.
  .extend({ ...embeddingEnvShape, ...searchEnvShape, ...storageEnvShape })
  .superRefine((env, ctx) => {
    refineEmbeddingEnv(env, ctx);
    refineStorageEnv(env, ctx);
  });

export type SearchConfig = z.infer<typeof envSchema>;

/** The cursor secret: configured, or derived from the database URL (shared by every replica, never logged). */
export function cursorSecret(configured: string | undefined, databaseUrl: string): string {
  return configured ?? createHash('sha256').update(`search-cursor:${databaseUrl}`).digest('hex');
}
