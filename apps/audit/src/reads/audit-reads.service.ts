import { Injectable } from '@nestjs/common';
import { AUDIT_MY_EVENTS_V1, AUDIT_SEARCH_V1, type AuditEntry, type ReplyOf, type RequestOf } from '@ams/contracts';
import type { AuditLogEntry, AuditPosition } from '@ams/db';
import { decodeAuditCursor, encodeAuditCursor } from './audit-cursor';
import { AuditReadsRepository } from './audit-reads.repository';

type AuditPage = ReplyOf<typeof AUDIT_SEARCH_V1>;

/** Pages of the audit trail, newest first, with keyset cursors (no gaps or repeats as rows arrive). */
@Injectable()
export class AuditReadsService {
  constructor(private readonly repository: AuditReadsRepository) {}

  async myEvents({ userId, limit, cursor }: RequestOf<typeof AUDIT_MY_EVENTS_V1>): Promise<AuditPage> {
    const after = cursor === undefined ? undefined : decodeAuditCursor(cursor);
    return toPage(await this.repository.ownPage(userId, limit + 1, after), limit);
  }

  async search({ limit, cursor, from, to, ...filters }: RequestOf<typeof AUDIT_SEARCH_V1>): Promise<AuditPage> {
    const after = cursor === undefined ? undefined : decodeAuditCursor(cursor);
    const range = {
      from: from === undefined ? undefined : new Date(from),
      to: to === undefined ? undefined : new Date(to),
    };
    return toPage(await this.repository.adminPage({ ...filters, ...range }, limit + 1, after), limit);
  }
}

/** `rows` holds one more than a page when another page follows. */
function toPage(rows: AuditLogEntry[], limit: number): AuditPage {
  const items = rows.slice(0, limit);
  const last: AuditPosition | undefined = items.at(-1);
  return {
    items: items.map(toEntry),
    nextCursor: rows.length > limit && last ? encodeAuditCursor(last) : null,
  };
}

function toEntry(row: AuditLogEntry): AuditEntry {
  return { ...row, occurredAt: row.occurredAt.toISOString() } as AuditEntry;
}
