import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { AUDIT_RECORD_V1 } from '@ams/contracts';
import { appendAuditLog, Database } from '@ams/db';
import { MessageBus } from '@ams/messaging';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
          sourceEventId: UUID.test(eventId) ? eventId : null,
          occurredAt: new Date(record.occurredAt),
        }),
      );
    });
  }
}
