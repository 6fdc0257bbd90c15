import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { dominantColors, readExif } from '../src';
import { MediaFixtures } from './media-fixtures';

let media: MediaFixtures;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'media-exif-colors-'));
  media = new MediaFixtures(dir);
});

afterAll(() => rm(dir, { recursive: true, force: true }));

/** A JPEG with the EXIF a phone writes: capture time and offset, camera, GPS position, orientation. */
async function cameraJpeg(name: string): Promise<string> {
  await sharp({ create: { width: 64, height: 48, channels: 3, background: '#336699' } })
    .withMetadata({ orientation: 6 })
    .withExifMerge({
      IFD0: { Make: 'Apple', Model: 'iPhone 13' },
      IFD2: { DateTimeOriginal: '2023:07:14 18:05:09', OffsetTimeOriginal: '+02:00' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '48/1 51/1 2959/100',
        GPSLongitudeRef: 'E',
        GPSLongitude: '2/1 17/1 4020/100',
      },
    })
    .jpeg()
    .toFile(media.path(name));
  return media.path(name);
}

/** Vertical stripes of the given colours, equal widths. */
async function stripes(name: string, colours: string[]): Promise<string> {
  const width = 100 * colours.length;
  const rects = colours.map((fill, index) => `<rect x="${index * 100}" width="100" height="120" fill="${fill}"/>`);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="120">${rects.join('')}</svg>`;
  await sharp(Buffer.from(svg)).png().toFile(media.path(name));
  return media.path(name);
}

describe('readExif', () => {
  it('reads capture time with its offset, camera, GPS position and orientation', async () => {
    expect(await readExif(await cameraJpeg('camera.jpg'))).toEqual({
      takenAt: '2023-07-14T18:05:09+02:00',
      camera: 'Apple iPhone 13',
      gps: { latitude: 48.858219, longitude: 2.2945 },
      orientation: 6,
    });
  });

  it('returns nothing, without throwing, for files without EXIF, damaged or missing', async () => {
    const plain = await media.image('plain.png', 'png', 32, 32);
    const webp = await media.image('plain.webp', 'webp', 32, 32);
    const truncated = await media.truncated('truncated.jpg', await cameraJpeg('whole.jpg'), 0.02);
    const garbage = await media.random('garbage.bin', 2048);
    for (const path of [plain, webp, truncated, garbage, media.path('missing.jpg')]) {
      expect(await readExif(path)).toEqual({});
    }
  });
});

describe('dominantColors', () => {
  it('names a solid colour with the plain word', async () => {
    const cases: [string, string][] = [
      ['#e02020', 'red'],
      ['#1a2a6c', 'blue'],
      ['#2e9e40', 'green'],
      ['#fafafa', 'white'],
      ['#101010', 'black'],
      ['#808080', 'gray'],
      ['#7a4a20', 'brown'],
      ['#ff9ec4', 'pink'],
      ['#7030a0', 'purple'],
      ['#ff8000', 'orange'],
      ['#f5e050', 'yellow'],
    ];
    for (const [fill, name] of cases) {
      const colors = await dominantColors(await stripes(`${name}.png`, [fill]));
      expect(colors).toEqual([{ hex: fill, name, fraction: 1 }]);
    }
  });

  it('gives each stripe of a flag its share, largest first', async () => {
    const flag = await stripes('flag.png', ['#0055a4', '#ffffff', '#ef4135', '#ef4135']);
    const colors = await dominantColors(flag);
    // Downscaling blends the stripes' edges by a shade: the means stay within a step of the fills.
    expect(colors.map(({ name, fraction }) => ({ name, fraction }))).toEqual([
      { name: 'red', fraction: 0.5 },
      { name: 'blue', fraction: 0.25 },
      { name: 'white', fraction: 0.25 },
    ]);
    expect(colors.map(({ hex }) => hex)).toEqual([
      expect.stringMatching(/^#e[e-f]4[0-2]3[4-6]$/),
      expect.stringMatching(/^#0[0-1]5[4-6]a[3-5]$/),
      expect.stringMatching(/^#f[e-f]f[e-f]f[e-f]$/),
    ]);
  });

  it('returns at most the number of colours asked for', async () => {
    const rainbow = await stripes('rainbow.png', ['#e02020', '#ff8000', '#f5e050', '#2e9e40', '#1a2a6c', '#7030a0']);
    const colors = await dominantColors(rainbow, 3);
    expect(colors).toHaveLength(3);
    expect(colors.every((color) => Math.abs(color.fraction - 1 / 6) < 0.02)).toBe(true);
  });
});
