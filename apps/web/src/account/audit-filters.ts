import type { AuditLogQuery } from '@ams/sdk';

export const CATEGORIES = ['auth', 'upload', 'search', 'billing', 'admin', 'security'] as const;
export const RISK_LEVELS = ['low', 'medium', 'high', 'critical'] as const;

/** The admin audit view's filters as the form holds them: '' means "any". */
export interface AuditFilters {
  userId: string;
  category: string;
  riskLevel: string;
  eventType: string;
  from: string;
  to: string;
}

export const NO_FILTERS: AuditFilters = { userId: '', category: '', riskLevel: '', eventType: '', from: '', to: '' };

/**
 * The filters live in the page's URL so reload and back/forward keep the view; prefixed
 * because they share the account page's address with nothing else but may one day.
 */
const PARAM: Record<keyof AuditFilters, string> = {
  userId: 'auditUser',
  category: 'auditCategory',
  riskLevel: 'auditRisk',
  eventType: 'auditEvent',
  from: 'auditFrom',
  to: 'auditTo',
};

export function filtersFromParams(params: URLSearchParams): AuditFilters {
  const read = (key: keyof AuditFilters) => params.get(PARAM[key])?.trim() ?? '';
  const oneOf = (value: string, allowed: readonly string[]) => (allowed.includes(value) ? value : '');
  return {
    userId: read('userId'),
    category: oneOf(read('category'), CATEGORIES),
    riskLevel: oneOf(read('riskLevel'), RISK_LEVELS),
    eventType: read('eventType'),
    from: read('from'),
    to: read('to'),
  };
}

/** The current params with these filters in place of the old ones (other params kept). */
export function withFilters(params: URLSearchParams, filters: AuditFilters): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const key of Object.keys(PARAM) as (keyof AuditFilters)[]) {
    const value = filters[key].trim();
    if (value) next.set(PARAM[key], value);
    else next.delete(PARAM[key]);
  }
  return next;
}

/** Only the filters that are set, typed for GET /v1/admin/audit-logs (dates as YYYY-MM-DD, which it accepts). */
export function toAuditQuery(filters: AuditFilters): AuditLogQuery {
  const query: AuditLogQuery = {};
  if (filters.userId) query.userId = filters.userId;
  if (filters.category) query.category = filters.category as AuditLogQuery['category'];
  if (filters.riskLevel) query.riskLevel = filters.riskLevel as AuditLogQuery['riskLevel'];
  if (filters.eventType) query.eventType = filters.eventType;
  if (filters.from) query.from = filters.from;
  if (filters.to) query.to = filters.to;
  return query;
}
