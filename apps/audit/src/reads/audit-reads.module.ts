import { Module } from '@nestjs/common';
import { AuditReadsHandler } from './audit-reads.handler';
import { AuditReadsRepository } from './audit-reads.repository';
import { AuditReadsService } from './audit-reads.service';

@Module({ providers: [AuditReadsHandler, AuditReadsService, AuditReadsRepository] })
export class AuditReadsModule {}
