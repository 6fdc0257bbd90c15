import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import {
  MEDIA_DELETE_V1,
  MEDIA_GET_V1,
  MEDIA_LIST_V1,
  MEDIA_REGISTER_V1,
  MEDIA_UPDATE_V1,
  SEARCH_INDEX_FAILED_V1,
  SEARCH_INDEXED_V1,
} from '@ams/contracts';
import { Database, markMediaIndexed } from '@ams/db';
import { MessageBus } from '@ams/messaging';
import { bootServiceApp, insertTestUser } from '@ams/service-testing';
import { eventually } from '@ams/testing';
import { AppModule } from '../src/app.module';

describe('the media service and search indexing', () => {
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

  const newUser = () => insertTestUser(pool);

  async function newFile(userId: string, tags = ['beach']): Promise<string> {
    const mediaId = randomUUID();
    await bus.request(MEDIA_REGISTER_V1, {
      userId,
      mediaId,
      filename: 'original.jpg',
      originalFilename: 'beach.jpg',
      fileType: 'image',
      mimeType: 'image/jpeg',
      sizeBytes: 1234,
      storage: { bucket: 'local', key: `media/${userId}/${mediaId}/original.jpg`, thumbnailKey: null },
      tags,
      isPrivate: false,
      customMetadata: { album: 'summer' },
    });
    return mediaId;
  }

  const row = async (mediaId: string) =>
    (await pool.query(`SELECT indexed_at, analysis_details, status FROM media_files WHERE id = $1`, [mediaId])).rows[0];

  const indexed = (userId: string, mediaId: string, indexedAt: string) =>
    bus.publish(SEARCH_INDEXED_V1, { userId, mediaId, model: 'minilm-l6', embeddings: 1, indexedAt });

  it('shows when a file became searchable, in its detail and in the library list; null before', async () => {
    const userId = await newUser();
    const mediaId = await newFile(userId);
    expect((await bus.request(MEDIA_GET_V1, { userId, mediaId })).indexedAt).toBeNull();

    await indexed(userId, mediaId, '2026-03-01T10:00:00.000Z');
    await eventually(async () => (await row(mediaId)).indexed_at !== null);
    expect((await bus.request(MEDIA_GET_V1, { userId, mediaId })).indexedAt).toBe('2026-03-01T10:00:00.000Z');
    const page = await bus.request(MEDIA_LIST_V1, { userId, limit: 10, filters: {} });
    expect(page.items.find((item) => item.id === mediaId)?.indexedAt).toBe('2026-03-01T10:00:00.000Z');
  });

  it('moves indexedAt forward only: a late, older event changes nothing, a newer one moves it', async () => {
    const userId = await newUser();
    const mediaId = await newFile(userId);
    await indexed(userId, mediaId, '2026-03-02T10:00:00.000Z');
    await eventually(async () => (await row(mediaId)).indexed_at !== null);

    await indexed(userId, mediaId, '2026-03-01T10:00:00.000Z');
    await indexed(userId, mediaId, '2026-03-03T10:00:00.000Z');
    await eventually(async () => (await row(mediaId)).indexed_at.toISOString() === '2026-03-03T10:00:00.000Z');
    // Redelivery of the same event is as harmless.
    await indexed(userId, mediaId, '2026-03-03T10:00:00.000Z');
    await indexed(userId, mediaId, '2026-03-02T12:00:00.000Z');
    const marker = await newFile(userId);
    await indexed(userId, marker, '2026-03-04T10:00:00.000Z');
    await eventually(async () => (await row(marker)).indexed_at !== null); // the queue is past the events above
    expect((await row(mediaId)).indexed_at.toISOString()).toBe('2026-03-03T10:00:00.000Z');
    const stale = await app
      .get(Database)
      .service((tx) => markMediaIndexed(tx, { userId, mediaId }, new Date('2026-03-03T09:59:59.999Z')));
    expect(stale).toBeNull();
  });

  it('never marks a deleted file, nor another user’s', async () => {
    const userId = await newUser();
    const deleted = await newFile(userId);
    const kept = await newFile(userId);
    await bus.request(MEDIA_DELETE_V1, { userId, mediaId: deleted });
    await indexed(userId, deleted, '2026-03-01T10:00:00.000Z');
    await indexed(await newUser(), kept, '2026-03-01T10:00:00.000Z'); // wrong owner
    await indexed(userId, kept, '2026-03-01T11:00:00.000Z');
    await eventually(async () => (await row(kept)).indexed_at !== null);
    expect((await row(kept)).indexed_at.toISOString()).toBe('2026-03-01T11:00:00.000Z');
    expect((await row(deleted)).indexed_at).toBeNull();
  });

  it('keeps why a file could not be indexed without failing it, and forgets it once indexed', async () => {
    const userId = await newUser();
    const mediaId = await newFile(userId);
    await pool.query(
      `UPDATE media_files SET status = 'completed', analysis_details = '{"keyPhrases":["sea"]}' WHERE id = $1`,
      [mediaId],
    );
    await bus.publish(SEARCH_INDEX_FAILED_V1, {
      userId,
      mediaId,
      failedAt: '2026-03-01T10:00:00.000Z',
      errorCode: 'PROVIDER_UNAVAILABLE',
      message: 'The embedding service was unavailable.',
    });
    await eventually(async () => (await row(mediaId)).analysis_details.indexError !== undefined);
    expect(await row(mediaId)).toMatchObject({
      status: 'completed',
      indexed_at: null,
      analysis_details: { keyPhrases: ['sea'], indexError: 'The embedding service was unavailable.' },
    });
    expect((await bus.request(MEDIA_GET_V1, { userId, mediaId })).analysis.keyPhrases).toEqual(['sea']);

    await indexed(userId, mediaId, '2026-03-01T11:00:00.000Z');
    await eventually(async () => (await row(mediaId)).indexed_at !== null);
    expect((await row(mediaId)).analysis_details).toEqual({ keyPhrases: ['sea'] });
  });

  it('announces an edit of tags, custom metadata or privacy with media.updated in the same transaction', async () => {
    const userId = await newUser();
    const mediaId = await newFile(userId, ['beach']);
    const updatedEvents = async () =>
      (
        await pool.query(
          `SELECT payload FROM outbox_events WHERE event_name = 'media.updated.v1' AND payload->>'mediaId' = $1
           ORDER BY position`,
          [mediaId],
        )
      ).rows.map((r) => r.payload);

    const edited = await bus.request(MEDIA_UPDATE_V1, {
      userId,
      mediaId,
      changes: { tags: ['beach', 'sunset'], isPrivate: true },
    });
    expect(await updatedEvents()).toEqual([
      { userId, mediaId, changed: ['tags', 'isPrivate'], updatedAt: edited.updatedAt },
    ]);

    // The same values again change nothing, and announce nothing.
    await bus.request(MEDIA_UPDATE_V1, {
      userId,
      mediaId,
      changes: { tags: ['beach', 'sunset'], isPrivate: true, customMetadata: { album: 'summer' } },
    });
    expect(await updatedEvents()).toHaveLength(1);

    await bus.request(MEDIA_UPDATE_V1, { userId, mediaId, changes: { customMetadata: { album: 'winter' } } });
    expect((await updatedEvents()).map((event) => event.changed)).toEqual([['tags', 'isPrivate'], ['customMetadata']]);
  });

  it('announces nothing when the edit is refused', async () => {
    const userId = await newUser();
    const mediaId = await newFile(await newUser()); // someone else's
    await expect(bus.request(MEDIA_UPDATE_V1, { userId, mediaId, changes: { tags: ['x'] } })).rejects.toMatchObject({
      code: 'MEDIA_NOT_FOUND',
    });
    const { rows } = await pool.query(
      `SELECT count(*)::int AS n FROM outbox_events WHERE event_name = 'media.updated.v1' AND payload->>'mediaId' = $1`,
      [mediaId],
    );
    expect(rows[0].n).toBe(0);
  });
});
