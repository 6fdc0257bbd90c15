import type { Tx } from '../database';

/**
 * Whether a media id the caller could not see belongs to someone else (deleted or not): tells a
 * probe of another tenant's id from a mistyped one. Existence only, by primary key; the other
 * owner is never returned. Service path (RLS would hide the row on the tenant path).
 */
export async function mediaExistsForAnotherOwner(tx: Tx, mediaId: string, userId: string): Promise<boolean> {
  const [row] = await tx.$queryRaw<{ exists: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM media_files WHERE id = ${mediaId}::uuid AND user_id <> ${userId}::uuid) AS exists`;
  return row?.exists === true;
}
