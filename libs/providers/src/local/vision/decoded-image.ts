import sharp from 'sharp';
import type { SquareRegion } from './geometry';

/** Larger photos are downscaled once to this longest side: detail beyond it only costs time. */
const MAX_SIDE = 2560;
/** Same guard as media inspection: uploads reaching analysis have passed it, keyframes too. */
const MAX_INPUT_PIXELS = 150_000_000;

/** An image decoded once per worker call and shared by every capability. */
export interface DecodedImage {
  /** 3 bytes per pixel, EXIF orientation applied, transparency flattened onto white. */
  rgb: Buffer;
  width: number;
  height: number;
}

/** The file cannot be decoded: truncated, corrupt or not an image. */
export class UnreadableImage extends Error {
  override readonly name = 'UnreadableImage';
}

export async function decodeImage(path: string): Promise<DecodedImage> {
  try {
    // 'error' like media inspection: camera JPEGs with harmless warnings decode, truncated data does not.
    const { data, info } = await sharp(path, { failOn: 'error', limitInputPixels: MAX_INPUT_PIXELS })
      .rotate()
      .resize(MAX_SIDE, MAX_SIDE, { fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3 || !info.width || !info.height) throw new Error(`unexpected ${info.channels} channels`);
    return { rgb: data, width: info.width, height: info.height };
  } catch (error) {
    throw new UnreadableImage(`cannot decode image: ${(error as Error).message}`, { cause: error });
  }
}

/** RGB pixels of `region`, resized to `size` × `size`; parts outside the image are black. */
export async function squareCrop(image: DecodedImage, region: SquareRegion, size: number): Promise<Buffer> {
  const left = Math.max(0, Math.round(region.left));
  const top = Math.max(0, Math.round(region.top));
  const right = Math.min(image.width, Math.round(region.left + region.side));
  const bottom = Math.min(image.height, Math.round(region.top + region.side));
  const scale = size / region.side;
  const width = Math.max(1, Math.min(size, Math.round((right - left) * scale)));
  const height = Math.max(1, Math.min(size, Math.round((bottom - top) * scale)));
  const padLeft = Math.min(size - width, Math.max(0, Math.round((left - region.left) * scale)));
  const padTop = Math.min(size - height, Math.max(0, Math.round((top - region.top) * scale)));
  return sharp(image.rgb, { raw: { width: image.width, height: image.height, channels: 3 } })
    .extract({ left, top, width: Math.max(1, right - left), height: Math.max(1, bottom - top) })
    .resize(width, height, { fit: 'fill' })
    .extend({
      left: padLeft,
      top: padTop,
      right: size - width - padLeft,
      bottom: size - height - padTop,
      background: { r: 0, g: 0, b: 0 },
    })
    .raw()
    .toBuffer();
}

/** A small made-up photo to run every model once on, so the first real image is not slower. */
export async function warmUpImage(): Promise<DecodedImage> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="480">
    <rect width="640" height="480" fill="#8a9bb0"/><circle cx="320" cy="200" r="90" fill="#e0b090"/>
    <text x="40" y="440" font-size="40" font-family="sans-serif">Warm up 123</text></svg>`;
  const { data, info } = await sharp(Buffer.from(svg)).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { rgb: data, width: info.width, height: info.height };
}

/** The image resized (not letterboxed) to exactly `width` × `height`, RGB. */
export function resizedImage(image: DecodedImage, width: number, height: number): Promise<Buffer> {
  return sharp(image.rgb, { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize(width, height, { fit: 'fill' })
    .raw()
    .toBuffer();
}

/** The image with an opaque alpha channel (RGBA), as the OCR line splitter expects. */
export function rgbaImage(image: DecodedImage): Promise<Buffer> {
  return sharp(image.rgb, { raw: { width: image.width, height: image.height, channels: 3 } })
    .ensureAlpha(1)
    .raw()
    .toBuffer();
}
