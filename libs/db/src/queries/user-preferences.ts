import type { Tx } from '../database';

/** The user's privacy choices (tenant path: a user reads and changes only their own row). */
export interface UserPreferences {
  storeSearchQueries: boolean;
}

/** The caller's preferences; null when the row is not visible (no such user, or another's). */
export async function userPreferences(tx: Tx, userId: string): Promise<UserPreferences | null> {
  const [row] = await tx.$queryRaw<{ store_search_queries: boolean }[]>`
    SELECT store_search_queries FROM users WHERE id = ${userId}::uuid`;
  return row ? { storeSearchQueries: row.store_search_queries } : null;
}

/** Change the given preferences (others unchanged) and return them all; null when the row is not visible. */
export async function updateUserPreferences(
  tx: Tx,
  userId: string,
  changes: Partial<UserPreferences>,
): Promise<UserPreferences | null> {
  const [row] = await tx.$queryRaw<{ store_search_queries: boolean }[]>`
    UPDATE users
       SET store_search_queries = COALESCE(${changes.storeSearchQueries ?? null}::boolean, store_search_queries),
           updated_at = now()
     WHERE id = ${userId}::uuid
    RETURNING store_search_queries`;
  return row ? { storeSearchQueries: row.store_search_queries } : null;
}
