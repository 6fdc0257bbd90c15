import { Module } from '@nestjs/common';
import { AuditRecordBatcher } from './audit-record-batcher';
import { AuditRecordsHandler } from './audit-records.handler';

@Module({ providers: [AuditRecordsHandler, AuditRecordBatcher] })
export class AuditRecordsModule {}
