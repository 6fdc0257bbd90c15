import { z } from 'zod';
import { defineEvent } from './contract';

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
