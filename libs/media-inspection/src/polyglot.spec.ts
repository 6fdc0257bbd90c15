import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findSmuggledContent, hasZipDirectoryAtEnd } from './polyglot';
import { zipArchive } from '../test/media-fixtures';

let dir: string;
let count = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'media-polyglot-'));
});

afterAll(() => rm(dir, { recursive: true, force: true }));

async function file(...parts: (Buffer | string)[]): Promise<string> {
  const path = join(dir, `file-${count++}`);
  await writeFile(path, Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : part))));
  return path;
}

/** Repeatable pseudo-random bytes standing in for compressed pixels. */
function noise(size: number, seed = 'pixels'): Buffer {
  const blocks: Buffer[] = [];
  for (let i = 0; i * 32 < size; i++) blocks.push(createHash('sha256').update(`${seed}:${i}`).digest());
  return Buffer.concat(blocks).subarray(0, size);
}

describe('findSmuggledContent', () => {
  it('finds nothing in 8 MB of high-entropy data', async () => {
    await expect(findSmuggledContent(await file(noise(8 << 20)))).resolves.toBeNull();
  });

  it('finds markup split across two read chunks, in any case', async () => {
    const before = noise((1 << 20) - 3);
    await expect(findSmuggledContent(await file(before, '<ScRiPt src=x>', noise(100)))).resolves.toBe('markup');
  });

  it.each(['<html>', '<?php echo 1;', '<iframe src=x>', '<svg/onload=alert(1)>', '<svg width="1" onload = "x()">'])(
    'finds %s',
    async (markup) => {
      await expect(findSmuggledContent(await file(noise(4096), markup, noise(4096)))).resolves.toBe('markup');
    },
  );

  it('leaves harmless look-alikes alone', async () => {
    const path = await file(noise(4096), '<svg width="1"></svg> <htm <?ph', noise(4096));
    await expect(findSmuggledContent(path)).resolves.toBeNull();
  });

  it('finds a zip archive at the end, even with bytes after it, and a lone zip entry', async () => {
    const zip = zipArchive('payload.txt', 'hi');
    await expect(findSmuggledContent(await file(noise(10_000), zip))).resolves.toBe('zip archive');
    await expect(hasZipDirectoryAtEnd(await file(noise(10_000), zip, noise(100)))).resolves.toBe(true);
    const entry = zip.subarray(0, 30 + 'payload.txt'.length + 2);
    await expect(findSmuggledContent(await file(noise(10_000), entry, noise(10_000)))).resolves.toBe('zip archive');
  });

  it('ignores a bare zip signature with implausible fields around it', async () => {
    const fakeLocal = Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(26, 0xff)]);
    const fakeEnd = Buffer.concat([Buffer.from('PK\x05\x06', 'latin1'), noise(18, 'end')]);
    await expect(findSmuggledContent(await file(noise(5000), fakeLocal, noise(5000), fakeEnd))).resolves.toBeNull();
  });
});
