import type { Tx } from '../database';

export type UploadReservation =
  | { ok: true; tier: 'free' | 'premium' | 'ultimate' }
  | { ok: false; exceeded: 'uploads' | 'storage' | 'file_size'; limit: number };

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
  if (sizeBytes > Number(row.max_file)) return { ok: false, exceeded: 'file_size', limit: Number(row.max_file) };
  if (row.max_uploads !== null && row.uploads + 1 > row.max_uploads)
    return { ok: false, exceeded: 'uploads', limit: row.max_uploads };
  return { ok: false, exceeded: 'storage', limit: Number(row.max_storage) };
}

/** Give back the storage a deleted file used (never below zero). Tenant path. */
export async function releaseStorage(tx: Tx, userId: string, sizeBytes: number): Promise<void> {
  await tx.$executeRaw`
    UPDATE users SET storage_used_bytes = GREATEST(storage_used_bytes - ${sizeBytes}::bigint, 0)
     WHERE id = ${userId}::uuid`;
}
