import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { SUBSCRIPTION_TIERS } from '@ams/contracts';
import { preferencesSchema } from './preferences.dto';

const timestamp = z.iso.datetime({ offset: true });

export const meSchema = z.object({
  id: z.uuid(),
  email: z.email(),
  displayName: z.string().nullable(),
  avatarUrl: z.string().nullable(),
  createdAt: timestamp,
  /** May use the admin routes (audit log of every user, reindex). */
  isAdmin: z.boolean(),
  subscription: z.object({
    tier: z.enum(SUBSCRIPTION_TIERS),
    status: z.string(),
    startedAt: timestamp.nullable(),
    endsAt: timestamp.nullable(),
  }),
  usage: z.object({
    uploadsThisMonth: z.number().int(),
    searchesThisMonth: z.number().int(),
    storageUsedBytes: z.number().int(),
    periodStart: timestamp.nullable(),
    periodEnd: timestamp.nullable(),
  }),
  limits: z
    .object({
      uploadsPerMonth: z.number().int().nullable(),
      searchesPerMonth: z.number().int().nullable(),
      storageBytes: z.number().int().nullable(),
      fileSizeBytes: z.number().int(),
      videoDurationSeconds: z.number().int().nullable(),
      features: z.array(z.string()),
      aiFeatures: z.array(z.string()),
    })
    .describe('Limits of your plan; null means unlimited'),
  preferences: preferencesSchema,
});

export class MeDto extends createZodDto(meSchema) {}
