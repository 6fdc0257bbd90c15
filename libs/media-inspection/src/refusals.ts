import { DomainError } from '@ams/contracts';

// Messages go to the client as they are: say what is wrong with the file, in the user's words.

export function fileEmpty(): DomainError {
  return new DomainError('FILE_EMPTY', 'The file is empty.');
}

export function unsupportedMediaType(detected: string | null, message?: string): DomainError {
  return new DomainError('UNSUPPORTED_MEDIA_TYPE', message ?? 'This file is not a photo or video format we accept.', {
    detected,
  });
}

export function corruptMedia(message = 'The file is damaged or is not what it claims to be.'): DomainError {
  return new DomainError('CORRUPT_MEDIA', message);
}

export function imageTooLarge(width: number, height: number, maxPixels: number): DomainError {
  return new DomainError(
    'IMAGE_TOO_LARGE',
    `The image is ${width}x${height} pixels, more than the ${maxPixels} pixels we accept.`,
    { width, height, maxPixels },
  );
}

export function videoTooLong(durationSeconds: number, maxSeconds: number): DomainError {
  return new DomainError(
    'VIDEO_TOO_LONG',
    `The video is ${Math.ceil(durationSeconds)} seconds long, more than the ${maxSeconds} seconds allowed.`,
    { durationSeconds, maxSeconds },
  );
}
