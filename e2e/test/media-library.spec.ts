import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import sharp from 'sharp';
import request from 'supertest';
import { Database } from '@ams/db';
import { eventually } from '@ams/testing';
import { photo, video } from './media-fixtures';
import { startSystem, type RunningSystem } from './running-system';

/** Uploads and the media lifecycle through the real gateway and media service processes. */
describe('the media library, end to end', () => {
  let system: RunningSystem;
  let dataDir: string;
  let pool: Pool;
  let database: Database;
  let jpeg: Buffer;
  let clip: Buffer;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ams-e2e-media-'));
    [system, jpeg] = await Promise.all([
      startSystem({ DATA_DIR: dataDir, USER_CACHE_TTL_MS: '0', RPC_TIMEOUT_MS: '15000' }, ['gateway', 'media']),
      photo(800, 600),
    ]);
    clip = video(dataDir);
    pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
    database = new Database(pool);
  });

  afterAll(async () => {
    await system?.stop();
    await database?.disconnect();
    await pool?.end();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const http = () => request(system.gatewayUrl);

  async function signIn(): Promise<{ auth: { authorization: string }; userId: string }> {
    const email = `e2e-${Math.random().toString(36).slice(2)}@example.com`;
    const { body } = await http().post('/v1/auth/dev-token').send({ email }).expect(200);
    const auth = { authorization: `Bearer ${body.token}` };
    const me = await http().get('/v1/me').set(auth).expect(200);
    return { auth, userId: me.body.id };
  }

  function upload(auth: Record<string, string>, file: Buffer, filename: string, fields: Record<string, string> = {}) {
    const req = http().post('/v1/media').set(auth);
    for (const [name, value] of Object.entries(fields)) void req.field(name, value);
    return req.attach('file', file, filename);
  }

  const storedFilesOf = (userId: string) => {
    try {
      return readdirSync(join(dataDir, 'media', 'media', userId), { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => entry.name);
    } catch {
      return [];
    }
  };

  const usage = (userId: string) =>
    database.service((tx) =>
      tx.user.findUniqueOrThrow({ where: { id: userId }, select: { uploadsThisMonth: true, storageUsedBytes: true } }),
    );

  it('uploads a photo: 201 with metadata, bytes and thumbnail stored, quota counted, media.uploaded queued', async () => {
    const { auth, userId } = await signIn();
    const response = await upload(auth, jpeg, 'Beach Day.jpg', {
      tags: '["beach","summer"]',
      is_private: 'true',
      custom_metadata: '{"album":"holidays"}',
    }).expect(201);
    expect(response.body).toMatchObject({
      filename: 'Beach Day.jpg',
      fileType: 'image',
      mimeType: 'image/jpeg',
      sizeBytes: jpeg.length,
      status: 'uploaded',
      width: 800,
      height: 600,
      tags: ['beach', 'summer'],
      isPrivate: true,
      customMetadata: { album: 'holidays' },
      hasThumbnail: true,
      links: { content: `/v1/media/${response.body.id}/content`, thumbnail: `/v1/media/${response.body.id}/thumbnail` },
    });
    expect(response.body).not.toHaveProperty('storage');

    const content = await http()
      .get(response.body.links.content)
      .set(auth)
      .buffer(true)
      .parse(binary as never)
      .expect(200);
    expect(content.headers['content-type']).toBe('image/jpeg');
    expect(content.headers['x-content-type-options']).toBe('nosniff');
    expect(Buffer.compare(content.body, jpeg)).toBe(0);

    const thumbnail = await http()
      .get(response.body.links.thumbnail)
      .set(auth)
      .buffer(true)
      .parse(binary as never)
      .expect(200);
    const preview = await sharp(thumbnail.body).metadata();
    expect(preview).toMatchObject({ format: 'webp' });
    expect(Math.max(preview.width!, preview.height!)).toBeLessThanOrEqual(512);

    await expect(usage(userId)).resolves.toEqual({ uploadsThisMonth: 1, storageUsedBytes: BigInt(jpeg.length) });
    const events = await database.service((tx) =>
      tx.outboxEvent.findMany({
        where: { eventName: 'media.uploaded.v1', payload: { path: ['mediaId'], equals: response.body.id } },
      }),
    );
    expect(events).toHaveLength(1);
    expect(events[0]!.payload).toMatchObject({ userId, fileType: 'image', subscriptionTier: 'free' });
  });

  it('uploads a video and reads its duration, frame rate and audio with ffprobe', async () => {
    const { auth } = await signIn();
    const response = await upload(auth, clip, 'clip.mp4').expect(201);
    expect(response.body).toMatchObject({
      fileType: 'video',
      mimeType: 'video/mp4',
      width: 320,
      height: 240,
      hasAudio: true,
    });
    expect(response.body.durationSeconds).toBeCloseTo(2, 0);
    expect(response.body.frameRate).toBe(25);
    expect(response.body.hasThumbnail).toBe(true);
  });

  it('pages through the library newest first and filters by type, tag and date', async () => {
    const { auth } = await signIn();
    const before = new Date().toISOString();
    const ids: string[] = [];
    for (const [index, tags] of [['a'], ['b'], ['a', 'b']].entries()) {
      const file = await photo(64, 48, index + 2);
      ids.push((await upload(auth, file, `p${index}.jpg`, { tags: tags.join(',') }).expect(201)).body.id);
    }
    ids.push((await upload(auth, clip, 'v.mp4').expect(201)).body.id);

    const first = await http().get('/v1/media?limit=3').set(auth).expect(200);
    expect(first.body.items.map((m: { id: string }) => m.id)).toEqual([ids[3], ids[2], ids[1]]);
    const second = await http().get(`/v1/media?limit=3&cursor=${first.body.nextCursor}`).set(auth).expect(200);
    expect(second.body).toMatchObject({ items: [{ id: ids[0] }], nextCursor: null });

    const videos = await http().get('/v1/media?type=video').set(auth).expect(200);
    expect(videos.body.items.map((m: { id: string }) => m.id)).toEqual([ids[3]]);
    const tagged = await http().get('/v1/media?tag=a').set(auth).expect(200);
    expect(tagged.body.items.map((m: { id: string }) => m.id)).toEqual([ids[2], ids[0]]);
    const none = await http()
      .get(`/v1/media?to=${encodeURIComponent(before)}`)
      .set(auth)
      .expect(200);
    expect(none.body.items).toEqual([]);
    const bad = await http().get('/v1/media?cursor=bm9wZQ&limit=500').set(auth).expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
  });

  it('edits tags, privacy and custom metadata, and refuses unknown fields', async () => {
    const { auth } = await signIn();
    const { body: media } = await upload(auth, jpeg, 'edit.jpg').expect(201);
    const patched = await http()
      .patch(`/v1/media/${media.id}`)
      .set(auth)
      .send({ tags: ['x', 'y', 'x'], is_private: true, custom_metadata: { rating: 5 } })
      .expect(200);
    expect(patched.body).toMatchObject({ tags: ['x', 'y'], isPrivate: true, customMetadata: { rating: 5 } });
    const fetched = await http().get(`/v1/media/${media.id}`).set(auth).expect(200);
    expect(fetched.body).toMatchObject({ tags: ['x', 'y'], isPrivate: true, analysis: { labels: [], text: [] } });
    const refused = await http().patch(`/v1/media/${media.id}`).set(auth).send({ status: 'completed' }).expect(400);
    expect(refused.body.code).toBe('VALIDATION_FAILED');
  });

  it('shows processing jobs with their progress', async () => {
    const { auth, userId } = await signIn();
    const { body: media } = await upload(auth, jpeg, 'jobs.jpg').expect(201);
    await database.service((tx) =>
      tx.processingJob.create({
        data: {
          mediaFileId: media.id,
          userId,
          jobType: 'image_analysis',
          status: 'processing',
          progressPercentage: 40,
          subscriptionTier: 'free',
        },
      }),
    );
    const { body } = await http().get(`/v1/media/${media.id}/jobs`).set(auth).expect(200);
    expect(body.jobs).toEqual([
      expect.objectContaining({ jobType: 'image_analysis', status: 'processing', progressPercentage: 40, attempts: 0 }),
    ]);
  });

  it("treats another user's media as missing (404) on every route, and refuses malformed ids (400)", async () => {
    const owner = await signIn();
    const stranger = await signIn();
    const { body: media } = await upload(owner.auth, jpeg, 'mine.jpg').expect(201);
    for (const [method, suffix] of [
      ['get', ''],
      ['get', '/content'],
      ['get', '/thumbnail'],
      ['get', '/jobs'],
      ['delete', ''],
    ] as const) {
      const response = await http()[method](`/v1/media/${media.id}${suffix}`).set(stranger.auth).expect(404);
      expect(response.body.code).toBe('MEDIA_NOT_FOUND');
    }
    await http()
      .patch(`/v1/media/${media.id}`)
      .set(stranger.auth)
      .send({ tags: ['stolen'] })
      .expect(404);
    const list = await http().get('/v1/media').set(stranger.auth).expect(200);
    expect(list.body.items).toEqual([]);
    const malformed = await http().get('/v1/media/not-a-uuid').set(owner.auth).expect(400);
    expect(malformed.body.code).toBe('VALIDATION_FAILED');
    await http().get(`/v1/media/${media.id}`).set(owner.auth).expect(200);
  });

  it('soft-deletes: hidden at once, storage given back, bytes removed asynchronously', async () => {
    const { auth, userId } = await signIn();
    const { body: media } = await upload(auth, jpeg, 'bye.jpg').expect(201);
    expect(storedFilesOf(userId).sort()).toEqual(['original.jpg', 'thumbnail.webp']);
    const deleted = await http().delete(`/v1/media/${media.id}`).set(auth).expect(200);
    expect(deleted.body).toMatchObject({ id: media.id, deletedAt: expect.any(String) });
    await http().get(`/v1/media/${media.id}`).set(auth).expect(404);
    expect((await http().get('/v1/media').set(auth).expect(200)).body.items).toEqual([]);
    await expect(usage(userId)).resolves.toEqual({ uploadsThisMonth: 1, storageUsedBytes: 0n });
    await eventually(() => storedFilesOf(userId).length === 0, 15_000);
    const row = await database.service((tx) => tx.mediaFile.findUnique({ where: { id: media.id } }));
    expect(row).toMatchObject({ status: 'deleted', deletedAt: expect.any(Date) });
  });

  it('lets exactly one of two concurrent uploads at the monthly limit through, and keeps no trace of the other', async () => {
    const { auth, userId } = await signIn();
    await database.service((tx) => tx.user.update({ where: { id: userId }, data: { uploadsThisMonth: 9 } }));
    const [a, b] = await Promise.all([upload(auth, jpeg, 'a.jpg'), upload(auth, await photo(320, 240, 9), 'b.jpg')]);
    expect([a.status, b.status].sort()).toEqual([201, 403]);
    const refused = a.status === 403 ? a : b;
    expect(refused.body).toMatchObject({ code: 'UPLOAD_QUOTA_EXCEEDED', limit: 10 });
    const accepted = a.status === 201 ? a : b;
    await expect(usage(userId)).resolves.toEqual({
      uploadsThisMonth: 10,
      storageUsedBytes: BigInt(accepted.body.sizeBytes),
    });
    const rows = await database.service((tx) => tx.mediaFile.count({ where: { userId } }));
    expect(rows).toBe(1);
    expect(storedFilesOf(userId).sort()).toEqual(['original.jpg', 'thumbnail.webp']);
    // Refused before its bytes are read: the body is drained so the client reads the answer
    // rather than a connection reset mid-upload.
    // `Connection: close` makes the server end the socket once it has answered.
    const large = Buffer.concat([jpeg, Buffer.alloc(16 * 1024 * 1024, 1)]);
    const third = await upload(auth, large, 'c.jpg').set('connection', 'close').expect(403);
    expect(third.body.code).toBe('UPLOAD_QUOTA_EXCEEDED');
  });
});

/** supertest parser that keeps a binary body as a Buffer (superagent's typings know only its Node response). */
function binary(
  res: NodeJS.ReadableStream & { setEncoding(e: string): void },
  done: (e: Error | null, b: Buffer) => void,
) {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}
