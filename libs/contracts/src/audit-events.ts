import type { z } from 'zod';
import type { auditCategorySchema, auditRiskSchema } from './audit';

type Category = z.infer<typeof auditCategorySchema>;
export type AuditRisk = z.infer<typeof auditRiskSchema>;

interface AuditEventKind {
  category: Category;
  action: string;
  /** The default; an emitter may raise it (never lower it) for the case it sees. */
  risk: AuditRisk;
}

/**
 * Every kind of audit event, with its category and risk level. The risk rules:
 * - low: the user doing ordinary things with their own data (sign-in, upload, view, search).
 * - medium: things that cost money, destroy data or change who sees it, and refusals that are
 *   usually honest mistakes (quota, rate limit, an expired token, an unknown id).
 * - high: what an attacker does: a forged token, another tenant's id, an admin-only route
 *   without the right, a webhook with a bad signature; and admin actions over every tenant.
 * - critical: reserved for a breach in progress (e.g. a tenant seeing another's row); nothing
 *   emits it in normal operation.
 */
export const AUDIT_EVENTS = {
  'auth.signed_in': { category: 'auth', action: 'sign_in', risk: 'low' },
  'auth.sign_in_failed': { category: 'auth', action: 'sign_in', risk: 'medium' },
  'auth.user_provisioned': { category: 'auth', action: 'create', risk: 'low' },
  'media.uploaded': { category: 'upload', action: 'create', risk: 'low' },
  'media.viewed': { category: 'upload', action: 'view', risk: 'low' },
  'media.downloaded': { category: 'upload', action: 'download', risk: 'low' },
  'media.updated': { category: 'upload', action: 'update', risk: 'low' },
  'media.deleted': { category: 'upload', action: 'delete', risk: 'medium' },
  'media.reprocessed': { category: 'upload', action: 'reprocess', risk: 'low' },
  'search.performed': { category: 'search', action: 'search', risk: 'low' },
  'quota.exceeded': { category: 'billing', action: 'request_refused', risk: 'medium' },
  'rate_limit.exceeded': { category: 'security', action: 'request_refused', risk: 'medium' },
  'access.not_found': { category: 'security', action: 'request_refused', risk: 'medium' },
  'access.cross_tenant': { category: 'security', action: 'request_refused', risk: 'high' },
  'access.invalid_cursor': { category: 'security', action: 'request_refused', risk: 'medium' },
  'access.denied': { category: 'security', action: 'request_refused', risk: 'high' },
  'billing.subscription_changed': { category: 'billing', action: 'update', risk: 'medium' },
  'billing.cost_alert': { category: 'billing', action: 'cost_threshold_reached', risk: 'medium' },
  'billing.webhook_signature_failed': { category: 'security', action: 'webhook_rejected', risk: 'high' },
  'admin.audit_searched': { category: 'admin', action: 'view', risk: 'medium' },
  'admin.reindex_requested': { category: 'admin', action: 'reindex', risk: 'high' },
} as const satisfies Record<string, AuditEventKind>;

export type AuditEventType = keyof typeof AUDIT_EVENTS;

const RISK_ORDER: readonly AuditRisk[] = ['low', 'medium', 'high', 'critical'];

/** The event's risk: its default, or `raised` when that is higher. */
export function auditRisk(type: AuditEventType, raised?: AuditRisk): AuditRisk {
  const base = AUDIT_EVENTS[type].risk;
  return raised && RISK_ORDER.indexOf(raised) > RISK_ORDER.indexOf(base) ? raised : base;
}
