import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { customMetadataSchema, mediaTagsSchema } from '@ams/contracts';

export class CreateUploadBody extends createZodDto(
  z.object({
    filename: z.string().min(1).max(255),
    sizeBytes: z.number().int().positive().describe('Exact size of the file you will PUT'),
    contentType: z
      .string()
      .min(1)
      .max(100)
      .optional()
      .describe('Sent back as the PUT content-type; the type is still sniffed'),
  }),
) {}

export class UploadTicketDto extends createZodDto(
  z.object({
    uploadId: z.uuid(),
    uploadUrl: z.url(),
    method: z.literal('PUT'),
    headers: z.record(z.string(), z.string()),
    expiresAt: z.iso.datetime({ offset: true }),
  }),
) {}

export class CompleteUploadBody extends createZodDto(
  z
    .object({
      filename: z.string().min(1).max(255),
      tags: mediaTagsSchema.optional(),
      is_private: z.boolean().optional(),
      custom_metadata: customMetadataSchema.optional(),
    })
    .strict(),
) {}
