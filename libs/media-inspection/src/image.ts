import sharp, { type Metadata, type Sharp } from 'sharp';
import type { InspectedMedia, InspectionLimits } from './types';
import type { AcceptedType } from './sniff';
import { HEIC_NOT_SUPPORTED } from './sniff';
import { corruptMedia, imageTooLarge, unsupportedMediaType } from './refusals';

// 'error' rather than sharp's default 'warning': real cameras write JPEGs with harmless warnings
// (extraneous bytes before a marker), while truncated or garbled pixel data is still refused.
const FAIL_ON = 'error';

/** Reads an image's header, refuses decompression bombs before decoding, then proves it decodes. */
export async function inspectImage(
  path: string,
  type: AcceptedType,
  sizeBytes: number,
  limits: InspectionLimits,
): Promise<InspectedMedia> {
  const header = await readHeader(path);
  if (header.format !== type.sharpFormat) throw corruptMedia();
  if (header.format === 'heif' && header.compression !== 'av1') {
    throw unsupportedMediaType('image/heic', HEIC_NOT_SUPPORTED);
  }
  const { width, height } = header;
  if (!width || !height) throw corruptMedia();
  if (width * height > limits.maxImagePixels) throw imageTooLarge(width, height, limits.maxImagePixels);

  await proveDecodes(path, limits.maxImagePixels);
  const display = header.autoOrient ?? { width, height };
  return {
    kind: 'image',
    mimeType: type.mimeType,
    extension: type.extension,
    sizeBytes,
    width: display.width,
    height: display.height,
  };
}

/** sharp for an image that has passed inspection: same tolerance, and no more pixels than it declared. */
export function openInspectedImage(path: string, media: InspectedMedia): Sharp {
  return sharp(path, { failOn: FAIL_ON, limitInputPixels: (media.width ?? 0) * (media.height ?? 0) || 1 });
}

async function readHeader(path: string): Promise<Metadata> {
  try {
    // metadata() parses headers only, so sharp's own pixel limit is lifted here: a bomb must
    // reach the check below and be refused for its size, not reported as damaged.
    return await sharp(path, { limitInputPixels: false }).metadata();
  } catch {
    throw corruptMedia();
  }
}

async function proveDecodes(path: string, maxPixels: number): Promise<void> {
  try {
    // A small resize still reads every scanline (JPEG shrink-on-load still walks every block),
    // so truncated or garbled data fails here at a fraction of a full decode's cost.
    await sharp(path, { failOn: FAIL_ON, limitInputPixels: maxPixels, sequentialRead: true })
      .resize(64, 64, { fit: 'inside' })
      .raw()
      .toBuffer();
  } catch {
    throw corruptMedia();
  }
}
