import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { startGatewayStack, type GatewayStack } from './gateway-stack';

/** A minimal valid ZIP archive holding one stored file (what a JPEG+ZIP polyglot appends). */
function zipArchive(name: string, content: string): Buffer {
  const data = Buffer.from(content);
  const fileName = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(fileName.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(fileName.length, 28);
  const localSize = local.length + fileName.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + fileName.length, 12);
  end.writeUInt32LE(localSize, 16);
  return Buffer.concat([local, fileName, data, central, fileName, end]);
}

/** A PNG whose header declares `width` x `height` but whose data is one tiny compressed row. */
function bombPng(width: number, height: number): Buffer {
  const chunk = (type: string, body: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(body.length);
    const typed = Buffer.concat([Buffer.from(type), body]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(typed));
    return Buffer.concat([length, typed, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(0, 9); // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.alloc(1024))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('uploads the gateway refuses, leaving nothing behind', () => {
  let stack: GatewayStack;
  let user: Awaited<ReturnType<GatewayStack['signIn']>>;
  let jpeg: Buffer;

  beforeAll(async () => {
    stack = await startGatewayStack();
    user = await stack.signIn();
    jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#3366cc' } })
      .jpeg()
      .toBuffer();
  });

  afterAll(async () => {
    await stack.close();
  });

  afterEach(async () => {
    // The promise of every refusal: no row, no stored object, no counter change, no staging leftovers.
    const account = await stack.database.service((tx) => tx.user.findUniqueOrThrow({ where: { id: user.userId } }));
    expect({ uploads: account.uploadsThisMonth, storage: account.storageUsedBytes }).toEqual({
      uploads: 0,
      storage: 0n,
    });
    const rows = await stack.database.service((tx) => tx.mediaFile.count({ where: { userId: user.userId } }));
    expect(rows).toBe(0);
    expect(stack.storedObjects()).toEqual([]);
    const staging = join(stack.dataDir, 'staging');
    expect(existsSync(staging) ? readdirSync(staging) : []).toEqual([]);
  });

  const upload = () => stack.http().post('/v1/media').set('authorization', `Bearer ${user.token}`);

  it.each([
    [
      'random bytes named .png',
      () => Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)),
      'x.png',
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ],
    [
      'a PDF',
      () => Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF'),
      'doc.jpg',
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ],
    [
      'a JPEG with a ZIP archive appended (polyglot)',
      () => Buffer.concat([jpeg, zipArchive('run.js', 'alert(1)')]),
      'p.jpg',
      422,
      'CORRUPT_MEDIA',
    ],
    [
      'a GIF carrying a script (polyglot)',
      () =>
        Buffer.concat([Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;'), Buffer.from('<script>alert(1)</script>')]),
      'g.gif',
      422,
      'CORRUPT_MEDIA',
    ],
    ['a truncated JPEG', () => jpeg.subarray(0, Math.floor(jpeg.length / 2)), 'half.jpg', 422, 'CORRUPT_MEDIA'],
    [
      'a decompression bomb (60000 x 60000 declared)',
      () => bombPng(60_000, 60_000),
      'bomb.png',
      422,
      'IMAGE_TOO_LARGE',
    ],
    ['an empty file', () => Buffer.alloc(0), 'empty.jpg', 400, 'FILE_EMPTY'],
  ])('refuses %s', async (_, bytes, filename, status, code) => {
    const response = await upload().attach('file', bytes(), filename);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status, code });
    expect(response.status).toBe(status);
  });

  it.each(['../../etc/passwd.jpg', '..\\..\\boot.ini.jpg', 'photos/../../x.jpg'])(
    'refuses a path in the filename (%s) before storing a byte',
    async (filename) => {
      // `filepath`: form-data would otherwise reduce `filename` to its basename client-side.
      const options = { filepath: filename, contentType: 'image/jpeg' } as unknown as { filename: string }; // form-data option, untyped
      const response = await upload().attach('file', jpeg, options);
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('INVALID_FILENAME');
    },
  );

  it('refuses a request without a file', async () => {
    const response = await upload().field('tags', 'a,b');
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('FILE_MISSING');
  });

  it('refuses a body that is not multipart', async () => {
    const response = await upload().send({ file: 'nope' });
    expect(response.status).toBe(415);
    expect(response.body.code).toBe('UNSUPPORTED_CONTENT_TYPE');
  });

  it('refuses custom_metadata over 16 KiB and invalid JSON in it', async () => {
    const huge = JSON.stringify({ notes: 'x'.repeat(20_000) });
    const oversized = await upload().field('custom_metadata', huge).attach('file', jpeg, 'a.jpg');
    expect(oversized.status).toBe(413);
    expect(oversized.body.code).toBe('PAYLOAD_TOO_LARGE');
    const invalid = await upload().field('custom_metadata', '{"a":').attach('file', jpeg, 'a.jpg');
    expect(invalid.status).toBe(400);
    expect(invalid.body.code).toBe('INVALID_JSON');
  });

  it('refuses invalid tags and unknown fields', async () => {
    const tooMany = await upload()
      .field('tags', JSON.stringify(Array.from({ length: 51 }, (_, i) => `t${i}`)))
      .attach('file', jpeg, 'a.jpg');
    expect(tooMany.status).toBe(400);
    expect(tooMany.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'tags' }] });
    const unknown = await upload().field('owner', 'someone-else').attach('file', jpeg, 'a.jpg');
    expect(unknown.status).toBe(400);
  });

  it('stops reading a file over the plan’s size limit (free: 100 MiB) and answers 413', async () => {
    const overLimit = Buffer.alloc(100 * 1024 * 1024 + 1);
    jpeg.copy(overLimit);
    const response = await upload().attach('file', overLimit, 'huge.jpg');
    expect(response.status).toBe(413);
    expect(response.body).toMatchObject({ code: 'FILE_TOO_LARGE', maxBytes: 100 * 1024 * 1024 });
  });

  it('refuses uploads without a token', async () => {
    const response = await stack.http().post('/v1/media').attach('file', jpeg, 'a.jpg');
    expect(response.status).toBe(401);
  });

  it('refuses a direct (presigned) upload when storage is local', async () => {
    const response = await stack
      .http()
      .post('/v1/media/uploads')
      .set('authorization', `Bearer ${user.token}`)
      .send({ filename: 'big.mp4', sizeBytes: 1000 });
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('PRESIGNED_UPLOADS_UNAVAILABLE');
  });
});
