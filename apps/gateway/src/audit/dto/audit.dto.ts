import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { auditCategorySchema, auditPageSchema, auditRiskSchema, MAX_AUDIT_PAGE } from '@ams/contracts';

/** Query strings are strict: a misspelt parameter is refused with its name, never ignored. */
function strictQuery<T extends z.ZodRawShape>(shape: T) {
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `Unknown query parameter${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}`
        : undefined,
  });
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const dateOrDateTime = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);
const nextMidnight = (date: string) => new Date(Date.parse(`${date}T00:00:00.000Z`) + 24 * 60 * 60 * 1000);

const page = {
  limit: z.coerce.number().int().min(1).max(MAX_AUDIT_PAGE).default(50),
  cursor: z.string().max(200).optional().describe('nextCursor of the previous page'),
};

export class MyAuditQuery extends createZodDto(strictQuery(page)) {}

export class AdminAuditQuery extends createZodDto(
  strictQuery({
    userId: z.uuid().optional().describe('Entries about this user only'),
    category: auditCategorySchema.optional(),
    riskLevel: auditRiskSchema.optional(),
    eventType: z.string().min(1).max(50).optional().describe('Exactly this event type'),
    from: dateOrDateTime
      .transform((value) => new Date(DATE_ONLY.test(value) ? `${value}T00:00:00.000Z` : value).toISOString())
      .optional()
      .describe('On or after this date or moment (ISO 8601)'),
    to: dateOrDateTime
      .transform((value) => (DATE_ONLY.test(value) ? nextMidnight(value) : new Date(value)).toISOString())
      .optional()
      .describe('Before this moment (ISO 8601); a date alone includes that day'),
    ...page,
  }).refine((query) => !query.from || !query.to || Date.parse(query.from) < Date.parse(query.to), {
    message: '`from` must be before `to`',
    path: ['from'],
  }),
) {}

export class AuditPageDto extends createZodDto(auditPageSchema) {}
