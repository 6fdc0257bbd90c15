import * as exifr from 'exifr';

/** What a photo's EXIF says about when, with what and where it was taken. */
export interface PhotoExif {
  /**
   * ISO 8601. With the offset when the camera recorded one (`2023-07-14T18:05:09+02:00`); else
   * the camera's wall-clock time without an offset (`2023-07-14T18:05:09`), as EXIF has no zone.
   */
  takenAt?: string;
  /** "Make Model", e.g. "Apple iPhone 13"; the make is not repeated when the model includes it. */
  camera?: string;
  gps?: { latitude: number; longitude: number };
  /** EXIF orientation 1..8. */
  orientation?: number;
}

const TAGS = [
  'Make',
  'Model',
  'Orientation',
  'DateTimeOriginal',
  'OffsetTimeOriginal',
  'CreateDate',
  'OffsetTimeDigitized',
  'DateTime',
  'ModifyDate',
  'OffsetTime',
  'GPSLatitude',
  'GPSLatitudeRef',
  'GPSLongitude',
  'GPSLongitudeRef',
];

type Tags = Record<string, unknown>;

/** EXIF of a photo; `{}` for files without EXIF, formats exifr does not read, or unreadable files. */
export async function readExif(path: string): Promise<PhotoExif> {
  let tags: Tags | undefined;
  try {
    // Raw values: revived dates would be read in the server's time zone.
    tags = (await exifr.parse(path, {
      pick: TAGS,
      tiff: true,
      exif: true,
      gps: true,
      ifd1: false,
      xmp: false,
      icc: false,
      iptc: false,
      jfif: false,
      ihdr: false,
      reviveValues: false,
      translateValues: false,
    })) as Tags | undefined;
  } catch {
    return {};
  }
  if (!tags) return {};
  const exif: PhotoExif = {};
  const takenAt =
    isoDate(tags.DateTimeOriginal, tags.OffsetTimeOriginal) ??
    isoDate(tags.CreateDate, tags.OffsetTimeDigitized) ??
    isoDate(tags.DateTime ?? tags.ModifyDate, tags.OffsetTime);
  if (takenAt) exif.takenAt = takenAt;
  const camera = cameraName(tags.Make, tags.Model);
  if (camera) exif.camera = camera;
  const gps = position(tags.latitude, tags.longitude);
  if (gps) exif.gps = gps;
  if (typeof tags.Orientation === 'number' && tags.Orientation >= 1 && tags.Orientation <= 8) {
    exif.orientation = tags.Orientation;
  }
  return exif;
}

/** EXIF "YYYY:MM:DD HH:MM:SS" (plus an optional "+HH:MM" offset tag) as ISO 8601. */
function isoDate(value: unknown, offset: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(value.trim());
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second] = match;
  const local = `${year}-${month}-${day}T${hour}:${minute}:${second}`;
  // Cameras without a clock write zeros ("0000:00:00 00:00:00"): not a date.
  if (Number.isNaN(Date.parse(`${local}Z`)) || Number(year) < 1800) return undefined;
  return typeof offset === 'string' && /^[+-]\d{2}:\d{2}$/.test(offset.trim()) ? `${local}${offset.trim()}` : local;
}

function cameraName(make: unknown, model: unknown): string | undefined {
  const cleanMake = typeof make === 'string' ? make.replace(/\0/g, '').trim() : '';
  const cleanModel = typeof model === 'string' ? model.replace(/\0/g, '').trim() : '';
  if (!cleanModel) return cleanMake || undefined;
  if (!cleanMake || cleanModel.toLowerCase().startsWith(cleanMake.toLowerCase())) return cleanModel;
  return `${cleanMake} ${cleanModel}`;
}

/** exifr's decimal degrees; (0, 0) is what cameras write when they had no fix. */
function position(latitude: unknown, longitude: unknown): PhotoExif['gps'] {
  if (typeof latitude !== 'number' || typeof longitude !== 'number') return undefined;
  if (!Number.isFinite(latitude) || !Number.isFinite(longitude)) return undefined;
  if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180 || (latitude === 0 && longitude === 0)) return undefined;
  return { latitude: round6(latitude), longitude: round6(longitude) };
}

function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
