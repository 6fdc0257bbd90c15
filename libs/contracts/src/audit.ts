import { z } from 'zod';
import { defineEvent, defineRpc } from './contract';

const timestamp = z.iso.datetime({ offset: true });

export const auditCategorySchema = z.enum(['auth', 'upload', 'search', 'billing', 'admin', 'security']);
export const auditRiskSchema = z.enum(['low', 'medium', 'high', 'critical']);

/**
 * One entry of the audit trail, from any service; the audit service writes it to `audit_logs`
 * (idempotent by the message's event id). Never put secrets, tokens or raw payloads in it.
 */
export const AUDIT_RECORD_V1 = defineEvent(
  'audit.record.v1',
  z.object({
    eventType: z.string().min(1).max(50),
    category: auditCategorySchema,
    action: z.string().min(1).max(50),
    actorType: z.enum(['user', 'system', 'admin', 'service']),
    userId: z.uuid().nullable(),
    actorIdentifier: z.string().max(255).nullable().optional(),
    targetType: z.string().max(50).nullable().optional(),
    targetId: z.uuid().nullable().optional(),
    description: z.string().max(2000).nullable().optional(),
    ipAddress: z.string().nullable().optional(),
    userAgent: z.string().nullable().optional(),
    requestId: z.string().nullable().optional(),
    sessionId: z.string().max(255).nullable().optional(),
    oldValues: z.record(z.string(), z.unknown()).nullable().optional(),
    newValues: z.record(z.string(), z.unknown()).nullable().optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
    riskLevel: auditRiskSchema,
    occurredAt: timestamp,
  }),
);

/** Most entries one page of the audit trail returns. */
export const MAX_AUDIT_PAGE = 100;

const pageRequest = {
  limit: z.number().int().min(1).max(MAX_AUDIT_PAGE),
  /** `nextCursor` of the previous page (opaque; a bad one is INVALID_CURSOR). */
  cursor: z.string().max(200).optional(),
};

/** One audit entry as a reader sees it (the source event id stays internal). */
export const auditEntrySchema = z.object({
  id: z.uuid(),
  eventType: z.string(),
  category: auditCategorySchema,
  action: z.string(),
  actorType: z.enum(['user', 'system', 'admin', 'service']),
  actorIdentifier: z.string().nullable(),
  targetType: z.string().nullable(),
  targetId: z.uuid().nullable(),
  description: z.string().nullable(),
  ipAddress: z.string().nullable(),
  userAgent: z.string().nullable(),
  requestId: z.uuid().nullable(),
  sessionId: z.string().nullable(),
  oldValues: z.record(z.string(), z.unknown()).nullable(),
  newValues: z.record(z.string(), z.unknown()).nullable(),
  metadata: z.record(z.string(), z.unknown()).nullable(),
  riskLevel: auditRiskSchema.nullable(),
  occurredAt: timestamp,
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditPageSchema = z.object({ items: z.array(auditEntrySchema), nextCursor: z.string().nullable() });

/** The caller's own audit trail, newest first (their rows only: the tenant path). */
export const AUDIT_MY_EVENTS_V1 = defineRpc(
  'audit.my-events.v1',
  z.object({ userId: z.uuid(), ...pageRequest }),
  auditPageSchema,
);

/** Administrators: every audit entry, newest first, narrowed by any of the filters (`to` exclusive). */
export const AUDIT_SEARCH_V1 = defineRpc(
  'audit.search.v1',
  z.object({
    userId: z.uuid().optional(),
    category: auditCategorySchema.optional(),
    riskLevel: auditRiskSchema.optional(),
    eventType: z.string().min(1).max(50).optional(),
    from: timestamp.optional(),
    to: timestamp.optional(),
    ...pageRequest,
  }),
  auditPageSchema,
);
