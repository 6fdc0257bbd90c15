import { Injectable } from '@nestjs/common';
import { auditLogPage, Database, type AuditFilters, type AuditLogEntry, type AuditPosition } from '@ams/db';

/** The audit trail as readers see it: a user's own rows, or everyone's for administrators. */
@Injectable()
export class AuditReadsRepository {
  constructor(private readonly database: Database) {}

  /** Tenant path: RLS (`audit_logs_user_policy`) shows the user's rows only. */
  ownPage(userId: string, limit: number, after?: AuditPosition): Promise<AuditLogEntry[]> {
    return this.database.tenant(userId, (tx) => auditLogPage(tx, { userId }, limit, after));
  }

  /** Admin path (`admin_role`, `admin_audit_policy`): every row. */
  adminPage(filters: AuditFilters, limit: number, after?: AuditPosition): Promise<AuditLogEntry[]> {
    return this.database.admin((tx) => auditLogPage(tx, filters, limit, after));
  }
}
