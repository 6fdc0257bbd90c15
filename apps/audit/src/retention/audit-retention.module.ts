import { Module } from '@nestjs/common';
import { AuditRetentionTask } from './audit-retention.task';

@Module({ providers: [AuditRetentionTask] })
export class AuditRetentionModule {}
