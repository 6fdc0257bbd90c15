import { createHash } from 'node:crypto';

/** embedding_models.name is VARCHAR(50) and SQL-checked as `^[a-z0-9][a-z0-9._-]{0,49}$` (libs/db). */
export const MAX_MODEL_NAME_LENGTH = 50;

/** pgvector's HNSW index, which every model gets, takes at most 2000 dimensions. */
export const MAX_EMBEDDING_DIMENSIONS = 2000;

/**
 * A row name for a model id such as `Xenova/all-MiniLM-L6-v2` → `xenova-all-minilm-l6-v2`. A long id
 * keeps its start plus a hash of the whole id, so two long ids sharing a prefix still differ.
 */
export function safeModelName(id: string): string {
  const slug = id
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .replace(/[-.]+$/, '');
  if (slug.length > 0 && slug.length <= MAX_MODEL_NAME_LENGTH) return slug;
  const hash = createHash('sha256').update(id).digest('hex').slice(0, 8);
  const head = slug.slice(0, MAX_MODEL_NAME_LENGTH - hash.length - 1).replace(/[-.]+$/, '');
  return head ? `${head}-${hash}` : `model-${hash}`;
}

/** Refuse a dimension the database could not index. */
export function assertIndexableDimensions(dimensions: number, what: string): void {
  if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > MAX_EMBEDDING_DIMENSIONS) {
    throw new Error(
      `${what}: ${dimensions} dimensions cannot be stored; the vector index takes 1..${MAX_EMBEDDING_DIMENSIONS}`,
    );
  }
}
