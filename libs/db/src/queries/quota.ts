import type { Tx } from '../database';

export type UploadReservation =
  | { ok: true; tier: 'free' | 'premium' | 'ultimate' }
  | { ok: false; exceeded: 'uploads' | 'storage' | 'file_size'; limit: number; used: number };

/**
 * Count one upload of `sizeBytes` against the user's tier, only if every limit allows it, in one
 * conditional UPDATE: two concurrent uploads at the limit serialise on the row and exactly one
 * passes. Runs in the transaction that records the file, so a refused or rolled-back upload
 * leaves the counters as they were. Tenant path (the user's own row).
 */
export async function reserveUpload(tx: Tx, userId: string, sizeBytes: number): Promise<UploadReservation> {
  const reserved = await tx.$queryRaw<{ tier: 'free' | 'premium' | 'ultimate' }[]>`
    UPDATE users u
       SET uploads_this_month = u.uploads_this_month + 1,
           storage_used_bytes = u.storage_used_bytes + ${sizeBytes}::bigint,
           last_activity_at = NOW()
      FROM usage_limits l
     WHERE u.id = ${userId}::uuid
       AND l.tier_name = u.subscription_tier
       AND ${sizeBytes}::bigint <= l.max_file_size_bytes
       AND within_limit(u.uploads_this_month, 1, l.max_uploads_per_month)
       AND within_limit(u.storage_used_bytes, ${sizeBytes}::bigint, l.max_storage_bytes)
    RETURNING u.subscription_tier AS tier`;
  if (reserved[0]) return { ok: true, tier: reserved[0].tier };

  // Refused: say which limit, from the same snapshot.
  const [row] = await tx.$queryRaw<
    { uploads: number; storage: bigint; max_uploads: number | null; max_storage: bigint | null; max_file: bigint }[]
  >`
    SELECT u.uploads_this_month AS uploads, u.storage_used_bytes AS storage,
           l.max_uploads_per_month AS max_uploads, l.max_storage_bytes AS max_storage,
           l.max_file_size_bytes AS max_file
      FROM users u JOIN usage_limits l ON l.tier_name = u.subscription_tier
     WHERE u.id = ${userId}::uuid`;
  if (!row) throw new Error(`user ${userId} not found while reserving an upload`);
  // `used`: what the limit is measured against (for file_size, this file's own size).
  if (sizeBytes > Number(row.max_file))
    return { ok: false, exceeded: 'file_size', limit: Number(row.max_file), used: sizeBytes };
  if (row.max_uploads !== null && row.uploads + 1 > row.max_uploads)
    return { ok: false, exceeded: 'uploads', limit: row.max_uploads, used: row.uploads };
  return { ok: false, exceeded: 'storage', limit: Number(row.max_storage), used: Number(row.storage) };
}

/** Give back the storage a deleted file used (never below zero). Tenant path. */
export async function releaseStorage(tx: Tx, userId: string, sizeBytes: number): Promise<void> {
  await tx.$executeRaw`
    UPDATE users SET storage_used_bytes = GREATEST(storage_used_bytes - ${sizeBytes}::bigint, 0)
     WHERE id = ${userId}::uuid`;
}

export type SearchConsumption =
  { allowed: true; used: number; limit: number | null } | { allowed: false; used: number; limit: number };

/**
 * Count one search against the user's monthly quota, only while within it (a NULL limit is
 * unlimited), in one conditional UPDATE: concurrent searches at the limit serialise on the row
 * and the counter never passes the limit. `used` counts this search when allowed. Tenant path.
 */
export async function consumeSearch(tx: Tx, userId: string): Promise<SearchConsumption> {
  const [counted] = await tx.$queryRaw<{ used: number; limit: number | null }[]>`
    UPDATE users u
       SET searches_this_month = u.searches_this_month + 1,
           last_activity_at = NOW()
      FROM usage_limits l
     WHERE u.id = ${userId}::uuid
       AND l.tier_name = u.subscription_tier
       AND within_limit(u.searches_this_month, 1, l.max_searches_per_month)
    RETURNING u.searches_this_month AS used, l.max_searches_per_month AS "limit"`;
  if (counted) return { allowed: true, used: counted.used, limit: counted.limit };

  const [refused] = await tx.$queryRaw<{ used: number; limit: number | null }[]>`
    SELECT u.searches_this_month AS used, l.max_searches_per_month AS "limit"
      FROM users u JOIN usage_limits l ON l.tier_name = u.subscription_tier
     WHERE u.id = ${userId}::uuid`;
  if (!refused || refused.limit === null) throw new Error(`user ${userId} not found while counting a search`);
  return { allowed: false, used: refused.used, limit: refused.limit };
}
