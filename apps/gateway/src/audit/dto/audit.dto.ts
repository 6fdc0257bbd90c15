import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { auditCategorySchema, auditPageSchema, auditRiskSchema, MAX_AUDIT_PAGE } from '@ams/contracts';
import { fromMoment, strictQuery, toMoment } from '../../common/query-params';

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
    from: fromMoment.optional(),
    to: toMoment.optional(),
    ...page,
  }).refine((query) => !query.from || !query.to || Date.parse(query.from) < Date.parse(query.to), {
    message: '`from` must be before `to`',
    path: ['from'],
  }),
) {}

export class AuditPageDto extends createZodDto(auditPageSchema) {}
