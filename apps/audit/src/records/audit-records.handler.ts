import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { AUDIT_RECORD_V1, isUuid } from '@ams/contracts';
import { appendAuditLog, Database } from '@ams/db';
import { MessageBus } from '@ams/messaging';

/** Every service's audit events, written to audit_logs once each (keyed by the event id). */
@Injectable()
export class AuditRecordsHandler implements OnApplicationBootstrap {
  constructor(
    private readonly bus: MessageBus,
    private readonly database: Database,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.bus.subscribe(AUDIT_RECORD_V1, { queue: 'audit.records' }, async (record, { eventId }) => {
      await this.database.service((tx) =>
        appendAuditLog(tx, {
          ...record,
          sourceEventId: isUuid(eventId) ? eventId : null,
          occurredAt: new Date(record.occurredAt),
        }),
      );
    });
  }
}
