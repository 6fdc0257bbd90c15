import type { Tx } from '../database';

/**
 * Whether a search id the caller could not see is someone else's: tells a probe of another
 * tenant's search from a mistyped id. Existence only; the owner is never returned. Service path.
 */
export async function searchExistsForAnotherOwner(tx: Tx, searchId: string, userId: string): Promise<boolean> {
  const [row] = await tx.$queryRaw<{ exists: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM search_history WHERE id = ${searchId}::uuid AND user_id <> ${userId}::uuid) AS exists`;
  return row?.exists === true;
}

/** Whether the caller can see this media file (tenant path: RLS hides everyone else's). */
export async function mediaVisible(tx: Tx, mediaId: string): Promise<boolean> {
  const [row] = await tx.$queryRaw<{ exists: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM media_files WHERE id = ${mediaId}::uuid) AS exists`;
  return row?.exists === true;
}
