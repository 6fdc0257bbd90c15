import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { AUDIT_RECORD_V1, isUuid } from '@ams/contracts';
import { MessageBus } from '@ams/messaging';
import { AuditRecordBatcher } from './audit-record-batcher';

/** Every service's audit events, written to audit_logs once each (keyed by the event id). */
@Injectable()
export class AuditRecordsHandler implements OnApplicationBootstrap {
  constructor(
    private readonly bus: MessageBus,
    private readonly batcher: AuditRecordBatcher,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.bus.subscribe(AUDIT_RECORD_V1, { queue: 'audit.records' }, (record, { eventId }) =>
      this.batcher.write({
        ...record,
        sourceEventId: isUuid(eventId) ? eventId : null,
        occurredAt: new Date(record.occurredAt),
      }),
    );
  }
}
