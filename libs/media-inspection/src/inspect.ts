import { stat } from 'node:fs/promises';
import type { InspectedMedia, InspectionLimits } from './types';
import { sniffMediaType } from './sniff';
import { inspectImage } from './image';
import { inspectBmp } from './bmp';
import { inspectVideo } from './video';
import { findSmuggledContent, hasZipDirectoryAtEnd } from './polyglot';
import { corruptMedia, fileEmpty } from './refusals';

const SMUGGLED_CONTENT =
  'The file carries hidden content besides the photo or video (an archive or web page code), so it was refused.';

/**
 * Decides from the bytes alone whether an uploaded file is an image or video we accept, and reads
 * what the library stores about it. Throws a DomainError the client can be shown otherwise.
 */
export async function inspectMedia(path: string, limits: InspectionLimits): Promise<InspectedMedia> {
  const { size } = await stat(path);
  if (size === 0) throw fileEmpty();
  const type = await sniffMediaType(path);

  if (type.kind === 'video') {
    // Only the end is checked: a markup scan over gigabytes of compressed video would refuse
    // innocent files by chance, and ffprobe must parse the container anyway.
    if (await hasZipDirectoryAtEnd(path)) throw corruptMedia(SMUGGLED_CONTENT);
    return inspectVideo(path, type, size, limits);
  }
  if (await findSmuggledContent(path)) throw corruptMedia(SMUGGLED_CONTENT);
  return type.demuxer ? inspectBmp(path, type, size, limits) : inspectImage(path, type, size, limits);
}
