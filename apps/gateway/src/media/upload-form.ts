import { z } from 'zod';
import { customMetadataSchema, DomainError, MAX_CUSTOM_METADATA_BYTES, mediaTagsSchema } from '@ams/contracts';

/** The optional fields sent beside the file. */
export interface UploadOptions {
  tags: string[];
  isPrivate: boolean;
  customMetadata: Record<string, unknown>;
}

const flag = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');

/** Parse the form fields of an upload: tags as a JSON array or comma list, custom_metadata as a JSON object. */
export function parseUploadOptions(fields: Record<string, string>): UploadOptions {
  const unknown = Object.keys(fields).filter((name) => !['tags', 'is_private', 'custom_metadata'].includes(name));
  if (unknown.length > 0)
    throw new DomainError('VALIDATION_FAILED', `Unknown form field: ${unknown.join(', ')}.`, {
      errors: unknown.map((field) => ({ field, message: 'unknown field' })),
    });
  return {
    tags: parse('tags', mediaTagsSchema, fields.tags === undefined ? [] : tagList(fields.tags)),
    isPrivate: parse('is_private', flag, fields.is_private ?? 'false'),
    customMetadata: parse('custom_metadata', customMetadataSchema, metadataObject(fields.custom_metadata)),
  };
}

function tagList(raw: string): unknown {
  if (!raw.trimStart().startsWith('[')) return raw.split(',').filter((tag) => tag.trim() !== '');
  return json('tags', raw);
}

function metadataObject(raw: string | undefined): unknown {
  if (raw === undefined || raw.trim() === '') return {};
  if (Buffer.byteLength(raw) > MAX_CUSTOM_METADATA_BYTES)
    throw new DomainError('PAYLOAD_TOO_LARGE', `custom_metadata must be at most ${MAX_CUSTOM_METADATA_BYTES} bytes.`);
  return json('custom_metadata', raw);
}

function json(field: string, raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    throw new DomainError('INVALID_JSON', `${field} is not valid JSON.`, {
      errors: [{ field, message: 'invalid JSON' }],
    });
  }
}

function parse<S extends z.ZodType>(field: string, schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new DomainError('VALIDATION_FAILED', `${field} is not valid.`, {
    errors: result.error.issues.map((issue) => ({
      field: [field, ...issue.path].join('.'),
      message: issue.message,
    })),
  });
}
