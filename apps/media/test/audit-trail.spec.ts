import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import {
  DomainError,
  MEDIA_DELETE_V1,
  MEDIA_GET_V1,
  MEDIA_JOBS_V1,
  MEDIA_LIST_V1,
  MEDIA_REGISTER_V1,
  MEDIA_UPDATE_V1,
} from '@ams/contracts';
import { withRequestContext } from '@ams/logging';
import { MessageBus } from '@ams/messaging';
import { bootServiceApp, insertTestUser, queuedAuditEntries } from '@ams/service-testing';
import { eventually } from '@ams/testing';
import { AppModule } from '../src/app.module';

/** An audit record as queued in the outbox (the payload of audit.record.v1). */
interface AuditEntry {
  eventType: string;
  userId: string | null;
  targetType: string | null;
  targetId: string | null;
  ipAddress: string | null;
  userAgent: string | null;
  requestId: string | null;
  sessionId: string | null;
  oldValues: Record<string, unknown> | null;
  newValues: Record<string, unknown> | null;
  metadata?: Record<string, unknown>;
  riskLevel: string;
}

describe('the media service writes the audit trail', () => {
  const pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: 2 });
  let app: NestFastifyApplication;
  let bus: MessageBus;

  beforeAll(async () => {
    app = await bootServiceApp(AppModule);
    bus = app.get(MessageBus);
    await eventually(() => bus.isConnected());
  });

  afterAll(async () => {
    await app.close();
    await pool.end();
  });

  const newUser = () => insertTestUser(pool, { label: 'audit' });

  function register(userId: string, mediaId = randomUUID(), options: { isPrivate?: boolean; sizeBytes?: number } = {}) {
    return bus.request(MEDIA_REGISTER_V1, {
      userId,
      mediaId,
      filename: 'original.jpg',
      originalFilename: 'beach.jpg',
      fileType: 'image',
      mimeType: 'image/jpeg',
      sizeBytes: options.sizeBytes ?? 1234,
      storage: { bucket: 'local', key: `media/${userId}/${mediaId}/original.jpg`, thumbnailKey: null },
      tags: ['beach'],
      isPrivate: options.isPrivate ?? false,
      customMetadata: { album: 'summer' },
    });
  }

  async function newFile(userId: string, options: { isPrivate?: boolean } = {}): Promise<string> {
    return (await register(userId, randomUUID(), options)).id;
  }

  /** Every audit entry queued about `targetId`, oldest first. */
  const entriesAbout = (targetId: string, eventType?: string) =>
    queuedAuditEntries<AuditEntry>(pool, { targetId, eventType });

  async function eventuallyEntries(targetId: string, eventType: string, count = 1): Promise<AuditEntry[]> {
    await eventually(async () => (await entriesAbout(targetId, eventType)).length >= count);
    return entriesAbout(targetId, eventType);
  }

  /** The error a call was refused with, as the caller sees it. */
  async function refusal(call: Promise<unknown>): Promise<{ code: string; message: string; details: unknown }> {
    const error = await call.then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    if (!(error instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(error)}`);
    return { code: error.code, message: error.message, details: error.details };
  }

  it('records an upload in its transaction, with the client and request the message carried', async () => {
    const userId = await newUser();
    const mediaId = randomUUID();
    const correlationId = `audit-spec-${randomUUID()}`;
    const sessionId = `session-${randomUUID()}`;
    await withRequestContext(
      correlationId,
      { ipAddress: '203.0.113.7', userAgent: 'AuditSpec/1.0 (upload)', sessionId },
      () => register(userId, mediaId),
    );

    // In the registration's own transaction: queued by the time the reply arrives.
    const entries = await entriesAbout(mediaId);
    expect(entries).toHaveLength(1);
    const [uploaded] = entries;
    expect(uploaded).toMatchObject({
      eventType: 'media.uploaded',
      userId,
      targetType: 'media_file',
      targetId: mediaId,
      ipAddress: '203.0.113.7',
      userAgent: 'AuditSpec/1.0 (upload)',
      sessionId,
      requestId: correlationId,
      riskLevel: 'low',
    });
    expect(uploaded.metadata).toEqual({
      filename: 'beach.jpg',
      mimeType: 'image/jpeg',
      sizeBytes: 1234,
      fileType: 'image',
      storageBackend: 'local',
    });
    expect(JSON.stringify(uploaded)).not.toContain(`media/${userId}`); // no storage key
  });

  it('records opening one file as a view, and not the files a list page shows', async () => {
    const userId = await newUser();
    const listed = await newFile(userId);
    const opened = await newFile(userId);

    const page = await bus.request(MEDIA_LIST_V1, { userId, limit: 10, filters: {} });
    expect(page.items.map((item) => item.id)).toEqual(expect.arrayContaining([listed, opened]));
    await bus.request(MEDIA_GET_V1, { userId, mediaId: opened });

    const [viewed] = await eventuallyEntries(opened, 'media.viewed');
    expect(viewed).toMatchObject({ userId, targetType: 'media_file', targetId: opened, riskLevel: 'low' });
    // The view above was queued after the list: had the list recorded views, they would be here.
    expect(await entriesAbout(listed, 'media.viewed')).toEqual([]);
  });

  it('records an edit with exactly the facts it changed, old and new', async () => {
    const userId = await newUser();
    const mediaId = await newFile(userId);

    await bus.request(MEDIA_UPDATE_V1, {
      userId,
      mediaId,
      changes: { tags: ['beach', 'sunset'], customMetadata: { album: 'summer' }, isPrivate: false },
    });
    const [tagsEdit] = await entriesAbout(mediaId, 'media.updated');
    expect(tagsEdit).toMatchObject({
      userId,
      targetId: mediaId,
      oldValues: { tags: ['beach'] },
      newValues: { tags: ['beach', 'sunset'] },
      riskLevel: 'low',
    });
    expect(Object.keys(tagsEdit.oldValues ?? {})).toEqual(['tags']);
    expect(Object.keys(tagsEdit.newValues ?? {})).toEqual(['tags']);

    // Sending the same facts again changes nothing and records nothing.
    await bus.request(MEDIA_UPDATE_V1, { userId, mediaId, changes: { tags: ['beach', 'sunset'] } });
    expect(await entriesAbout(mediaId, 'media.updated')).toHaveLength(1);

    await bus.request(MEDIA_UPDATE_V1, {
      userId,
      mediaId,
      changes: { customMetadata: { album: 'winter', place: 'Oslo' } },
    });
    const [, metadataEdit] = await entriesAbout(mediaId, 'media.updated');
    expect(metadataEdit.oldValues).toEqual({ customMetadata: { album: 'summer' } });
    expect(metadataEdit.newValues).toEqual({ customMetadata: { album: 'winter', place: 'Oslo' } });
  });

  it('raises the risk of an edit that makes a private file visible, not of one that hides it', async () => {
    const userId = await newUser();
    const mediaId = await newFile(userId, { isPrivate: true });

    await bus.request(MEDIA_UPDATE_V1, { userId, mediaId, changes: { isPrivate: false } });
    await bus.request(MEDIA_UPDATE_V1, { userId, mediaId, changes: { isPrivate: true } });

    const [madeVisible, madePrivate] = await entriesAbout(mediaId, 'media.updated');
    expect(madeVisible).toMatchObject({
      oldValues: { isPrivate: true },
      newValues: { isPrivate: false },
      riskLevel: 'medium',
    });
    expect(madePrivate).toMatchObject({
      oldValues: { isPrivate: false },
      newValues: { isPrivate: true },
      riskLevel: 'low',
    });
  });

  it('records a deletion in its transaction with the file name and size', async () => {
    const userId = await newUser();
    const mediaId = await newFile(userId);
    await bus.request(MEDIA_DELETE_V1, { userId, mediaId });

    const [deleted] = await entriesAbout(mediaId, 'media.deleted');
    expect(deleted).toMatchObject({
      userId,
      targetType: 'media_file',
      targetId: mediaId,
      metadata: { filename: 'beach.jpg', sizeBytes: 1234 },
      riskLevel: 'medium',
    });
    expect(JSON.stringify(deleted)).not.toContain(`media/${userId}`);
  });

  it('records an upload refused for the monthly upload count, with the limit and the count', async () => {
    const userId = await newUser();
    await pool.query(
      `UPDATE users SET uploads_this_month = l.max_uploads_per_month
         FROM usage_limits l WHERE l.tier_name = users.subscription_tier AND users.id = $1`,
      [userId],
    );
    const { rows } = await pool.query(`SELECT max_uploads_per_month FROM usage_limits WHERE tier_name = 'free'`);
    const maxUploads = rows[0].max_uploads_per_month as number;
    const mediaId = randomUUID();

    expect((await refusal(register(userId, mediaId))).code).toBe('UPLOAD_QUOTA_EXCEEDED');

    const [exceeded] = await eventuallyEntries(mediaId, 'quota.exceeded');
    expect(exceeded).toMatchObject({
      userId,
      riskLevel: 'medium',
      metadata: { limitKind: 'uploads', limit: maxUploads, used: maxUploads },
    });
    // Refused: no file, and so no upload entry.
    expect(await entriesAbout(mediaId, 'media.uploaded')).toEqual([]);
    expect((await pool.query(`SELECT 1 FROM media_files WHERE id = $1`, [mediaId])).rowCount).toBe(0);
  });

  it('records an upload refused for storage, with the limit and the bytes used', async () => {
    const userId = await newUser();
    const { rows } = await pool.query(`SELECT max_storage_bytes FROM usage_limits WHERE tier_name = 'free'`);
    const maxStorage = Number(rows[0].max_storage_bytes);
    await pool.query(`UPDATE users SET storage_used_bytes = $2 WHERE id = $1`, [userId, maxStorage - 100]);
    const mediaId = randomUUID();

    expect((await refusal(register(userId, mediaId, { sizeBytes: 1234 }))).code).toBe('STORAGE_QUOTA_EXCEEDED');

    const [exceeded] = await eventuallyEntries(mediaId, 'quota.exceeded');
    expect(exceeded.metadata).toEqual({ limitKind: 'storage', limit: maxStorage, used: maxStorage - 100 });
  });

  describe("another user's media id", () => {
    let owner: string;
    let intruder: string;
    let ownersFile: string;

    beforeAll(async () => {
      owner = await newUser();
      intruder = await newUser();
      ownersFile = await newFile(owner);
    });

    const byIdCalls = (userId: string, mediaId: string) => ({
      get: () => bus.request(MEDIA_GET_V1, { userId, mediaId }),
      update: () => bus.request(MEDIA_UPDATE_V1, { userId, mediaId, changes: { tags: ['mine-now'] } }),
      delete: () => bus.request(MEDIA_DELETE_V1, { userId, mediaId }),
      jobs: () => bus.request(MEDIA_JOBS_V1, { userId, mediaId }),
    });

    it('is refused exactly like an unknown id, and recorded as a cross-tenant attempt', async () => {
      const unknownId = randomUUID();
      const probe = byIdCalls(intruder, ownersFile);
      const guess = byIdCalls(intruder, unknownId);
      for (const operation of ['get', 'update', 'delete', 'jobs'] as const) {
        const probed = await refusal(probe[operation]());
        const guessed = await refusal(guess[operation]());
        expect(probed.code).toBe('MEDIA_NOT_FOUND');
        // The same answer, apart from echoing the id the caller sent.
        expect(probed).toEqual({ ...guessed, details: { mediaId: ownersFile } });
        expect(guessed.details).toEqual({ mediaId: unknownId });
      }

      const crossTenant = await eventuallyEntries(ownersFile, 'access.cross_tenant', 4);
      expect(crossTenant.map((entry) => entry.metadata?.['operation']).sort()).toEqual([
        'delete',
        'get',
        'jobs',
        'update',
      ]);
      for (const entry of crossTenant) {
        expect(entry).toMatchObject({
          userId: intruder,
          targetType: 'media_file',
          targetId: ownersFile,
          riskLevel: 'high',
          metadata: { ownerIsOther: true },
        });
      }
      const notFound = await eventuallyEntries(unknownId, 'access.not_found', 4);
      for (const entry of notFound) {
        expect(entry).toMatchObject({ userId: intruder, targetId: unknownId, riskLevel: 'medium' });
        expect(entry.metadata?.['ownerIsOther']).toBe(false);
      }
      expect(await entriesAbout(unknownId, 'access.cross_tenant')).toEqual([]);

      // The owner's file is untouched, and no entry the intruder caused names the owner.
      const file = await bus.request(MEDIA_GET_V1, { userId: owner, mediaId: ownersFile });
      expect(file.tags).toEqual(['beach']);
      const { rows } = await pool.query<{ payload: unknown; headers: unknown }>(
        `SELECT payload, headers FROM outbox_events
          WHERE event_name = 'audit.record.v1' AND payload->>'userId' = $1`,
        [intruder],
      );
      expect(rows).toHaveLength(8);
      expect(JSON.stringify(rows)).not.toContain(owner);
    });

    it("counts the caller's own deleted file as not found, not as another tenant's", async () => {
      const mediaId = await newFile(owner);
      await bus.request(MEDIA_DELETE_V1, { userId: owner, mediaId });
      expect((await refusal(bus.request(MEDIA_GET_V1, { userId: owner, mediaId }))).code).toBe('MEDIA_NOT_FOUND');

      const [notFound] = await eventuallyEntries(mediaId, 'access.not_found');
      expect(notFound).toMatchObject({ userId: owner, metadata: { operation: 'get', ownerIsOther: false } });
      expect(await entriesAbout(mediaId, 'access.cross_tenant')).toEqual([]);
    });
  });
});
