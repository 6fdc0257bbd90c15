import { Prisma } from '../generated/prisma/client';
import type { Tx } from '../database';

export interface MediaPageFilters {
  fileType?: 'image' | 'video';
  status?: string;
  tag?: string;
  uploadedFrom?: string;
  uploadedBefore?: string;
}

/** Position after the last row of a page: its exact (microsecond) upload time and id. */
export interface MediaPagePosition {
  uploadedAt: string;
  id: string;
}

export interface MediaPageRow {
  id: string;
  original_filename: string;
  file_type: 'image' | 'video';
  mime_type: string;
  file_size_bytes: bigint;
  status: string;
  width: number | null;
  height: number | null;
  duration_seconds: Prisma.Decimal | null;
  frame_rate: Prisma.Decimal | null;
  has_audio: boolean | null;
  tags: string[] | null;
  is_private: boolean;
  thumbnail_s3_key: string | null;
  uploaded_at: Date;
  updated_at: Date;
  indexed_at: Date | null;
  /** uploaded_at as text with microseconds: a Date would round it and skip or repeat rows. */
  position_at: string;
}

/**
 * One page of the current tenant's library, newest first, by keyset (uploaded_at, id) so a page
 * costs the same at any depth and concurrent uploads never shift it. Deleted files are hidden.
 */
export function listMediaPage(
  tx: Tx,
  options: { limit: number; after?: MediaPagePosition; filters: MediaPageFilters },
): Promise<MediaPageRow[]> {
  const { limit, after, filters } = options;
  const conditions: Prisma.Sql[] = [Prisma.sql`deleted_at IS NULL`];
  if (filters.fileType) conditions.push(Prisma.sql`file_type = ${filters.fileType}`);
  if (filters.status) conditions.push(Prisma.sql`status = ${filters.status}`);
  if (filters.tag) conditions.push(Prisma.sql`tags @> ARRAY[${filters.tag}]::text[]`);
  if (filters.uploadedFrom) conditions.push(Prisma.sql`uploaded_at >= ${filters.uploadedFrom}::timestamptz`);
  if (filters.uploadedBefore) conditions.push(Prisma.sql`uploaded_at < ${filters.uploadedBefore}::timestamptz`);
  if (after) conditions.push(Prisma.sql`(uploaded_at, id) < (${after.uploadedAt}::timestamptz, ${after.id}::uuid)`);
  return tx.$queryRaw<MediaPageRow[]>`
    SELECT id, original_filename, file_type, mime_type, file_size_bytes, status, width, height,
           duration_seconds, frame_rate, has_audio, tags, is_private, thumbnail_s3_key,
           uploaded_at, updated_at, indexed_at,
           to_char(uploaded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS position_at
      FROM media_files
     WHERE ${Prisma.join(conditions, ' AND ')}
     ORDER BY uploaded_at DESC, id DESC
     LIMIT ${limit}`;
}
