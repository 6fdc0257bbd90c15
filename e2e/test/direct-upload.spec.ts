import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import request from 'supertest';
import { photo } from './media-fixtures';
import { startSystem, type RunningSystem } from './running-system';

/**
 * S3 storage for real, against a local S3-compatible server (s3rver): direct uploads through a
 * presigned PUT URL, and downloads answered with redirects to presigned GET URLs.
 */
describe('media on S3-compatible storage, end to end', () => {
  const bucket = 'ams-e2e-media';
  let s3: S3rver;
  let system: RunningSystem;
  let dir: string;
  let jpeg: Buffer;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ams-e2e-s3-'));
    s3 = new S3rver({
      address: '127.0.0.1',
      port: 0,
      silent: true,
      directory: dir,
      configureBuckets: [{ name: bucket }],
    });
    const { port } = await s3.run();
    [system, jpeg] = await Promise.all([
      startSystem(
        {
          DATA_DIR: join(dir, 'data'),
          RPC_TIMEOUT_MS: '15000',
          STORAGE_PROVIDER: 's3',
          S3_BUCKET: bucket,
          S3_ENDPOINT: `http://127.0.0.1:${port}`,
          S3_FORCE_PATH_STYLE: 'true',
          S3_ACCESS_KEY_ID: 'S3RVER',
          S3_SECRET_ACCESS_KEY: 'S3RVER',
        },
        ['gateway', 'media'],
      ),
      photo(640, 480, 5),
    ]);
  });

  afterAll(async () => {
    await system?.stop();
    await s3?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const http = () => request(system.gatewayUrl);

  async function signIn() {
    const email = `s3-${Math.random().toString(36).slice(2)}@example.com`;
    const { body } = await http().post('/v1/auth/dev-token').send({ email }).expect(200);
    return { authorization: `Bearer ${body.token}` };
  }

  it('uploads through a presigned PUT URL, verifies the object on completion and registers it', async () => {
    const auth = await signIn();
    const ticket = await http()
      .post('/v1/media/uploads')
      .set(auth)
      .send({ filename: 'direct.jpg', sizeBytes: jpeg.length, contentType: 'image/jpeg' })
      .expect(201);
    expect(ticket.body).toMatchObject({
      method: 'PUT',
      uploadId: expect.any(String),
      uploadUrl: expect.stringContaining(bucket),
    });

    const put = await fetch(ticket.body.uploadUrl, { method: 'PUT', headers: ticket.body.headers, body: jpeg });
    expect(put.status).toBe(200);

    const completed = await http()
      .post(`/v1/media/uploads/${ticket.body.uploadId}/complete`)
      .set(auth)
      .send({ filename: 'direct.jpg', tags: ['direct'] })
      .expect(201);
    expect(completed.body).toMatchObject({
      fileType: 'image',
      mimeType: 'image/jpeg',
      width: 640,
      height: 480,
      tags: ['direct'],
    });

    // Bytes are served by S3 itself: a redirect to a short-lived URL that returns them.
    const content = await http().get(`/v1/media/${completed.body.id}/content`).set(auth).redirects(0).expect(302);
    const downloaded = Buffer.from(await (await fetch(content.headers.location!)).arrayBuffer());
    expect(Buffer.compare(downloaded, jpeg)).toBe(0);

    const again = await http()
      .post(`/v1/media/uploads/${ticket.body.uploadId}/complete`)
      .set(auth)
      .send({ filename: 'direct.jpg' });
    expect(again.status).toBe(404);
    expect(again.body.code).toBe('UPLOAD_NOT_FOUND');
  });

  it('refuses to complete an upload whose object is not an image or video, and removes it', async () => {
    const auth = await signIn();
    const junk = Buffer.from('just some text pretending to be a photo');
    const ticket = await http()
      .post('/v1/media/uploads')
      .set(auth)
      .send({ filename: 'fake.jpg', sizeBytes: junk.length })
      .expect(201);
    await fetch(ticket.body.uploadUrl, { method: 'PUT', headers: ticket.body.headers, body: junk });
    const refused = await http()
      .post(`/v1/media/uploads/${ticket.body.uploadId}/complete`)
      .set(auth)
      .send({ filename: 'fake.jpg' });
    expect(refused.status).toBe(415);
    const retried = await http()
      .post(`/v1/media/uploads/${ticket.body.uploadId}/complete`)
      .set(auth)
      .send({ filename: 'fake.jpg' });
    expect(retried.body.code).toBe('UPLOAD_NOT_FOUND');
    expect((await http().get('/v1/media').set(auth).expect(200)).body.items).toEqual([]);
  });

  it("does not let one user complete another user's upload", async () => {
    const owner = await signIn();
    const thief = await signIn();
    const ticket = await http()
      .post('/v1/media/uploads')
      .set(owner)
      .send({ filename: 'mine.jpg', sizeBytes: jpeg.length, contentType: 'image/jpeg' })
      .expect(201);
    await fetch(ticket.body.uploadUrl, { method: 'PUT', headers: ticket.body.headers, body: jpeg });
    const stolen = await http()
      .post(`/v1/media/uploads/${ticket.body.uploadId}/complete`)
      .set(thief)
      .send({ filename: 'x.jpg' });
    expect(stolen.status).toBe(404);
    await http()
      .post(`/v1/media/uploads/${ticket.body.uploadId}/complete`)
      .set(owner)
      .send({ filename: 'mine.jpg' })
      .expect(201);
  });
});
