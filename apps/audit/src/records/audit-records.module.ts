import { Module } from '@nestjs/common';
import { AuditRecordsHandler } from './audit-records.handler';

@Module({ providers: [AuditRecordsHandler] })
export class AuditRecordsModule {}
