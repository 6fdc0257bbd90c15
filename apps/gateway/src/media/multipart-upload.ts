import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { DomainError } from '@ams/contracts';
import { cleanFilename } from './upload-filename';

export interface ReceivedUpload {
  /** The file as received, in the staging directory. */
  path: string;
  sizeBytes: number;
  filename: string;
  fields: Record<string, string>;
}

const FIELD_LIMITS = { fields: 8, fieldSize: 64 * 1024, parts: 10, headerPairs: 100 };

/**
 * Stream the multipart body's one `file` part to disk, counting bytes against `maxFileBytes` as
 * they arrive (the body is never held in memory), and collect the other fields.
 */
export async function receiveUpload(
  request: FastifyRequest,
  stagingDir: string,
  maxFileBytes: number,
): Promise<ReceivedUpload> {
  if (!request.isMultipart())
    throw new DomainError('UNSUPPORTED_CONTENT_TYPE', 'Send the file as multipart/form-data in the field "file".');
  const fields: Record<string, string> = {};
  let received: Omit<ReceivedUpload, 'fields'> | undefined;
  const parts = request.parts({ limits: { ...FIELD_LIMITS, files: 1, fileSize: maxFileBytes } });
  for await (const part of parts) {
    if (part.type === 'file') {
      if (part.fieldname !== 'file' || received) {
        part.file.resume();
        throw new DomainError('VALIDATION_FAILED', 'Send exactly one file, in the field "file".');
      }
      received = await saveFile(part, stagingDir, maxFileBytes);
    } else {
      if (part.valueTruncated)
        throw new DomainError('PAYLOAD_TOO_LARGE', `The field "${part.fieldname}" is too large.`);
      fields[part.fieldname] = String(part.value);
    }
  }
  if (!received) throw new DomainError('FILE_MISSING', 'No file was sent; put it in the multipart field "file".');
  return { ...received, fields };
}

async function saveFile(part: MultipartFile, stagingDir: string, maxFileBytes: number) {
  const filename = cleanFilename(part.filename);
  const path = join(stagingDir, randomUUID());
  try {
    await pipeline(part.file, createWriteStream(path, { flags: 'wx' }));
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw fileTooLarge(maxFileBytes);
    throw error;
  }
  if (part.file.truncated) throw fileTooLarge(maxFileBytes);
  const sizeBytes = part.file.bytesRead;
  if (sizeBytes === 0) throw new DomainError('FILE_EMPTY', 'The file is empty.');
  return { path, sizeBytes, filename };
}

export function fileTooLarge(maxFileBytes: number): DomainError {
  return new DomainError('FILE_TOO_LARGE', 'The file is larger than your plan allows.', { maxBytes: maxFileBytes });
}
